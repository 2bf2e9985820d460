"""Errors in plain words for a panel: what went wrong, in the server's own message, no status codes."""

from __future__ import annotations

from zpro_nb._core.errors import (
    AuthenticationError,
    Conflict,
    ConnectionFailed,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    ValidationFailed,
    ZProError,
)
from zpro_nb._core.redaction import redact_text

#: What a panel shows inline: the server's refusals (the ZProError family) and refused input (ValueError:
#: unknown names, a plan with errors). Anything else is a bug and propagates, so tests and users see it.
USER_ERRORS: tuple[type[Exception], ...] = (ZProError, ValueError)

_LEADS: tuple[tuple[type[ZProError], str], ...] = (
    (AuthenticationError, "Sign-in needed"),
    (PermissionDenied, "Not allowed"),
    (NotFound, "Not found"),
    (Conflict, "Already exists"),
    (ValidationFailed, "Not accepted"),
    (RateLimited, "The server is busy, try again in a moment"),
    (ServerError, "The server ran into a problem"),
    (ConnectionFailed, "Could not reach the server"),
)


def plain_error(exc: BaseException) -> str:
    """One readable sentence for ``exc``; never shows a secret (the text is redacted once more).

    The advice is the error's ``panel_fix`` (buttons and fields), never its Python ``fix``.
    """
    if isinstance(exc, ZProError):
        message = (exc.message or "").strip()
        lead = next((text for cls, text in _LEADS if isinstance(exc, cls)), "Request failed")
        text = f"{lead}: {message}" if message else lead
        if exc.panel_fix:
            text = f"{text.rstrip('.')}. {exc.panel_fix[0].upper()}{exc.panel_fix[1:]}."
    else:
        text = str(exc).strip() or type(exc).__name__
    return redact_text(text)
