"""Reading an error body, whatever a server sent (JSON detail lists, ZenML's ``[name, message]``,
HTML pages, plain text): the server's exception name and a short, redacted, readable message."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

from .redaction import redact_text

__all__ = ["MAX_MESSAGE", "clean_message", "parse_error_body"]

#: longer messages are cut (an error page can be megabytes)
MAX_MESSAGE = 600

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]{0,80}$")
_TRACEBACK = re.compile(r"Traceback \(most recent call last\):.*", re.S)
_FRAME = re.compile(r'^\s*File "[^"]*", line \d+(?:, in [^\n]*)?\n?(?:[ \t]+[^\n]*\n?)?', re.M)
_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][\w.\-~@+]+){2,}[\\/]?[\w.\-]*\.(?:py|pyc|so|pyx)\b")
_TAGS = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"(?is)<(script|style)\b.*?</\1>")
_TITLE = re.compile(r"(?is)<title[^>]*>(.*?)</title>")
_SPACE = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def clean_message(text: str) -> str:
    """A server message without tracebacks, frames, file paths or secrets, trimmed to a sane length."""
    text = _TRACEBACK.sub("", text)
    text = _FRAME.sub("", text)
    text = _PATH.sub("<path>", text)
    text = _SPACE.sub(" ", text)
    text = _BLANK_LINES.sub("\n", text).strip()
    text = redact_text(text)
    if len(text) > MAX_MESSAGE:
        text = text[: MAX_MESSAGE - 1].rstrip() + "…"
    return text


def _field_name(loc: Any) -> str:
    if not isinstance(loc, list | tuple):
        return str(loc)
    parts = [str(p) for p in loc]
    # FastAPI prefixes the field with where it came from; the first element says only that.
    if len(parts) > 1 and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        where, parts = parts[0], parts[1:]
        return f"{'.'.join(parts)} ({where})"
    return ".".join(parts)


def _from_list(items: list[Any]) -> tuple[str | None, str]:
    if not items:
        return None, ""
    if all(isinstance(i, Mapping) for i in items):
        msgs = []
        for item in items:
            msg = str(item.get("msg") or item.get("message") or item.get("type") or item)
            if "loc" in item:
                msg = f"{_field_name(item['loc'])}: {msg}"
            msgs.append(msg)
        return "RequestValidationError", "; ".join(msgs)
    first = items[0]
    if isinstance(first, str) and _NAME.match(first) and len(items) > 1:
        return first, ": ".join(_as_text(i) for i in items[1:])
    return None, ": ".join(_as_text(i) for i in items)


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, default=str)
    except (TypeError, ValueError, RecursionError):  # e.g. a circular value (tests/core/test_guards.py)
        return str(value)


def _from_json(body: Any) -> tuple[str | None, str]:
    if isinstance(body, list):
        return _from_list(body)
    if isinstance(body, Mapping):
        if "detail" in body:
            detail = body["detail"]
            if isinstance(detail, str):
                return None, detail
            if isinstance(detail, list):
                return _from_list(detail)
            if isinstance(detail, Mapping):
                return _from_json(detail)
            return None, _as_text(detail)
        if "error" in body and isinstance(body["error"], str):
            description = body.get("error_description")
            return body["error"], str(description) if description else body["error"]
        for key in ("message", "msg", "error_description", "title"):
            if isinstance(body.get(key), str):
                name = body.get("type") or body.get("code") or body.get("error")
                return (name if isinstance(name, str) and _NAME.match(name) else None), body[key]
        if "error" in body and isinstance(body["error"], Mapping):
            return _from_json(body["error"])
        return None, _as_text(body)
    if body is None:
        return None, ""
    return None, _as_text(body)


def _from_text(text: str, content_type: str) -> str:
    start = text.lstrip()[:15].lower()
    looks_html = "html" in content_type.lower() or start.startswith(("<!doctype", "<html"))
    if looks_html:
        title = _TITLE.search(text)
        body = _SCRIPT.sub(" ", text)
        body = html.unescape(_TAGS.sub(" ", body))
        body = " ".join(body.split())
        if title:  # an error page's title is its message ("502 Bad Gateway")
            heading = " ".join(html.unescape(_TAGS.sub(" ", title.group(1))).split())
            if heading:
                return heading
        return body
    return text


def parse_error_body(
    content: bytes | str | None, content_type: str = "", reason: str = ""
) -> tuple[str | None, str]:
    """``(exception_name, message)`` from any error body; never raises.

    Understands ``{"detail": "..."}``, ``{"detail": [Name, msg, ...]}``, a bare ``[Name, msg]``,
    FastAPI's ``{"detail": [{loc, msg, type}]}``, OAuth ``{error, error_description}``, and non-JSON
    bodies (HTML, text, empty). Paths, tracebacks and secrets are stripped from the message.
    """
    try:
        if content is None:
            return None, reason
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else str(content)
        if not text.strip():
            return None, reason
        try:
            parsed = json.loads(text)
        except ValueError:
            name, message = None, _from_text(text, content_type)
        else:
            name, message = _from_json(parsed)
        message = clean_message(message) or reason
        return (name if name and _NAME.match(name) else None), message
    # Kept broad: the parser must never be the thing that breaks, whatever a body makes the standard
    # library raise (RecursionError from deep JSON: tests/core/test_guards.py).
    except Exception:
        return None, reason or "unreadable error body"
