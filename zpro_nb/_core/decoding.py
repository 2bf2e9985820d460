"""Turning a response body into JSON, and saying plainly when it is not JSON at all."""

from __future__ import annotations

import contextlib
import gc
from typing import Any

import httpx
import pydantic_core

from .errors import UnexpectedResponse

__all__ = ["LARGE_BODY", "decode", "not_json", "parse_json"]


#: bodies from this size on are parsed with the cyclic garbage collector paused
LARGE_BODY = 256 * 1024


def parse_json(content: bytes) -> Any:
    """Parse a JSON body with pydantic-core (pydantic is a dependency anyway): ~1.5x the speed of
    the standard library on a large page.

    A 1,000-item page creates some 10^5 containers at once, and the cyclic collector would sweep
    repeatedly over everything already alive (earlier pages included) although parsed JSON holds
    no cycles: that doubled the cost of reading 20 pages. The collector is paused for the parse of a
    large body only, and switched back on even if parsing fails.
    """
    if len(content) < LARGE_BODY or not gc.isenabled():
        return pydantic_core.from_json(content)
    gc.disable()
    try:
        return pydantic_core.from_json(content)
    finally:
        gc.enable()


def decode(response: httpx.Response) -> Any:
    """The JSON of a response; ``None`` for 204 or an empty body.

    Raises ``UnexpectedResponse`` for a body that is not JSON: an HTML page answered with 200 (a
    login wall, a proxy's error page) or JSON cut short. Either way it is not the answer asked for.
    """
    if response.status_code == 204 or not response.content:
        return None
    try:
        return parse_json(response.content)
    except ValueError:
        pass
    try:
        return response.json()  # JSON in another declared encoding
    except ValueError:
        raise not_json(response) from None


def not_json(response: httpx.Response) -> UnexpectedResponse:
    """The error for a success whose body is not JSON, saying what it looks like instead."""
    content = response.content
    kind = response.headers.get("content-type", "").split(";")[0].strip() or "no content type"
    start = content[:64].lstrip().lower()
    if "html" in kind or start.startswith((b"<!doctype", b"<html")):
        what = "an HTML page, not JSON (a login page or a proxy's page in front of the API?)"
    elif start[:1] in (b"{", b"["):
        what = f"JSON cut short or malformed ({len(content):,} bytes; the connection may have been cut)"
    else:
        what = f"not JSON ({kind}, {len(content):,} bytes)"
    method, url = "", ""
    with contextlib.suppress(RuntimeError):  # a response built without its request
        method, url = response.request.method, str(response.request.url)
    return UnexpectedResponse(
        f"the server answered {response.status_code} with {what}",
        status=response.status_code,
        method=method or None,
        url=url or None,
    )
