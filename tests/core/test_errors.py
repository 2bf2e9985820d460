"""Error bodies of every documented shape become the right exception with a clean message."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zpro_nb._core.errors import (
    AuthenticationError,
    Conflict,
    ConnectionFailed,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    ValidationFailed,
    ZProError,
    error_for_status,
    error_from_response,
    parse_error_body,
)

LEAKY_422 = [
    "ValueError",
    "2 validation errors:\n  {'type': 'missing', 'loc': ('body', 'name'), 'msg': 'Field required'}\n\n"
    '  File "/srv/venv/lib/python3.11/site-packages/zenml/zen_server/utils.py", line 139, in create_user\n'
    "    POST /api/v1/users",
]

BODIES: list[tuple[str, Any, str, str | None, str]] = [
    # (case, body, content type, expected name, expected message fragment)
    ("detail string", {"detail": "Not authenticated"}, "application/json", None, "Not authenticated"),
    (
        "detail [name, msg]",
        {"detail": ["EntityExistsError", "Found an existing user account with this name."]},
        "application/json",
        "EntityExistsError",
        "Found an existing user account",
    ),
    (
        "detail [name, msg, more]",
        {"detail": ["ValueError", "bad value", "extra"]},
        "application/json",
        "ValueError",
        "bad value: extra",
    ),
    (
        "bare list",
        ["KeyError", "No user 'x' was found"],
        "application/json",
        "KeyError",
        "No user 'x' was found",
    ),
    (
        "fastapi validation",
        {"detail": [{"loc": ["body", "name"], "msg": "Field required", "type": "missing"}]},
        "application/json",
        "RequestValidationError",
        "name (body): Field required",
    ),
    (
        "fastapi validation, two fields",
        {
            "detail": [
                {"loc": ["query", "limit"], "msg": "must be <= 100", "type": "less_than_equal"},
                {"loc": ["path", "id"], "msg": "not a uuid", "type": "uuid"},
            ]
        },
        "application/json",
        "RequestValidationError",
        "limit (query): must be <= 100; id (path): not a uuid",
    ),
    (
        "oauth",
        {"error": "authorization_pending", "error_description": "waiting for the user", "error_uri": None},
        "application/json",
        "authorization_pending",
        "waiting for the user",
    ),
    ("oauth without description", {"error": "slow_down"}, "application/json", "slow_down", "slow_down"),
    (
        "html page",
        "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>nginx</body></html>",
        "text/html",
        None,
        "502 Bad Gateway",
    ),
    (
        "html without title",
        "<html><body><p>Service &amp; more</p></body></html>",
        "text/html",
        None,
        "Service & more",
    ),
    ("plain text", "upstream connect error", "text/plain", None, "upstream connect error"),
    ("empty", "", "", None, "Service Unavailable"),
    ("json null", "null", "application/json", None, "Service Unavailable"),
    ("json number", "42", "application/json", None, "42"),
    ("detail object", {"detail": {"message": "nested"}}, "application/json", None, "nested"),
    (
        "message object",
        {"message": "plain message", "code": "E42"},
        "application/json",
        "E42",
        "plain message",
    ),
    ("broken json", '{"detail": ["ValueError", ', "application/json", None, '{"detail"'),
    ("bytes that are not utf-8", b"\xff\xfe\x00garbage", "application/octet-stream", None, "garbage"),
]


@pytest.mark.parametrize(("case", "body", "ctype", "name", "fragment"), BODIES, ids=[b[0] for b in BODIES])
def test_every_body_shape_is_understood(
    case: str, body: Any, ctype: str, name: str | None, fragment: str
) -> None:
    if isinstance(body, bytes):
        raw = body
    elif isinstance(body, str):
        raw = body.encode()
    else:
        raw = json.dumps(body).encode()
    got_name, message = parse_error_body(raw, ctype, "Service Unavailable")
    assert got_name == name
    assert fragment in message


def test_server_paths_and_tracebacks_are_stripped() -> None:
    name, message = parse_error_body(json.dumps(LEAKY_422).encode(), "application/json")
    assert name == "ValueError"
    assert "2 validation errors" in message
    assert "site-packages" not in message
    assert "/srv/venv" not in message
    assert "line 139" not in message

    traceback_text = (
        'boom\nTraceback (most recent call last):\n  File "/app/main.py", line 3, in <module>\n    x()\n'
        "RuntimeError: boom"
    )
    _, message = parse_error_body(json.dumps({"detail": ["RuntimeError", traceback_text]}).encode())
    assert message == "boom"


def test_messages_are_trimmed() -> None:
    _, message = parse_error_body(json.dumps({"detail": "x" * 5000}).encode())
    assert len(message) <= 600


@given(st.binary(max_size=300), st.text(max_size=30))
def test_parser_never_raises_on_bytes(raw: bytes, ctype: str) -> None:
    name, message = parse_error_body(raw, ctype, "reason")
    assert name is None or isinstance(name, str)
    assert isinstance(message, str)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@given(json_values)
def test_parser_never_raises_on_json(value: Any) -> None:
    for wrapped in (value, {"detail": value}, {"error": value}, [value, value]):
        _, message = parse_error_body(json.dumps(wrapped).encode(), "application/json", "r")
        assert isinstance(message, str)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, ValidationFailed),
        (401, AuthenticationError),
        (403, PermissionDenied),
        (404, NotFound),
        (409, Conflict),
        (422, ValidationFailed),
        (429, RateLimited),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (402, ZProError),
        (405, ZProError),
    ],
)
def test_status_picks_the_class(status: int, cls: type[ZProError]) -> None:
    assert error_for_status(status) is cls
    error = error_from_response(
        status=status,
        method="GET",
        url="https://h/x",
        headers={"content-type": "application/json", "x-request-id": "req-7"},
        content=b'{"detail": ["SomeError", "msg"]}',
    )
    assert type(error) is cls
    assert isinstance(error, ZProError)
    assert (error.status, error.method, error.exception_name, error.message, error.request_id) == (
        status,
        "GET",
        "SomeError",
        "msg",
        "req-7",
    )
    assert "req-7" in str(error)
    assert str(status) in str(error)


def test_transport_error_is_a_zpro_error_without_status() -> None:
    error = ConnectionFailed("no response", method="GET", url="https://h/x")
    assert isinstance(error, ZProError)
    assert error.status is None


def test_url_query_secrets_are_stripped() -> None:
    error = error_from_response(
        status=404,
        method="GET",
        url="https://user:pw@h/x?api_token=abc123&name=alice&password=hunter2&code=1234",
        headers={},
        content=b"",
        reason="Not Found",
    )
    assert error.url is not None
    for leaked in ("abc123", "hunter2", "pw@"):
        assert leaked not in error.url
    assert "name=alice" in error.url
    assert "1234" not in str(error)


def test_errors_pickle_with_their_fields() -> None:
    error = error_from_response(
        status=409,
        method="POST",
        url="https://h/teams",
        headers={"x-request-id": "r1"},
        content=b'{"detail": ["EntityExistsError", "exists"]}',
        attempts=2,
    )
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is Conflict
    assert (copy.status, copy.url, copy.exception_name, copy.message, copy.request_id, copy.attempts) == (
        409,
        "https://h/teams",
        "EntityExistsError",
        "exists",
        "r1",
        2,
    )
    assert str(copy) == str(error)
