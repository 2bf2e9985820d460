"""Workspace access tokens (HS256 JWTs, stdlib only) and ``ZENKEY_`` service-account keys.

The formats follow the real server: a JWT with ``sub`` = account id and ``iss`` = ``aud`` = server
id (plus ``api_key_id``/``key_gen`` for key logins), and ``ZENKEY_`` + base64 of
``{"id": "<key id>", "key": "<hex>"}``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from typing import Any

ZENKEY_PREFIX = "ZENKEY_"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode_jwt(claims: dict[str, Any], secret: bytes) -> str:
    """Sign ``claims`` as an HS256 JWT."""
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode("ascii")
    signature = _b64url(hmac.new(secret, signing_input, hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"


class TokenError(ValueError):
    """Why a token was refused; the message mirrors the real server's wording."""


def decode_jwt(
    token: str, secret: bytes, audience: str, now: float, leeway_s: float = 10.0
) -> dict[str, Any]:
    """Verify an HS256 JWT and return its claims; raises :class:`TokenError`."""
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenError("Invalid JWT token: Not enough segments.")
    header, payload, signature = parts
    expected = _b64url(hmac.new(secret, f"{header}.{payload}".encode("ascii"), hashlib.sha256).digest())
    if not hmac.compare_digest(expected, signature):
        raise TokenError("Invalid JWT token: Signature verification failed.")
    try:
        claims: dict[str, Any] = json.loads(_b64url_decode(payload))
    except (ValueError, binascii.Error) as exc:
        raise TokenError("Invalid JWT token: Invalid payload string.") from exc
    if claims.get("aud") != audience:
        raise TokenError("Invalid JWT token: Audience doesn't match.")
    expires = claims.get("exp")
    if isinstance(expires, int | float) and now > expires + leeway_s:
        raise TokenError("Invalid JWT token: Signature has expired.")
    return claims


def new_key_secret() -> str:
    """The secret half of an API key (64 hex chars, like the real server)."""
    return secrets.token_hex(32)


def encode_api_key(key_id: str, secret: str) -> str:
    """The ``ZENKEY_`` string handed out once on create and rotate."""
    raw = json.dumps({"id": key_id, "key": secret}, separators=(",", ":")).encode()
    return ZENKEY_PREFIX + base64.b64encode(raw).decode("ascii")


def decode_api_key(value: str) -> tuple[str, str]:
    """``(key_id, secret)`` from a ``ZENKEY_`` string; raises :class:`TokenError`."""
    if not value.startswith(ZENKEY_PREFIX):
        raise TokenError("error decoding API key")
    try:
        data = json.loads(base64.b64decode(value[len(ZENKEY_PREFIX) :], validate=True))
        return str(data["id"]), str(data["key"])
    except (ValueError, binascii.Error, KeyError, TypeError) as exc:
        raise TokenError("error decoding API key") from exc
