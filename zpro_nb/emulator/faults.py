"""Fault injection over the whole sandbox (Pro and workspace paths), all off by default.

Per request, in order: added latency (fixed + jitter), a per-token rate limit (429 + ``Retry-After``),
random throttling (429), random 500/502/503 answers, dropped connections, and lost responses
(the handler runs, then the answer is dropped: the change happened but the client never hears).

The dice come from their own RNG (``fault_seed``); while any fault is on, every faultable request
rolls the same six dice in the same order, so a given ``fault_seed`` replays the same faults.

Dropping a connection: over real HTTP (uvicorn's h11 protocol) we close the socket without a byte
of answer; clients see "server disconnected". In-process there is no socket, so we raise
:class:`DroppedConnection` (a ``ConnectionResetError``) out of the app, which
``httpx.ASGITransport`` re-raises to the caller.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import random
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from .clock import SandboxClock
from .contracts import SandboxConfig

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

RATE_FIELDS = ("error_rate", "throttle_rate", "drop_rate", "lost_response_rate")
SERVER_ERROR_DETAILS = {
    500: "An unexpected error occurred.",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


FAULT_KINDS = ("delayed", "rate_limited", "throttled", "server_error", "dropped", "lost_response")


class DroppedConnection(ConnectionResetError):
    """Raised in-process where a served sandbox would close the connection without an answer."""


@dataclass
class FaultSettings:
    """The live fault switches; ``PUT /_sandbox/faults`` changes them without a restart."""

    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    rate_limit: float | None = None
    error_rate: float = 0.0
    error_statuses: tuple[int, ...] = (500, 502, 503)
    throttle_rate: float = 0.0
    drop_rate: float = 0.0
    lost_response_rate: float = 0.0

    @classmethod
    def from_config(cls, config: SandboxConfig) -> FaultSettings:
        return cls(**{f.name: getattr(config, f.name) for f in fields(cls)})

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def update(self, changes: dict[str, Any]) -> None:
        """Apply ``changes`` after checking every value (``ValueError`` names the bad one)."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"Unknown fault fields: {', '.join(sorted(unknown))}.")
        for name, value in changes.items():
            if name == "error_statuses":
                check_error_statuses(value)
            elif name == "rate_limit":
                if value is not None and (not isinstance(value, int | float) or value <= 0):
                    raise ValueError("rate_limit must be a positive number of requests per second, or null.")
            elif not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name} must be a number >= 0.")
            elif name in RATE_FIELDS and value > 1:
                raise ValueError(f"{name} is a share of requests between 0 and 1.")
        for name, value in changes.items():
            if name == "error_statuses":
                self.error_statuses = tuple(int(v) for v in value)
            else:
                setattr(self, name, None if value is None else float(value))

    def any_active(self) -> bool:
        return bool(
            self.latency_ms or self.jitter_ms or self.rate_limit or any(getattr(self, f) for f in RATE_FIELDS)
        )


def check_error_statuses(value: Any) -> None:
    """``error_statuses`` is a non-empty list of server-error codes the sandbox knows how to answer."""
    if (
        not isinstance(value, list | tuple)
        or not value
        or any(isinstance(v, bool) or v not in SERVER_ERROR_DETAILS for v in value)
    ):
        known = ", ".join(str(code) for code in SERVER_ERROR_DETAILS)
        raise ValueError(f"error_statuses must be a non-empty list drawn from {known}.")


def skips_faults(path: str) -> bool:
    """Health checks, the API docs, the root page and the sandbox's own controls are never faulted."""
    return (
        path == "/"
        or path.endswith("/health")
        or path.endswith("/ready")
        or path.startswith(("/docs", "/redoc", "/_sandbox"))
        or path == "/openapi.json"
    )


class _TokenBuckets:
    """Per-credential token buckets on the sandbox clock (so tests can refill them by moving it)."""

    def __init__(self, clock: SandboxClock) -> None:
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}

    def take(self, key: str, rate: float) -> float | None:
        """Consume one token; ``None`` when allowed, else the seconds until one is available."""
        now = self.clock.now()
        capacity = max(1.0, rate)
        tokens, last = self.buckets.get(key, (capacity, now))
        tokens = min(capacity, tokens + max(0.0, now - last) * rate)
        if tokens >= 1.0:
            self.buckets[key] = (tokens - 1.0, now)
            return None
        self.buckets[key] = (tokens, now)
        return (1.0 - tokens) / rate


def _client_key(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            # Keyed by a digest: the credential itself is never kept.
            return hashlib.sha256(value).hexdigest()
    client = scope.get("client")
    return f"anonymous:{client[0] if client else '-'}"


async def _answer(send: Send, status: int, detail: str, retry_after: float | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if retry_after is not None:
        headers.append((b"retry-after", str(max(1, math.ceil(retry_after))).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def drop_connection(send: Send) -> None:
    """Close the client's connection without an answer (or raise in-process, where there is none)."""
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None or not hasattr(transport, "close"):
        raise DroppedConnection("The sandbox dropped the connection (fault injection).")
    transport.close()
    # uvicorn would otherwise try to send a 500 on the closed socket once we return.
    if cycle is not None and hasattr(cycle, "disconnected"):
        cycle.disconnected = True


class FaultInjector:
    """Wraps an ASGI app; the sandbox app calls it first, with uvicorn's own ``send``."""

    def __init__(
        self,
        settings: FaultSettings,
        clock: SandboxClock,
        seed: int,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self.rng = random.Random(seed)
        self.buckets = _TokenBuckets(clock)
        self.sleep = sleep
        #: faults injected so far, per kind (``GET /_sandbox/faults/injected``)
        self.injected: dict[str, int] = dict.fromkeys(FAULT_KINDS, 0)

    async def __call__(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or skips_faults(scope.get("path", "")) or not self.settings.any_active():
            await app(scope, receive, send)
            return
        s = self.settings
        jitter, throttle, error, error_kind, drop, lost = (self.rng.random() for _ in range(6))
        delay_ms = s.latency_ms + jitter * s.jitter_ms
        if delay_ms > 0:
            self.injected["delayed"] += 1
            await self.sleep(delay_ms / 1000.0)
        if s.rate_limit:
            wait = self.buckets.take(_client_key(scope), s.rate_limit)
            if wait is not None:
                self.injected["rate_limited"] += 1
                await _answer(send, 429, "Minute request limit exceeded.", retry_after=wait)
                return
        if throttle < s.throttle_rate:
            self.injected["throttled"] += 1
            await _answer(send, 429, "Minute request limit exceeded.", retry_after=1)
            return
        if error < s.error_rate:
            self.injected["server_error"] += 1
            status = s.error_statuses[int(error_kind * len(s.error_statuses))]
            detail = SERVER_ERROR_DETAILS[status]
            await _answer(send, status, detail, retry_after=1 if status == 503 else None)
            return
        if drop < s.drop_rate:
            self.injected["dropped"] += 1
            await drop_connection(send)
            return
        if lost < s.lost_response_rate:
            self.injected["lost_response"] += 1

            async def swallow(message: Message) -> None:
                return None

            await app(scope, receive, swallow)
            await drop_connection(send)
            return
        await app(scope, receive, send)
