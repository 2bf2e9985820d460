"""One exception hierarchy for both APIs, and a parser for every error body they send.

Exceptions keep plain strings only (status, method, redacted URL, server exception name, message,
request id): never an httpx Request or Response, whose headers carry the bearer token.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .error_bodies import parse_error_body
from .redaction import redact_text, redact_url

__all__ = [
    "AuthenticationError",
    "Conflict",
    "ConnectionFailed",
    "InconsistentList",
    "InvalidArgument",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
    "ServerError",
    "TokenExpiryWarning",
    "UnexpectedResponse",
    "ValidationFailed",
    "ZProError",
    "error_for_status",
    "parse_error_body",
    "with_note",
]


class ZProError(Exception):
    """Base of every zpro_nb error.

    Attributes: ``status`` (HTTP status, ``None`` when there was no response), ``method``, ``url``
    (secrets stripped), ``exception_name`` (the server's exception class, e.g. ``KeyError``),
    ``message`` (the server's message, without paths or tracebacks), ``request_id`` (from
    ``X-Request-ID``) and ``attempts`` (how many times the request was sent).

    What to do about it is kept apart from the message, once per place the error is shown:
    ``fix`` in Python (a notebook, ``str()``), ``cli_fix`` at the command line and ``panel_fix``
    in a panel. A class may give defaults; ``None`` says nothing rather than the wrong advice.
    """

    #: what to do, in Python terms (shown in notebooks and by ``str()``)
    fix: str | None = None
    #: what to do at the command line (commands, environment variables; never Python calls)
    cli_fix: str | None = None
    #: what to do in a panel (buttons and fields; never code)
    panel_fix: str | None = None

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        method: str | None = None,
        url: str | None = None,
        exception_name: str | None = None,
        request_id: str | None = None,
        attempts: int | None = None,
        fix: str | None = None,
        cli_fix: str | None = None,
        panel_fix: str | None = None,
    ) -> None:
        self.message = redact_text(message)
        # Only given advice shadows the class's default, so subclasses can set theirs once.
        if fix is not None:
            self.fix = fix
        if cli_fix is not None:
            self.cli_fix = cli_fix
        if panel_fix is not None:
            self.panel_fix = panel_fix
        self.status = status
        self.method = method
        self.url = redact_url(url) if url else url
        self.exception_name = exception_name
        self.request_id = request_id
        self.attempts = attempts
        super().__init__(self._render())

    def _render(self) -> str:
        head = []
        if self.status is not None:
            head.append(str(self.status))
        if self.method and self.url:
            head.append(f"{self.method} {self.url}")
        text = f"{self.exception_name}: {self.message}" if self.exception_name else self.message
        rendered = f"{' '.join(head)}: {text}" if head else text
        extras = []
        if self.attempts and self.attempts > 1:
            extras.append(f"after {self.attempts} attempts")
        if self.request_id:
            extras.append(f"request id {self.request_id}")
        if extras:
            rendered = f"{rendered} ({', '.join(extras)})"
        return f"{rendered} — what to do: {self.fix}" if self.fix else rendered

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (
                type(self),
                self.message,
                {
                    "status": self.status,
                    "method": self.method,
                    "url": self.url,
                    "exception_name": self.exception_name,
                    "request_id": self.request_id,
                    "attempts": self.attempts,
                    "fix": self.__dict__.get("fix"),
                    "cli_fix": self.__dict__.get("cli_fix"),
                    "panel_fix": self.__dict__.get("panel_fix"),
                },
            ),
        )


def _rebuild(cls: type[ZProError], message: str, fields: dict[str, Any]) -> ZProError:
    return cls(message, **fields)


class AuthenticationError(ZProError):
    """401, or no usable credentials on this side (missing, expired, not pasted yet)."""

    fix = (
        "sign in again with a valid credential: s.login(token=...) with a new token, "
        "or s.login(api_key=...) with an API key, which refreshes by itself"
    )
    cli_fix = (
        "set ZENML_PRO_API_TOKEN to a new token, or ZENML_PRO_API_KEY to an API key "
        "(it refreshes by itself), then run the command again"
    )
    panel_fix = "paste a new token or API key and press Sign in"


class PermissionDenied(ZProError):
    """403: the caller is known but may not do this."""

    fix = cli_fix = panel_fix = "ask an organization admin for a role that allows this"


class NotFound(ZProError):
    """404, or a name or id that matches nothing (then ``status`` is ``None``: no request said 404)."""


class Conflict(ZProError):
    """409: e.g. the name exists, or the role is already assigned."""


class ValidationFailed(ZProError):
    """400 or 422: the request was malformed or a value was refused."""


class InvalidArgument(ValidationFailed, ValueError):
    """An argument was refused before anything was sent (a ``ValidationFailed`` and a ``ValueError``)."""


class RateLimited(ZProError):
    """429 (after the retries ran out)."""

    fix = cli_fix = panel_fix = "wait a minute, then try again"


class ServerError(ZProError):
    """5xx."""

    fix = cli_fix = panel_fix = (
        "try again in a few minutes; if it keeps failing, give the request id to whoever runs the server"
    )


class ConnectionFailed(ZProError):
    """No response: connection refused, dropped, timed out, TLS failure.

    What httpx raises as its own ``httpx.TransportError`` arrives as this; the name differs so that
    ``except`` clauses and tracebacks never confuse the two (it was called ``TransportError`` before).
    """

    fix = "check the URL and your network, and that the server is up; then try again"
    cli_fix = (
        "check the URL (--url or ZENML_PRO_API_URL) and your network, and that the server is up; "
        "then run the command again"
    )
    panel_fix = "check your network, then try again"


class UnexpectedResponse(ConnectionFailed):
    """An answer that is not one: a redirect zpro_nb will not follow, a 1xx, an odd 2xx, a body that
    is not the JSON asked for, too large, or not finished in time.

    A ``ConnectionFailed`` because, like a lost answer, it says nothing about what the server did: a
    write answered this way may or may not have been made.
    """


class InconsistentList(ZProError):
    """A list whose pages contradict each other or never end: repeated items, pages past the
    announced end, a total that changes between pages, a page larger than asked for, or more items
    than ``ReadBounds.max_list_items``. Nothing of it is returned.
    """


class TokenExpiryWarning(UserWarning):
    """The Pro token expires soon and cannot be refreshed (it was pasted, not exchanged from a key)."""


_BY_STATUS: dict[int, type[ZProError]] = {
    400: ValidationFailed,
    401: AuthenticationError,
    403: PermissionDenied,
    404: NotFound,
    409: Conflict,
    422: ValidationFailed,
    429: RateLimited,
}


def error_for_status(status: int) -> type[ZProError]:
    """The exception class for an HTTP status."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status >= 500:
        return ServerError
    return ZProError


def with_note(error: ZProError, note: str) -> ZProError:
    """The same kind of error with the same fields, its message extended by ``note``."""
    return type(error)(
        f"{error.message.rstrip('.')}; {note}",
        status=error.status,
        method=error.method,
        url=error.url,
        exception_name=error.exception_name,
        request_id=error.request_id,
        attempts=error.attempts,
    )


def error_from_response(
    *,
    status: int,
    method: str,
    url: str,
    headers: Mapping[str, str],
    content: bytes | None,
    reason: str = "",
    attempts: int | None = None,
) -> ZProError:
    """The right ``ZProError`` for an error response (built from plain values, not the response)."""
    name, message = parse_error_body(content, headers.get("content-type", ""), reason)
    request_id = headers.get("x-request-id")
    return error_for_status(status)(
        message or reason or f"HTTP {status}",
        status=status,
        method=method,
        url=url,
        exception_name=name,
        request_id=request_id,
        attempts=attempts,
    )
