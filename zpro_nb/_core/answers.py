"""Reading one answer within bounds, and telling an answer from something that only looks like one.

The body is streamed under a size cap and a total deadline (httpx's own timeout is per read, so a
body trickled a byte at a time would never trip it), then rebuilt as an ordinary response. A 1xx, an
unusual 2xx or a redirect is not an answer zpro_nb can act on; ``odd_status`` and
``redirect_target`` say which, and why, in words a notebook user can act on.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from .bounds import ReadBounds
from .redaction import redact_url

__all__ = ["MAX_REDIRECTS", "OK_STATUSES", "Refusal", "odd_status", "receive", "redirect_target"]

#: the success statuses either API answers with; any other 2xx means something between us and it
OK_STATUSES = frozenset({200, 201, 202, 204})
#: same-origin redirects a GET or HEAD follows before giving up
MAX_REDIRECTS = 5
_FOLLOWED_BY_READS = frozenset({301, 302, 303, 307, 308})
_READS = frozenset({"GET", "HEAD"})
# Describe the body as it was received; the rebuilt response carries it decoded and whole.
_FRAMING_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


@dataclass
class Refusal:
    """An answer not to be used: raised as ``UnexpectedResponse`` by the retry loop, never retried."""

    message: str
    status: int | None = None


async def receive(
    http: httpx.AsyncClient, request: httpx.Request, bounds: ReadBounds
) -> httpx.Response | Refusal:
    """Send ``request`` and read its whole body within ``bounds``.

    httpx errors (a dropped connection mid-body included) propagate for the retry policy to judge.
    """
    received = 0
    status: int | None = None
    try:
        async with asyncio.timeout(bounds.response_deadline):
            response = await http.send(request, stream=True)
            try:
                status = response.status_code
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > bounds.max_response_bytes:
                    return _too_large(bounds, status, f"it announces {int(declared):,} bytes")
                chunks: list[bytes] = []
                async for chunk in response.aiter_bytes():
                    received += len(chunk)
                    if received > bounds.max_response_bytes:
                        return _too_large(bounds, status, "it kept coming past that")
                    chunks.append(chunk)
            finally:
                await response.aclose()
    except TimeoutError:
        so_far = f"{received:,} bytes of its body" if status is not None else "not even its headers"
        return Refusal(
            f"the answer did not finish within {bounds.response_deadline:g} s "
            f"(ReadBounds.response_deadline); the server had sent {so_far}. "
            "A server this slow is not answering; pass bounds=ReadBounds(response_deadline=...) "
            "to connect() if it really needs longer",
            status,
        )
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _FRAMING_HEADERS]
    extensions = {k: v for k, v in response.extensions.items() if k in ("http_version", "reason_phrase")}
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=b"".join(chunks),
        request=request,
        extensions=extensions,
    )


def _too_large(bounds: ReadBounds, status: int, why: str) -> Refusal:
    return Refusal(
        f"the answer is larger than {bounds.describe_bytes()} (ReadBounds.max_response_bytes): {why}. "
        "It was not read; ask for less (a filter, a smaller page), or raise the bound",
        status,
    )


def odd_status(method: str, response: httpx.Response) -> Refusal | None:
    """A refusal for a 1xx or an unusual 2xx (a 3xx is ``redirect_target``'s); ``None`` otherwise."""
    status = response.status_code
    if status < 200:
        return Refusal(
            f"the server answered {status} {response.reason_phrase}, an interim answer, as if it were final: "
            f"whether the {method} was carried out is unknown",
            status,
        )
    if 200 <= status < 300 and status not in OK_STATUSES:
        what = "carried out" if method not in _READS else "answered in full"
        return Refusal(
            f"the server answered {status} {response.reason_phrase}, which neither API sends: "
            f"something between zpro_nb and the server changed the answer, so whether the {method} was "
            f"{what} is unknown",
            status,
        )
    return None


def redirect_target(method: str, url: str, response: httpx.Response, followed: int) -> str | Refusal:
    """Where a 3xx sends a GET or HEAD (same origin only), or why it is not followed.

    A write is never followed: it would be sent again somewhere else, and the 3xx says nothing about
    whether it was carried out. Another host is never followed: the bearer token goes with the request.
    """
    status = response.status_code
    location = response.headers.get("location", "")
    where = f" (Location: {redact_url(location)})" if location else " (no Location)"
    said = f"the server answered {status} {response.reason_phrase}{where} to {method}"
    if method not in _READS:
        return Refusal(
            f"{said}: zpro_nb does not follow a redirect of a change, so whether it was made is unknown. "
            "Check the API URL (is it the one the server redirects to?)",
            status,
        )
    if status not in _FOLLOWED_BY_READS or not location:
        return Refusal(f"{said}, which is not an answer zpro_nb can use", status)
    try:
        target = httpx.URL(url).join(location)
    except httpx.InvalidURL:
        return Refusal(f"{said}, which is not a URL", status)
    here = httpx.URL(url)
    if (target.scheme, target.host, target.port) != (here.scheme, here.host, here.port):
        return Refusal(
            f"{said}: another host or scheme, where zpro_nb will not send your token. "
            "If that is where the API lives now, connect to it directly (url=...)",
            status,
        )
    if followed >= MAX_REDIRECTS:
        return Refusal(f"{said}, after {MAX_REDIRECTS} redirects already: giving up on the loop", status)
    return str(target)
