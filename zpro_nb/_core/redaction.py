"""Keeping secrets out of reprs, logs, URLs and messages.

``Secret`` wraps a token or key so it cannot leak by accident (repr, str, f-strings, pickle).
``redact_text`` scrubs anything that looks like a bearer value, a ZenML key or a JWT, plus every
live ``Secret``'s exact value. ``install_log_redaction`` puts that scrubber on the loggers of
httpx, httpcore and zpro_nb: httpcore logs response headers (``Set-Cookie`` carries tokens) at
DEBUG, and a logger's filter does not apply to its children, so each child is named.
"""

from __future__ import annotations

import logging
import re
import weakref
from typing import NoReturn
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "****"

_live_secrets: weakref.WeakSet[Secret] = weakref.WeakSet()


class Secret:
    """A secret string that shows only its last four characters and refuses to be pickled."""

    __slots__ = ("__weakref__", "_value")

    def __init__(self, value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("a secret must be a non-empty string")
        self._value = value.strip()
        _live_secrets.add(self)

    def reveal(self) -> str:
        """The secret itself. Call it only where the value goes on the wire."""
        return self._value

    @property
    def hint(self) -> str:
        """``****abcd``: enough to tell two secrets apart, never enough to use one."""
        tail = self._value[-4:] if len(self._value) >= 16 else ""
        return f"{MASK}{tail}"

    def __repr__(self) -> str:
        return f"Secret('{self.hint}')"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled: credentials never leave the process")

    def __getstate__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled: credentials never leave the process")


# Shapes of secrets we may see without knowing them: bearer values, ZenML keys, JWTs.
_PATTERNS = [
    re.compile(r"(?i)(bearer\s+)[^\s,;'\"]+"),
    re.compile(r"ZEN(?:PRO)?KEY_[A-Za-z0-9+/=_\-.]+"),
    re.compile(r"eyJ[A-Za-z0-9_\-]+\.eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*"),
    # A value is what follows the "="; our own advice ("pass api_key=, token= or password=...")
    # has none, so nothing that starts with punctuation or "..." counts as one.
    re.compile(
        r"(?i)((?:password|client_secret|access_token|refresh_token|api_key)=)(?!\.\.\.|[,;:/)\]])[^&\s'\"]+"
    ),
    # query parameters whose name says secret, inside a logged URL
    re.compile(r"(?i)([?&][\w.-]*(?:token|key|secret|password|passwd|code)[\w.-]*=)[^&\s'\"]+"),
    re.compile(
        r"(?i)((?:\"|')(?:password|client_secret|access_token|refresh_token|api_key)(?:\"|')\s*:\s*(?:\"|'))[^\"']+"
    ),
]

_SECRET_PARAM = re.compile(
    r"(?i)(token|key|secret|password|passwd|pwd|auth|credential|signature|sig|code|session)"
)


def _looks_secret(value: str) -> bool:
    return any(p.fullmatch(value) or p.search(value) for p in _PATTERNS[1:3])


def redact_text(text: str) -> str:
    """``text`` with every known secret and anything shaped like one replaced by ``****``."""
    if not text:
        return text
    for secret in list(_live_secrets):
        value = secret.reveal()
        if value in text:
            text = text.replace(value, MASK)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + MASK, text)
    return text


def redact_url(url: str) -> str:
    """The URL without user info, and with query values that look secret (by name or shape) masked."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc.rsplit("@", 1)[-1]
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            query = urlencode(
                [(k, MASK if _SECRET_PARAM.search(k) or _looks_secret(v) else v) for k, v in pairs],
                safe="*",
            )
        return redact_text(urlunsplit((parts.scheme, netloc, parts.path, query, "")))
    except ValueError:  # a malformed URL must not break error reporting (tests/core/test_guards.py)
        return redact_text(url)


class RedactingFilter(logging.Filter):
    """Rewrites a record's message with secrets masked (the record is formatted once, here)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):  # bad %-arguments: keep the record (test_guards.py)
            return True
        cleaned = redact_text(message)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        return True


_LOGGER_NAMES = (
    "zpro_nb",
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)
_FILTER = RedactingFilter()


def install_log_redaction() -> None:
    """Put the redacting filter on the httpx, httpcore and zpro_nb loggers (idempotent)."""
    for name in _LOGGER_NAMES:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
