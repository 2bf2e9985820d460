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

__all__ = [
    "MAX_ENVELOPE_PAGE_SIZE",
    "MAX_OFFSET_PAGE_SIZE",
    "count_envelope_items",
    "fetch_envelope_pages",
    "fetch_offset_pages",
]

MAX_OFFSET_PAGE_SIZE = 100
MAX_ENVELOPE_PAGE_SIZE = 10_000


def _check_sizes(page_size: int, max_items: int | None) -> None:
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    if max_items is not None and max_items < 0:
        raise ValueError("max_items must not be negative")


def _shape_error(client: ApiClient, path: str, expected: str, got: Any) -> ZProError:
    return ZProError(f"expected {expected}, got {type(got).__name__}", method="GET", url=client.url(path))


#: how many offset pages may be asked for at once once a list has proved long
MAX_OFFSET_PREFETCH = 8


async def fetch_offset_pages(
    client: ApiClient,
    path: str,
    params: Mapping[str, Any] | None = None,
    *,
    page_size: int = 100,
    max_items: int | None = None,
) -> list[dict[str, Any]]:
    """Every item of a Pro list endpoint (bare JSON arrays, ``offset``/``limit``, ``limit`` <= 100).

    Bare arrays carry no total, so the end is the first page shorter than asked for. Page 1 goes
    alone (most lists fit in it); while pages keep coming back full, the next ones are asked for
    in waves of 2, 4, then up to 8 at once, so a long list costs a few round trips rather than one
    per page. A wave stops at its first short page and never keeps what comes after it; at most a
    few requests past the end are spent. Stops once ``max_items`` are in hand.
    """
    _check_sizes(page_size, max_items)
    limit = min(page_size, MAX_OFFSET_PAGE_SIZE)
    base = dict(params or {})
    items: list[dict[str, Any]] = []
    wave = 1
    previous_first: Any = None
    while max_items is None or len(items) < max_items:
        asks: list[tuple[int, int]] = []
        offset = len(items)
        while len(asks) < wave and (max_items is None or offset < max_items):
            asks.append((offset, limit if max_items is None else min(limit, max_items - offset)))
            offset += limit
        pages = await _gather_all(
            [client.get(path, {**base, "offset": off, "limit": ask}) for off, ask in asks]
        )
        for (_, ask), page in zip(asks, pages, strict=True):
            if not isinstance(page, list):
                raise _shape_error(client, path, "a JSON array", page)
            first = page[0] if page else None
            if page and first == previous_first:
                # The same page again: the server ignores ``offset``; what came before is all of it.
                return items if max_items is None else items[:max_items]
            previous_first = first
            items.extend(page[:ask])
            if len(page) != ask:
                # Short: the end. Longer than asked: the server ignored ``limit`` and sent it all.
                if len(page) > ask:
                    items.extend(page[ask:])
                return items if max_items is None else items[:max_items]
        wave = min(wave * 2, MAX_OFFSET_PREFETCH)
    return items if max_items is None else items[:max_items]


async def _gather_all(calls: list[Any]) -> list[Any]:
    """Run the page requests together; one failure cancels the rest and fails the list."""
    tasks = [asyncio.ensure_future(call) for call in calls]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        raise


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

        pages = await _gather_all([page(n) for n in range(2, last_page + 1)])
        for rest in pages:
            items.extend(rest)
    return items if max_items is None else items[:max_items]


async def count_envelope_items(client: ApiClient, path: str, params: Mapping[str, Any] | None = None) -> int:
    """How many items a workspace list holds, from the envelope's ``total`` on a one-item page.

    One request whatever the list's length: a count must not cost more as history grows.
    """
    page = _check_envelope(client, path, await client.get(path, {**(params or {}), "page": 1, "size": 1}))
    total = page.get("total")
    if not isinstance(total, int) or isinstance(total, bool):
        raise _shape_error(client, path, "a page envelope with an integer total", total)
    return total
