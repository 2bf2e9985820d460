"""Access tokens (HS256 JWTs) and ``ZENPROKEY_`` API keys, from the standard library only.

The sandbox signs its tokens with a secret drawn fresh for each app, so a token from one sandbox
never opens another. Keys are kept only as SHA-256 digests, like a real service would.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
from typing import Any

API_KEY_PREFIX = "ZENPROKEY_"
ISSUER = "zpro-sandbox"


class InvalidToken(Exception):
    """The token is malformed, badly signed or expired (the message says which, never the token)."""


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode_jwt(claims: dict[str, Any], secret: bytes) -> str:
    """Sign ``claims`` as a compact HS256 JWT."""
    header = _b64encode(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64encode(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode())
    signing_input = f"{header}.{payload}".encode("ascii")
    signature = hmac.new(secret, signing_input, hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64encode(signature)}"


def decode_jwt(token: str, secret: bytes, now: float) -> dict[str, Any]:
    """Verify signature, algorithm and expiry of ``token`` and return its claims.

    Raises :class:`InvalidToken` when anything is wrong.
    """
    parts = token.split(".")
    if len(parts) != 3:
        raise InvalidToken("malformed token")
    header_b64, payload_b64, signature_b64 = parts
    try:
        header = json.loads(_b64decode(header_b64))
        signature = _b64decode(signature_b64)
        expected = hmac.new(secret, f"{header_b64}.{payload_b64}".encode("ascii"), hashlib.sha256).digest()
        if not isinstance(header, dict) or header.get("alg") != "HS256":
            raise InvalidToken("unsupported token algorithm")
        if not hmac.compare_digest(signature, expected):
            raise InvalidToken("invalid token signature")
        claims = json.loads(_b64decode(payload_b64))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidToken("malformed token") from exc
    if not isinstance(claims, dict):
        raise InvalidToken("malformed token")
    exp = claims.get("exp")
    if not isinstance(exp, int | float) or now >= exp:
        raise InvalidToken("token has expired")
    return claims


def looks_like_jwt(credential: str) -> bool:
    """A cheap shape check used to tell tokens from API keys."""
    return credential.count(".") == 2 and not credential.startswith(API_KEY_PREFIX)


def new_api_key(rng: random.Random) -> str:
    """A ``ZENPROKEY_`` key drawn from ``rng`` (so the same seed gives the same demo keys)."""
    return API_KEY_PREFIX + _b64encode(rng.randbytes(36))


def key_digest(key: str) -> str:
    """The stored form of an API key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
