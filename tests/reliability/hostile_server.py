"""A server that misbehaves on purpose, in front of a real sandbox.

A raw ASGI app served on 127.0.0.1 (a free port, in a thread of the test process, by
fixtures_sandbox's ``serve_asgi``). Each request is matched against ``rules`` (method and a regular
expression over the path); the first rule that matches answers it its own way: a redirect, an HTML
page with 200, JSON cut short, a body trickled a byte at a time, a 429, pages that never end,
envelopes that lie. Anything no rule takes goes to the upstream sandbox app, called in-process with
the same scope (so the sandbox sees this server's host, and the workspace URLs it hands out lead
back here).

Rules are plain Python; ``hits`` counts what each one answered, ``hosts`` every Host header seen.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from fixtures_sandbox import serve_asgi

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]
#: how a rule answers: (scope, receive, send, upstream)
Responder = Callable[[Scope, Receive, Send, App], Awaitable[None]]


@dataclass
class Rule:
    """Answer requests whose path matches ``path`` (and method is in ``methods``) with ``respond``."""

    path: str
    respond: Responder
    methods: frozenset[str] | None = None
    #: answer only the first ``times`` matches, then let requests through
    times: int | None = None
    hits: int = 0

    def takes(self, scope: Scope) -> bool:
        if self.methods is not None and scope["method"] not in self.methods:
            return False
        if self.times is not None and self.hits >= self.times:
            return False
        return re.fullmatch(self.path, scope["path"]) is not None


@dataclass
class HostileServer:
    """The app, its rules, and the URL it is served at."""

    upstream: App
    rules: list[Rule] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    url: str = ""

    def rule(
        self, path: str, respond: Responder, *, methods: str | None = None, times: int | None = None
    ) -> Rule:
        """Add a rule (``methods``: e.g. ``"GET"`` or ``"POST,DELETE"``) and return it."""
        made = Rule(path, respond, frozenset(methods.split(",")) if methods else None, times)
        self.rules.append(made)
        return made

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        headers = dict(scope.get("headers") or [])
        self.hosts.append(headers.get(b"host", b"").decode("latin-1"))
        for rule in self.rules:
            if rule.takes(scope):
                rule.hits += 1
                await rule.respond(scope, receive, send, self.upstream)
                return
        await self.upstream(scope, receive, send)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])


@contextmanager
def serve(upstream: App) -> Iterator[HostileServer]:
    """Run a ``HostileServer`` in front of ``upstream`` for the ``with`` block."""
    hostile = HostileServer(upstream)
    with serve_asgi(hostile, "hostile-server") as url:
        hostile.url = url
        yield hostile


# --- answers -----------------------------------------------------------------------------------


def query(scope: Scope) -> dict[str, str]:
    """The query string as single values."""
    raw = scope.get("query_string", b"").decode("latin-1")
    return {k: v[0] for k, v in parse_qs(raw).items()}


async def _answer(send: Send, status: int, body: bytes, headers: list[tuple[str, str]] | None = None) -> None:
    pairs = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers or []]
    if not any(k.lower() == b"content-type" for k, _ in pairs):
        pairs.append((b"content-type", b"application/json"))
    pairs.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": pairs})
    await send({"type": "http.response.body", "body": body})


async def _drain(receive: Receive) -> None:
    """Read the request body, so the connection stays usable."""
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            return


async def _capture(upstream: App, scope: Scope, receive: Receive) -> tuple[int, list[Any], bytes]:
    """The upstream's answer as (status, headers, body)."""
    start: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def keep(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await upstream(scope, receive, keep)
    return start["status"], list(start.get("headers", [])), b"".join(chunks)


def redirect(status: int = 307, location: Callable[[Scope], str] | str | None = None) -> Responder:
    """Answer ``status`` with a ``Location`` (default: the same path and query, i.e. a loop)."""

    async def respond(scope: Scope, receive: Receive, send: Send, upstream: App) -> None:
        await _drain(receive)
        if callable(location):
            where = location(scope)
        elif location is not None:
            where = location
        else:
            qs = scope.get("query_string", b"").decode("latin-1")
            where = scope["path"] + (f"?{qs}" if qs else "")
        await _answer(send, status, b"", [("location", where), ("content-type", "text/plain")])

    return respond


def html_page(status: int = 200) -> Responder:
    """A login page, as a proxy or a portal in front of an API sends."""

    async def respond(scope: Scope, receive: Receive, send: Send, upstream: App) -> None:
        await _drain(receive)
        page = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body><form></form></body></html>"
        await _answer(send, status, page, [("content-type", "text/html; charset=utf-8")])

    return respond


def truncated(keep: float = 0.5) -> Responder:
    """The upstream's JSON answer cut to ``keep`` of its length (the length header matching the cut)."""

    async def respond(scope: Scope, receive: Receive, send: Send, upstream: App) -> None:
        status, _, body = await _capture(upstream, scope, receive)
        await _answer(send, status, body[: max(1, int(len(body) * keep))])

    return respond


def trickle(interval: float = 0.2, announce: int = 1_000_000, longest: float = 60.0) -> Responder:
    """200 announcing ``announce`` bytes, then one byte every ``interval`` s until the client leaves."""

    async def respond(scope: Scope, receive: Receive, send: Send, upstream: App) -> None:
        await _drain(receive)
        headers = [(b"content-type", b"application/json"), (b"content-length", str(announce).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        gone = asyncio.ensure_future(receive())  # completes with http.disconnect when the client leaves
        try:
            started = time.monotonic()
            while not gone.done() and time.monotonic() - started < longest:
                await send({"type": "http.response.body", "body": b"[", "more_body": True})
                await asyncio.sleep(interval)
        finally:
            gone.cancel()

    return respond


def status(code: int, headers: list[tuple[str, str]] | None = None, body: Any = None) -> Responder:
    """Always ``code`` (e.g. 429 with a ``Retry-After``), with a JSON body."""

    async def respond(scope: Scope, receive: Receive, send: Send, upstream: App) -> None:
        await _drain(receive)
        await _answer(
            send, code, json.dumps(body if body is not None else {"detail": "no"}).encode(), headers
        )

    return respond


def offset_pages(item: Callable[[int], dict[str, Any]]) -> Responder:
    """A Pro list whose every page is full: ``limit`` items ``item(offset + i)``, forever."""

    async def respond(scope: Scope, receive: Receive, send: Send, upstream: App) -> None:
        await _drain(receive)
        q = query(scope)
        offset, limit = int(q.get("offset", 0)), int(q.get("limit", 100))
        await _answer(send, 200, json.dumps([item(offset + i) for i in range(limit)]).encode())

    return respond


def envelopes(page: Callable[[int, int], dict[str, Any]]) -> Responder:
    """A workspace list whose envelopes are ``page(number, size)``: any lie the test writes."""

    async def respond(scope: Scope, receive: Receive, send: Send, upstream: App) -> None:
        await _drain(receive)
        q = query(scope)
        await _answer(send, 200, json.dumps(page(int(q.get("page", 1)), int(q.get("size", 50)))).encode())

    return respond


def reshaped(change: Callable[[Any], Any]) -> Responder:
    """The upstream's JSON answer passed through ``change`` (extra fields, missing fields)."""

    async def respond(scope: Scope, receive: Receive, send: Send, upstream: App) -> None:
        code, _, body = await _capture(upstream, scope, receive)
        await _answer(send, code, json.dumps(change(json.loads(body))).encode())

    return respond
