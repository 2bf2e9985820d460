"""Walking list endpoints: offset/limit for the Pro API, page/size envelopes for workspace APIs.

``max_items`` bounds how many items come back; it is separate from the page size, which only
decides how many requests that takes.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .errors import ZProError

if TYPE_CHECKING:
    from .transport import ApiClient

__all__ = ["MAX_ENVELOPE_PAGE_SIZE", "MAX_OFFSET_PAGE_SIZE", "fetch_envelope_pages", "fetch_offset_pages"]

MAX_OFFSET_PAGE_SIZE = 100
MAX_ENVELOPE_PAGE_SIZE = 10_000


def _check_sizes(page_size: int, max_items: int | None) -> None:
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    if max_items is not None and max_items < 0:
        raise ValueError("max_items must not be negative")


def _shape_error(client: ApiClient, path: str, expected: str, got: Any) -> ZProError:
    return ZProError(f"expected {expected}, got {type(got).__name__}", method="GET", url=client.url(path))


async def fetch_offset_pages(
    client: ApiClient,
    path: str,
    params: Mapping[str, Any] | None = None,
    *,
    page_size: int = 100,
    max_items: int | None = None,
) -> list[dict[str, Any]]:
    """Every item of a Pro list endpoint (bare JSON arrays, ``offset``/``limit``, ``limit`` <= 100).

    Stops at the first page shorter than asked for, or once ``max_items`` are in hand.
    """
    _check_sizes(page_size, max_items)
    limit = min(page_size, MAX_OFFSET_PAGE_SIZE)
    items: list[dict[str, Any]] = []
    offset = 0
    while max_items is None or len(items) < max_items:
        ask = limit if max_items is None else min(limit, max_items - len(items))
        page = await client.get(path, {**(params or {}), "offset": offset, "limit": ask})
        if not isinstance(page, list):
            raise _shape_error(client, path, "a JSON array", page)
        items.extend(page)
        if len(page) < ask:
            break
        offset += len(page)
    return items if max_items is None else items[:max_items]


def _check_envelope(client: ApiClient, path: str, page: Any) -> dict[str, Any]:
    if not isinstance(page, dict) or not isinstance(page.get("items"), list):
        raise _shape_error(client, path, "a page envelope {index, max_size, total_pages, total, items}", page)
    return page


async def fetch_envelope_pages(
    client: ApiClient,
    path: str,
    params: Mapping[str, Any] | None = None,
    *,
    page_size: int = 1000,
    max_items: int | None = None,
) -> list[dict[str, Any]]:
    """Every item of a workspace list endpoint (``{index, max_size, total_pages, total, items}``).

    Page 1 reveals ``total_pages``; the pages still needed are then fetched concurrently (the
    transport's concurrency cap still applies) and joined in order.
    """
    _check_sizes(page_size, max_items)
    size = min(page_size, MAX_ENVELOPE_PAGE_SIZE)
    if max_items is not None:
        if max_items == 0:
            return []
        size = min(size, max_items)
    base = dict(params or {})
    first = _check_envelope(client, path, await client.get(path, {**base, "page": 1, "size": size}))
    items: list[dict[str, Any]] = list(first["items"])
    total_pages = first.get("total_pages")
    if not isinstance(total_pages, int):
        total = first.get("total")
        total_pages = math.ceil(total / size) if isinstance(total, int) else 1
    last_page = total_pages
    if max_items is not None:
        last_page = min(last_page, math.ceil(max_items / size))
    if last_page > 1 and len(first["items"]) >= size:

        async def page(number: int) -> list[dict[str, Any]]:
            body = _check_envelope(
                client, path, await client.get(path, {**base, "page": number, "size": size})
            )
            result: list[dict[str, Any]] = body["items"]
            return result

        tasks = [asyncio.ensure_future(page(n)) for n in range(2, last_page + 1)]
        try:
            pages = await asyncio.gather(*tasks)
        except BaseException:
            for task in tasks:  # one failed page fails the list; stop fetching the others
                task.cancel()
            raise
        for rest in pages:
            items.extend(rest)
    return items if max_items is None else items[:max_items]
