"""Test doubles for the request core: run-time canary secrets, a fake Pro API, a transport factory.

Shared by tests/core and tests/session (imported as ``core.pro_fakes``).
"""

from __future__ import annotations

import base64
import json
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx

from zpro_nb._core.bounds import ReadBounds
from zpro_nb._core.clock import ManualClock
from zpro_nb._core.limits import Limits
from zpro_nb._core.retry import RetryPolicy
from zpro_nb._core.transport import Transport


def make_jwt(claims: dict[str, Any]) -> str:
    """An unsigned JWT-shaped string built at run time (never a committed literal)."""

    def part(obj: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.{secrets.token_urlsafe(16)}"


def canary_key() -> str:
    return "ZENPROKEY_" + secrets.token_urlsafe(32)


def canary_token(exp: float | None = None) -> str:
    claims: dict[str, Any] = {"sub": "canary-" + secrets.token_hex(8)}
    if exp is not None:
        claims["exp"] = int(exp)
    return make_jwt(claims)


@dataclass
class FakePro:
    """A tiny Pro API: ``/auth/login`` exchanges keys, ``/users/me`` needs a valid token."""

    clock: ManualClock
    keys: set[str] = field(default_factory=set)
    valid_tokens: set[str] = field(default_factory=set)
    issued: list[str] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    lifetime: int | None = 3600
    user: dict[str, Any] = field(
        default_factory=lambda: {"id": "u-1", "username": "ada", "email": "ada@example.com"}
    )
    routes: dict[tuple[str, str], Callable[[httpx.Request], httpx.Response]] = field(default_factory=dict)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        route = self.routes.get((request.method, request.url.path))
        if route is not None:
            return route(request)
        if request.url.path.endswith("/auth/login") and request.method == "POST":
            key = dict(parse_qsl(request.content.decode())).get("password", "")
            if key not in self.keys:
                return httpx.Response(401, json={"detail": ["CredentialsNotValid", "invalid API key"]})
            token = make_jwt({"sub": "u-1", "n": len(self.issued)})
            self.issued.append(token)
            self.valid_tokens.add(token)
            return httpx.Response(
                200, json={"access_token": token, "token_type": "bearer", "expires_in": self.lifetime}
            )
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.valid_tokens:
            return httpx.Response(
                401, json={"detail": ["CredentialsNotValid", "Authentication error: bad token"]}
            )
        if request.url.path.endswith("/users/me"):
            return httpx.Response(200, json=self.user)
        return httpx.Response(200, json={"path": request.url.path})

    def revoke_all(self) -> None:
        self.valid_tokens.clear()


def make_transport(
    handler: Callable[[httpx.Request], Any],
    clock: ManualClock,
    *,
    max_concurrency: int = 16,
    rate_limit: float | None = None,
    bounds: ReadBounds | None = None,
    **retry: Any,
) -> Transport:
    policy = RetryPolicy(**retry)
    policy.rng.seed(1)
    return Transport(
        limits=Limits(max_concurrency, rate_limit, clock=clock),
        retry=policy,
        transport=httpx.MockTransport(handler),
        clock=clock,
        bounds=bounds,
    )


# Every canary these tests build is a ZENPROKEY_ key or a JWT (ZENKEY_ keys too): these shapes must
# never appear, unmasked, in anything logged.
_SECRET_SHAPES = re.compile(r"ZEN(?:PRO)?KEY_[A-Za-z0-9]|eyJ[A-Za-z0-9_-]+\.eyJ")


def assert_no_secret_in_logs(records: list[logging.LogRecord]) -> None:
    """Fail if any captured log record shows something shaped like a key or a token."""
    for record in records:
        message = record.getMessage()
        assert not _SECRET_SHAPES.search(message), f"secret-shaped text logged by {record.name}"
