"""Base URLs (the plain-http guard: loopback only unless allowed) and query parameters as the
servers read them."""

from __future__ import annotations

import datetime as dt
import enum
import ipaddress
import uuid
from collections.abc import Mapping
from typing import Any

import httpx

from .errors import InvalidArgument
from .redaction import redact_url

__all__ = ["USER_AGENT", "check_base_url", "encode_params", "is_loopback_host"]

USER_AGENT = "zpro_nb/0.1"


def is_loopback_host(host: str) -> bool:
    """127.0.0.0/8, ::1, ``localhost`` and ``*.localhost`` (RFC 6761 keeps those on this machine)."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str, *, allow_insecure: bool = False) -> str:
    """The URL without a trailing slash; refuses plain ``http://`` to anything but loopback.

    Raises ``InvalidArgument`` (a ``ValueError``) for a URL without scheme or host, or an insecure
    one not allowed.
    """
    url = url.strip().rstrip("/")
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise InvalidArgument(f"not a valid URL: {redact_url(url)!r} ({exc})") from None
    if parsed.scheme not in {"http", "https"} or not parsed.host:
        raise InvalidArgument(f"expected an http(s):// URL with a host, got {redact_url(url)!r}")
    if parsed.scheme == "http" and not allow_insecure and not is_loopback_host(parsed.host):
        raise InvalidArgument(
            f"refusing plain http:// to {parsed.host}: the token would travel unencrypted. "
            "Use https://, or pass allow_insecure=True if you really mean it."
        )
    return url


def _param_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return _param_value(value.value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def encode_params(params: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """Query pairs: ``None`` dropped, bools as ``true``/``false``, lists and tuples repeated."""
    pairs: list[tuple[str, str]] = []
    for key, value in (params or {}).items():
        if value is None:
            continue
        if isinstance(value, list | tuple | set | frozenset):
            pairs.extend((key, _param_value(v)) for v in value if v is not None)
        else:
            pairs.append((key, _param_value(value)))
    return pairs
