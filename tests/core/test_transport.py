"""Base URLs, the plain-http guard, query encoding and response decoding."""

from __future__ import annotations

import asyncio
import enum
import uuid
from datetime import UTC, datetime

import httpx
import pytest

from core.pro_fakes import make_transport
from zpro_nb._core.clock import ManualClock
from zpro_nb._core.errors import UnexpectedResponse, ZProError
from zpro_nb._core.transport import check_base_url, encode_params, is_loopback_host

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "127.8.9.10", "[::1]", "localhost", "sandbox.localhost", "a.b.localhost", "LOCALHOST"],
)
def test_loopback_hosts(host: str) -> None:
    assert is_loopback_host(host)
    assert check_base_url(f"http://{host}:8080/") == f"http://{host}:8080"


@pytest.mark.parametrize("host", ["10.0.0.1", "example.com", "localhost.example.com", "128.0.0.1", "[::2]"])
def test_plain_http_elsewhere_is_refused(host: str) -> None:
    assert not is_loopback_host(host)
    with pytest.raises(ValueError, match="refusing plain http"):
        check_base_url(f"http://{host}/api/v1")
    assert check_base_url(f"http://{host}/api/v1", allow_insecure=True) == f"http://{host}/api/v1"
    assert check_base_url(f"https://{host}/api/v1/") == f"https://{host}/api/v1"


@pytest.mark.parametrize("url", ["cloudapi.zenml.io", "ftp://h", "https://", ""])
def test_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="URL"):
        check_base_url(url)


def test_transport_client_applies_the_guard(clock: ManualClock) -> None:
    transport = make_transport(lambda r: httpx.Response(200), clock)
    with pytest.raises(ValueError, match="allow_insecure"):
        transport.client("http://pro.example.com", None)
    assert (
        transport.client("http://pro.example.com", None, allow_insecure=True).base_url
        == "http://pro.example.com"
    )


class Color(enum.Enum):
    RED = "red"


def test_query_encoding() -> None:
    uid = uuid.UUID(int=5)
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert encode_params(
        {
            "a": None,
            "b": True,
            "c": False,
            "d": ["x", "y", None],
            "e": 3,
            "f": Color.RED,
            "g": uid,
            "h": when,
            "i": ("p",),
        }
    ) == [
        ("b", "true"),
        ("c", "false"),
        ("d", "x"),
        ("d", "y"),
        ("e", "3"),
        ("f", "red"),
        ("g", str(uid)),
        ("h", "2026-01-02T03:04:05+00:00"),
        ("i", "p"),
    ]
    assert encode_params(None) == []


@pytest.mark.parametrize(
    ("base", "path", "url"),
    [
        ("https://cloudapi.zenml.io", "/users/me", "https://cloudapi.zenml.io/users/me"),
        ("https://pro.example.com/api/v1", "/users/me", "https://pro.example.com/api/v1/users/me"),
        ("https://pro.example.com/api/v1/", "users/me", "https://pro.example.com/api/v1/users/me"),
        (
            "http://127.0.0.1:8000/ws/abc/api/v1",
            "/current-user",
            "http://127.0.0.1:8000/ws/abc/api/v1/current-user",
        ),
    ],
)
async def test_paths_hang_off_the_base_url(clock: ManualClock, base: str, path: str, url: str) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={})

    await make_transport(handler, clock).client(base, None).get(path, {"flag": True, "skip": None})
    assert seen == [url + "?flag=true"]


async def test_responses_are_decoded(clock: ManualClock) -> None:
    answers = {
        "/json": httpx.Response(200, json={"a": 1}),
        "/empty": httpx.Response(204),
        "/text": httpx.Response(200, text="OK", headers={"content-type": "text/plain"}),
        "/string": httpx.Response(200, json="eyJ-not-really"),
    }
    api = make_transport(lambda r: answers[r.url.path], clock).client("https://h", None)
    assert await api.get("/json") == {"a": 1}
    assert await api.delete("/empty") is None
    assert await api.get("/string") == "eyJ-not-really"
    # Every call here expects JSON: text in its place is not an answer, however short.
    with pytest.raises(UnexpectedResponse, match=r"200 GET https://h/text: .*not JSON \(text/plain"):
        await api.get("/text")


async def test_every_verb_sends_what_it_is_given(clock: ManualClock) -> None:
    seen: list[tuple[str, str, bytes]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.method, request.url.query.decode(), request.content))
        return httpx.Response(200, json={"ok": request.method})

    api = make_transport(handler, clock).client("https://h", None)
    assert await api.post("/p", params={"q": 1}, json={"a": 1}) == {"ok": "POST"}
    assert await api.post("/f", data={"k": "v"}) == {"ok": "POST"}
    assert await api.put("/u", json=[1]) == {"ok": "PUT"}
    assert await api.patch("/u", params={"x": False}, json={"b": None}) == {"ok": "PATCH"}
    assert await api.delete("/d", {"user_id": "u1"}) == {"ok": "DELETE"}
    assert seen == [
        ("POST", "q=1", b'{"a":1}'),
        ("POST", "", b"k=v"),
        ("PUT", "", b"[1]"),
        ("PATCH", "x=false", b'{"b":null}'),
        ("DELETE", "user_id=u1", b""),
    ]


async def test_a_closed_transport_refuses_requests(clock: ManualClock) -> None:
    transport = make_transport(lambda r: httpx.Response(200), clock)
    api = transport.client("https://h", None)
    await transport.aclose()
    await transport.aclose()  # twice is fine
    with pytest.raises(ZProError, match="closed"):
        await api.get("/x")


async def test_a_call_from_another_loop_hops_to_the_home_loop(clock: ManualClock) -> None:
    loops: list[asyncio.AbstractEventLoop] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        loops.append(asyncio.get_running_loop())
        return httpx.Response(200, json={})

    transport = make_transport(handler, clock)
    api = transport.client("https://h", None)
    await api.get("/first")  # binds the transport to this test's loop
    home = asyncio.get_running_loop()

    def elsewhere() -> None:
        asyncio.run(api.get("/second"))  # another thread, another loop

    await asyncio.to_thread(elsewhere)
    assert loops == [home, home]


def test_a_transport_outlives_the_loop_it_started_on(clock: ManualClock) -> None:
    transport = make_transport(lambda r: httpx.Response(200, json={"path": r.url.path}), clock)
    api = transport.client("https://h", None)
    first = asyncio.new_event_loop()
    try:
        assert first.run_until_complete(api.get("/a")) == {"path": "/a"}
        # The first loop is idle but open: a call from a new loop must not wait for it.
        assert asyncio.run(asyncio.wait_for(api.get("/b"), timeout=30)) == {"path": "/b"}
    finally:
        first.close()
    assert asyncio.run(api.get("/c")) == {"path": "/c"}
