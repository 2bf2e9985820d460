"""Canary secrets never reach logs (httpx/httpcore DEBUG included), errors, tracebacks, reprs or pickles.

The Pro API here is a real HTTP server on 127.0.0.1, so httpx and httpcore log as they would in use
(httpcore logs response headers at DEBUG, and this server puts the token in a Set-Cookie header).
"""

from __future__ import annotations

import json
import logging
import pickle
import threading
import traceback
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

import zpro_nb
from core.pro_fakes import canary_key, make_jwt
from zpro_nb._core.redaction import redact_text, redact_url
from zpro_nb.errors import AuthenticationError, NotFound, ZProError


class LoopbackPro:
    """A Pro API over real HTTP that echoes secrets back wherever a careless server might."""

    def __init__(self) -> None:
        self.key = canary_key()
        self.issued: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # keep stderr quiet
                pass

            def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(raw)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                if urlsplit(self.path).path == "/auth/login" and form.get("password") == owner.key:
                    token = make_jwt({"sub": "u-1", "n": len(owner.issued)})
                    owner.issued.append(token)
                    self._send(
                        200,
                        {"access_token": token, "token_type": "bearer", "expires_in": 3600},
                        {"Set-Cookie": f"zenml-token={token}; HttpOnly"},
                    )
                else:
                    self._send(401, {"detail": ["CredentialsNotValid", f"bad key {form.get('password')}"]})

            def do_GET(self) -> None:
                auth = self.headers.get("Authorization", "")
                token = auth.removeprefix("Bearer ")
                path = urlsplit(self.path).path
                if token not in owner.issued:
                    self._send(401, {"detail": ["CredentialsNotValid", f"token {token} is not valid"]})
                elif path == "/users/me":
                    self._send(200, {"id": "u-1", "username": "ada", "email": "ada@example.com"})
                else:
                    # A server that echoes the caller's credentials in an error: we must not repeat them.
                    self._send(
                        404,
                        {"detail": ["KeyError", f"nothing at {path} for {auth}"]},
                        {"X-Request-ID": "req-1", "Set-Cookie": f"echo={token}"},
                    )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def loopback_pro() -> Iterator[LoopbackPro]:
    server = LoopbackPro()
    yield server
    server.close()


def assert_clean(text: str, secrets: list[str]) -> None:
    for secret in secrets:
        assert secret not in text
        assert secret[-12:] not in text  # not even a recognisable tail


def test_canaries_stay_out_of_everything(
    loopback_pro: LoopbackPro, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ZENML_PRO_API_TOKEN", raising=False)
    monkeypatch.delenv("ZENML_PRO_API_KEY", raising=False)
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "zpro_nb"):
        caplog.set_level(logging.DEBUG, logger=name)

    surfaces: list[str] = []
    errors: list[BaseException] = []

    with zpro_nb.connect(api_key=loopback_pro.key, url=loopback_pro.url) as session:
        assert session.whoami().username == "ada"
        surfaces += [repr(session), session._repr_html_(), repr(session.aio), repr(session.aio.pro.auth)]
        surfaces += [repr(vars(session.aio.pro.auth))]

        with pytest.raises(NotFound) as not_found:
            zpro_nb.session.run_sync(session.aio.pro.get("/nothing", {"api_token": loopback_pro.issued[0]}))
        errors.append(not_found.value)
        assert not_found.value.request_id == "req-1"

        wrong_key, wrong_token = canary_key(), make_jwt({"sub": "stranger"})
        with pytest.raises(AuthenticationError) as bad_login:
            session.login(api_key=wrong_key)
        errors.append(bad_login.value)
        with pytest.raises(AuthenticationError) as bad_token:
            session.login(token=wrong_token)
        errors.append(bad_token.value)
        assert session.whoami().username == "ada"  # a refused login left the working key in place
    secrets = [loopback_pro.key, wrong_key, wrong_token, *loopback_pro.issued]
    assert len(loopback_pro.issued) >= 1

    for error in errors:
        surfaces.append(str(error))
        surfaces.append(repr(error))
        surfaces.append("".join(traceback.format_exception(error)))
        surfaces.append(repr(pickle.loads(pickle.dumps(error)).__dict__))
        assert isinstance(error, ZProError)
        assert error.__context__ is None or "httpx" not in type(error.__context__).__module__

    assert any(r.name.startswith("httpcore") for r in caplog.records)  # the DEBUG path really ran
    assert any(r.name == "httpx" for r in caplog.records)
    surfaces.append(caplog.text)
    surfaces += [r.getMessage() for r in caplog.records]
    assert_clean("\n".join(surfaces), secrets)


def test_pasted_and_argument_tokens_stay_out_of_reprs(monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx

    token = make_jwt({"sub": "u-1"})

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"id": "u-1", "username": "ada"})

    with zpro_nb.connect(
        token, url="https://pro.example.com", transport=httpx.MockTransport(handler)
    ) as session:
        for surface in (repr(session), str(session), session._repr_html_(), repr(session.aio.pro.auth)):
            assert token not in surface
        with pytest.raises(TypeError, match="cannot be pickled"):
            pickle.dumps(session)
        with pytest.raises(TypeError, match="cannot be pickled"):
            pickle.dumps(session.aio)


def test_redaction_of_free_text() -> None:
    key = canary_key()
    jwt = make_jwt({"sub": "x"})
    text = f"Authorization: Bearer abc.def-123 key={key} token {jwt} password=hunter2 'api_key': 'k-1'"
    cleaned = redact_text(text)
    for leaked in ("abc.def-123", key, jwt, "hunter2", "k-1"):
        assert leaked not in cleaned
    assert redact_url(f"https://h/x?name=a&token={jwt}&q={key}") == "https://h/x?name=a&token=****&q=****"
    assert redact_text("GET https://h/x?name=a&device_code=abc123&api_token=opaque1 200") == (
        "GET https://h/x?name=a&device_code=****&api_token=**** 200"
    )
