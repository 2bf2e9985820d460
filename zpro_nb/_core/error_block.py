"""One short block for a zpro_nb error: what failed, why, what to do, and where the full story is.

The same words serve a notebook cell and the command line; only the advice differs (``fix`` speaks
Python, ``cli_fix`` commands and environment variables), and the last line says how to see the
full traceback there (``%tb`` in IPython, ``--debug`` for ``zpro-nb``).
"""

from __future__ import annotations

from typing import Literal

from .errors import ZProError
from .redaction import redact_text

__all__ = ["MAX_MESSAGE_LINES", "Surface", "advice", "error_block"]

Surface = Literal["notebook", "cli", "panel"]

#: a long message (a plan's problems) is cut here; the exception keeps all of it
MAX_MESSAGE_LINES = 8


def advice(exc: ZProError, surface: Surface) -> str | None:
    """What to do about ``exc`` where it is shown (never a Python call outside a notebook)."""
    if surface == "cli":
        return exc.cli_fix
    if surface == "panel":
        return exc.panel_fix
    return exc.fix


def _server_line(exc: ZProError) -> str | None:
    if exc.status is None and not (exc.method and exc.url):
        return None
    said = f"answered {exc.status}" if exc.status is not None else "did not answer"
    parts = [f"the server {said}"]
    if exc.method and exc.url:
        parts[0] += f" to {exc.method} {exc.url}"
    if exc.exception_name:
        parts.append(exc.exception_name)
    if exc.attempts and exc.attempts > 1:
        parts.append(f"after {exc.attempts} attempts")
    if exc.request_id:
        parts.append(f"request id {exc.request_id}")
    return "; ".join(parts)


def error_block(exc: ZProError, surface: Surface, *, full_story: str | None = None) -> list[str]:
    """The block's lines: ``Kind: message``, the server's answer (if any), what to do, ``full_story``."""
    message_lines = (exc.message or type(exc).__name__).strip().splitlines() or [""]
    if len(message_lines) > MAX_MESSAGE_LINES:
        hidden = len(message_lines) - MAX_MESSAGE_LINES + 1
        message_lines = [*message_lines[: MAX_MESSAGE_LINES - 1], f"  … and {hidden} more lines"]
    lines = [f"{type(exc).__name__}: {message_lines[0]}", *message_lines[1:]]
    server = _server_line(exc)
    if server:
        lines.append(f"  why: {server}")
    fix = advice(exc, surface)
    if fix:
        lines.append(f"  what to do: {fix}")
    if full_story:
        lines.append(f"  ({full_story})")
    return [redact_text(line) for line in lines]
