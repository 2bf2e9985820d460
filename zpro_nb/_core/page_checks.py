"""What a list's pages must agree on, checked page by page so a lying server is caught early.

``Tally`` counts the items of one list call against ``ReadBounds.max_list_items`` and remembers
their ids (a list holds each item once); ``EnvelopeCheck`` holds a workspace envelope to its own
word: the page asked for, its size, the same totals on every page, no more items than the total.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .errors import InconsistentList

if TYPE_CHECKING:
    from .transport import ApiClient

__all__ = ["EnvelopeCheck", "Tally"]


class Tally:
    """The items of one list call so far: how many, and which ids."""

    def __init__(self, client: ApiClient, path: str, ceiling: int, max_items: int | None) -> None:
        self.client = client
        self.path = path
        self.ceiling = ceiling
        self.max_items = max_items
        #: a caller's max_items within the ceiling is an ordinary stop; otherwise one item past the
        #: ceiling is read, to tell a list that goes on from one that ends exactly there
        self.capped = max_items is None or max_items > ceiling
        self.read_to = ceiling + 1 if self.capped else (max_items or 0)
        self.count = 0
        self._ids: set[Any] = set()

    def inconsistent(self, why: str) -> InconsistentList:
        """The error for this list, saying why."""
        return InconsistentList(
            f"the list contradicts itself: {why}. Nothing of it is returned; reading it again may help "
            "if it was changing, otherwise the server is at fault",
            method="GET",
            url=self.client.url(self.path),
        )

    def add(self, items: list[Any], where: str) -> None:
        """Count ``items``; raise on an id already seen or once past the ceiling."""
        ids = self._ids
        before = len(ids)
        keyed = 0
        for item in items:
            if isinstance(item, dict) and "id" in item:
                ids.add(item["id"])
                keyed += 1
        if len(ids) - before != keyed:
            raise self.inconsistent(f"{where} repeats {keyed - (len(ids) - before)} item(s) already read")
        self.count += len(items)
        if self.capped and self.count > self.ceiling:
            raise InconsistentList(
                f"the list has more than {self.ceiling:,} items (ReadBounds.max_list_items), so it was not "
                "read to the end: a server whose pages never run out would otherwise fill the memory. "
                "Filter the list, or pass bounds=ReadBounds(max_list_items=...) to connect() if it is real",
                method="GET",
                url=self.client.url(self.path),
            )

    def result(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The items to return (cut at ``max_items``)."""
        return items if self.max_items is None else items[: self.max_items]


def _count(envelope: dict[str, Any], key: str) -> int | None:
    value = envelope.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class EnvelopeCheck:
    """Page 1's word on the list (``total``, ``total_pages``), held against every page after it."""

    def __init__(self, tally: Tally, first: dict[str, Any], size: int) -> None:
        self.tally = tally
        self.size = size
        self.total = _count(first, "total")
        self.total_pages = _count(first, "total_pages")
        total, pages = self.total, self.total_pages
        if (total is not None and total < 0) or (pages is not None and pages < 0):
            raise tally.inconsistent(f"page 1 announces total {total} and total_pages {pages}")
        # The server's own page size decides its page count (it may differ from the one asked for).
        per = _count(first, "max_size") or size
        if total is not None and pages is not None:
            possible = {math.ceil(total / per)} | ({1} if total == 0 else set())
            if pages not in possible:
                raise tally.inconsistent(
                    f"page 1 announces {total:,} items in {pages:,} pages of {per}, which cannot both be true"
                )
        if pages is None:
            pages = math.ceil(total / size) if total is not None else 1
        self.last_page = max(pages, 1)
        announced = total if total is not None else pages * size
        if tally.capped and announced > tally.ceiling:
            raise InconsistentList(
                f"the list announces {announced:,} items ({pages:,} pages of {size}), more than "
                f"{tally.ceiling:,} (ReadBounds.max_list_items): not reading it. Filter the list, or pass "
                "bounds=ReadBounds(max_list_items=...) to connect() if it is real",
                method="GET",
                url=tally.client.url(tally.path),
            )

    def page(self, number: int, envelope: dict[str, Any]) -> None:
        """Hold page ``number`` to the word of page 1; count its items."""
        tally = self.tally
        where = f"page {number}"
        index = _count(envelope, "index")
        if index is not None and index != number:
            raise tally.inconsistent(f"{where} was asked for and page {index} came back")
        if number > 1:
            for key, said in (("total", self.total), ("total_pages", self.total_pages)):
                now = _count(envelope, key)
                if said is not None and now is not None and now != said:
                    raise tally.inconsistent(f"{key} was {said:,} on page 1 and is {now:,} on {where}")
        items = envelope["items"]
        if len(items) > self.size:
            raise tally.inconsistent(f"{where} has {len(items):,} items; pages of {self.size} were asked for")
        tally.add(items, where)
        if self.total is not None and tally.count > self.total:
            raise tally.inconsistent(
                f"{where} brings the items to {tally.count:,}, more than the {self.total:,} announced"
            )
