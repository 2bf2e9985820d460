"""Walking list endpoints: offset/limit for the Pro API, page/size envelopes for workspace APIs.

``max_items`` bounds how many items come back; it is separate from the page size, which only
decides how many requests that takes. Whatever the server says, one call reads at most
``ReadBounds.max_list_items`` items (one more, to tell a list that is longer from one that ends
there), and a list whose pages contradict each other or themselves raises ``InconsistentList``
(see :mod:`.page_checks`) as soon as the contradiction arrives, before memory grows.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .errors import InvalidArgument, ZProError
from .limits import continuing
from .page_checks import EnvelopeCheck, Tally

if TYPE_CHECKING:
    from .transport import ApiClient

__all__ = [
    "MAX_ENVELOPE_PAGE_SIZE",
    "MAX_OFFSET_PAGE_SIZE",
    "check_sizes",
    "count_envelope_items",
    "fetch_envelope_pages",
    "fetch_offset_pages",
]

MAX_OFFSET_PAGE_SIZE = 100
MAX_ENVELOPE_PAGE_SIZE = 10_000


def check_sizes(page_size: int, max_items: int | None) -> None:
    """Refuse a page size below 1 or a negative ``max_items`` (``InvalidArgument``)."""
    if page_size < 1:
        raise InvalidArgument("page_size must be at least 1")
    if max_items is not None and max_items < 0:
        raise InvalidArgument(f"max_items={max_items}: pass 0 or more (None reads everything)")


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
    on_page: Callable[[list[dict[str, Any]]], None] | None = None,
) -> list[dict[str, Any]]:
    """Every item of a Pro list endpoint (bare JSON arrays, ``offset``/``limit``, ``limit`` <= 100).

    ``on_page`` is handed each page's items as they arrive, for a caller that can start on them
    before the end of the list is known (the list itself may still turn out inconsistent). A full
    page is handed over once the next pages are asked for: work it starts would otherwise take the
    free request slots before the list's own next requests reach them, and hold up the list. Pages
    of a wave that fails are not handed over (the list fails with it).

    Bare arrays carry no total, so the end is the first page shorter than asked for. Page 1 goes
    alone (most lists fit in it); while pages keep coming back full, the next ones are asked for
    in waves of 2, 4, then up to 8 at once, so a long list costs a few round trips rather than one
    per page. A wave stops at its first short page and never keeps what comes after it; at most a
    few requests past the end are spent. Stops once ``max_items`` are in hand.

    Raises ``InconsistentList`` for an item seen twice (a server that ignores ``offset`` sends the
    same page again), a page longer than asked for after the first, or more than
    ``ReadBounds.max_list_items`` items.
    """
    check_sizes(page_size, max_items)
    limit = min(page_size, MAX_OFFSET_PAGE_SIZE)
    base = dict(params or {})
    tally = Tally(client, path, client.transport.bounds.max_list_items, max_items)
    items: list[dict[str, Any]] = []
    read: list[list[dict[str, Any]]] = []  # pages not yet handed to on_page

    def hand_over() -> None:
        if on_page is not None:
            for page in read:
                on_page(page)
        read.clear()

    wave = 1
    previous_first: Any = None
    while len(items) < tally.read_to:
        asks: list[tuple[int, int]] = []
        offset = len(items)
        while len(asks) < wave and offset < tally.read_to:
            asks.append((offset, min(limit, tally.read_to - offset)))
            offset += limit
        # A list already begun goes ahead of new work waiting for a slot: in a fan-out its later
        # pages would otherwise queue behind every first page and trail at the end, alone.
        with continuing() if items else contextlib.nullcontext():
            calls = [
                asyncio.ensure_future(client.get(path, {**base, "offset": off, "limit": ask}))
                for off, ask in asks
            ]
        pages = await _gather_all(calls, started=hand_over)
        for (off, ask), page in zip(asks, pages, strict=True):
            if not isinstance(page, list):
                raise _shape_error(client, path, "a JSON array", page)
            first = page[0] if page else None
            if page and first == previous_first:
                raise tally.inconsistent(
                    f"the page at offset {off} starts with the same item as the one before: the server "
                    "seems to ignore offset, so the rest of the list cannot be read"
                )
            previous_first = first
            if len(page) > ask and off > 0:
                raise tally.inconsistent(
                    f"the page at offset {off} has {len(page)} items; {ask} were asked for"
                )
            # Longer than asked at offset 0: the server ignored ``limit`` and sent it all.
            tally.add(page, f"the page at offset {off}")
            items.extend(page)
            if page:
                read.append(page)
            if len(page) != ask:
                hand_over()
                return tally.result(items)
        wave = min(wave * 2, MAX_OFFSET_PREFETCH)
    hand_over()
    return tally.result(items)


async def _gather_all(
    tasks: Sequence[asyncio.Future[Any]], started: Callable[[], None] | None = None
) -> list[Any]:
    """Wait for the page requests, after ``started()``; one failure cancels the rest and fails the list."""
    try:
        if started is not None:
            started()
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        raise


def _check_envelope(client: ApiClient, path: str, page: Any) -> dict[str, Any]:
    if not isinstance(page, dict) or not isinstance(page.get("items"), list):
        raise _shape_error(client, path, "a page envelope {index, max_size, total_pages, total, items}", page)
    return page


#: envelope pages asked for at once (the transport's concurrency cap applies within): enough to
#: keep every slot busy, few enough that a lie about the page count cannot make a million tasks
ENVELOPE_WINDOW = 64


async def fetch_envelope_pages(
    client: ApiClient,
    path: str,
    params: Mapping[str, Any] | None = None,
    *,
    page_size: int = 1000,
    max_items: int | None = None,
) -> list[dict[str, Any]]:
    """Every item of a workspace list endpoint (``{index, max_size, total_pages, total, items}``).

    Page 1 reveals ``total_pages``; the pages still needed are then fetched concurrently, in
    windows of :data:`ENVELOPE_WINDOW` (the transport's concurrency cap still applies), and joined
    in order.

    Raises ``InconsistentList`` when the envelope contradicts itself or the pages: a page count or
    total beyond ``ReadBounds.max_list_items`` or at odds with each other, either changing between
    pages, a page numbered other than asked, larger than its size, more items than the total, or an
    item seen twice.
    """
    check_sizes(page_size, max_items)
    size = min(page_size, MAX_ENVELOPE_PAGE_SIZE)
    if max_items is not None:
        if max_items == 0:
            return []
        size = min(size, max_items)
    base = dict(params or {})
    tally = Tally(client, path, client.transport.bounds.max_list_items, max_items)

    async def page(number: int) -> dict[str, Any]:
        return _check_envelope(client, path, await client.get(path, {**base, "page": number, "size": size}))

    first = await page(1)
    check = EnvelopeCheck(tally, first, size)
    check.page(1, first)
    items: list[dict[str, Any]] = list(first["items"])
    last_page = check.last_page
    if max_items is not None:
        last_page = min(last_page, math.ceil(max_items / size))
    if last_page > 1 and len(first["items"]) >= size:
        for start in range(2, last_page + 1, ENVELOPE_WINDOW):
            numbers = range(start, min(start + ENVELOPE_WINDOW, last_page + 1))
            with continuing():  # ahead of new work waiting for a slot, as for offset pages
                tasks = [asyncio.ensure_future(page(n)) for n in numbers]
            bodies = await _gather_all(tasks)
            for number, body in zip(numbers, bodies, strict=True):
                check.page(number, body)
                items.extend(body["items"])
            if len(items) >= tally.read_to:
                break
    return tally.result(items)


async def count_envelope_items(client: ApiClient, path: str, params: Mapping[str, Any] | None = None) -> int:
    """How many items a workspace list holds, from the envelope's ``total`` on a one-item page.

    One request whatever the list's length: a count must not cost more as history grows.
    """
    page = _check_envelope(client, path, await client.get(path, {**(params or {}), "page": 1, "size": 1}))
    total = page.get("total")
    if not isinstance(total, int) or isinstance(total, bool):
        raise _shape_error(client, path, "a page envelope with an integer total", total)
    return total
