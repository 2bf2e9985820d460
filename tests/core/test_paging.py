"""Offset/limit paging for the Pro API and page/size envelopes for workspace APIs."""

from __future__ import annotations

import asyncio
import math
from urllib.parse import parse_qs

import httpx
import pytest

from core.pro_fakes import make_transport
from zpro_nb._core.clock import ManualClock
from zpro_nb._core.errors import InconsistentList, NotFound, ZProError
from zpro_nb._core.paging import fetch_envelope_pages, fetch_offset_pages

pytestmark = pytest.mark.anyio


def items(n: int) -> list[dict[str, str]]:
    return [{"id": f"id-{i:05d}"} for i in range(n)]


class OffsetServer:
    def __init__(self, total: int) -> None:
        self.data = items(total)
        self.queries: list[dict[str, list[str]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        query = parse_qs(request.url.query.decode())
        self.queries.append(query)
        offset, limit = int(query["offset"][0]), int(query["limit"][0])
        assert limit <= 100
        return httpx.Response(200, json=self.data[offset : offset + limit])


class EnvelopeServer:
    def __init__(self, total: int) -> None:
        self.data = items(total)
        self.queries: list[dict[str, list[str]]] = []
        self.in_flight = 0
        self.most_in_flight = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        query = parse_qs(request.url.query.decode())
        self.queries.append(query)
        page, size = int(query["page"][0]), int(query["size"][0])
        assert size <= 10000
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        self.in_flight -= 1
        total_pages = max(1, math.ceil(len(self.data) / size))
        if page > total_pages:
            return httpx.Response(400, json={"detail": ["ValueError", f"Invalid page {page}."]})
        chunk = self.data[(page - 1) * size : page * size]
        return httpx.Response(
            200,
            json={
                "index": page,
                "max_size": size,
                "total_pages": total_pages,
                "total": len(self.data),
                "items": chunk,
            },
        )


@pytest.mark.parametrize(
    ("total", "page_size", "max_items", "expected", "requests"),
    [
        (0, 100, None, 0, 1),  # empty
        (7, 100, None, 7, 1),  # one short page
        (200, 100, None, 200, 3),  # exact multiple: one more request that comes back empty
        (250, 100, None, 250, 3),
        (250, 100, 120, 120, 2),  # max_items stops early and asks only for what it needs
        (250, 500, None, 250, 3),  # limit is capped at 100 whatever the page size
        (5, 2, None, 5, 3),
        (30, 100, 0, 0, 0),
    ],
)
async def test_offset_paging(
    clock: ManualClock, total: int, page_size: int, max_items: int | None, expected: int, requests: int
) -> None:
    server = OffsetServer(total)
    api = make_transport(server, clock).client("https://h", None)
    got = await fetch_offset_pages(
        api, "/workspaces", {"status": "available"}, page_size=page_size, max_items=max_items
    )
    assert got == server.data[:expected]
    assert len(server.queries) == requests
    assert all(q["status"] == ["available"] for q in server.queries)
    if max_items:
        assert sum(int(q["limit"][0]) for q in server.queries) == max_items


@pytest.mark.parametrize(
    ("total", "page_size", "max_items", "expected", "requests"),
    [
        (0, 1000, None, 0, 1),  # empty: total_pages is 1
        (7, 1000, None, 7, 1),  # one short page
        (30, 10, None, 30, 3),  # exact multiple: no request past the end
        (35, 10, None, 35, 4),
        (35, 10, 12, 12, 2),  # max_items across pages
        (35, 10, 5, 5, 1),  # max_items below the page size shrinks the page
        (35, 20000, None, 35, 1),  # size capped at 10000
    ],
)
async def test_envelope_paging(
    clock: ManualClock, total: int, page_size: int, max_items: int | None, expected: int, requests: int
) -> None:
    server = EnvelopeServer(total)
    api = make_transport(server, clock).client("https://h/api/v1", None)
    got = await fetch_envelope_pages(
        api, "/users", {"active": True}, page_size=page_size, max_items=max_items
    )
    assert got == server.data[:expected]
    assert len(server.queries) == requests
    assert all(q["active"] == ["true"] for q in server.queries)
    assert all(int(q["size"][0]) <= 10000 for q in server.queries)


async def test_envelope_pages_after_the_first_come_concurrently_within_the_cap(clock: ManualClock) -> None:
    server = EnvelopeServer(100)
    api = make_transport(server, clock, max_concurrency=4).client("https://h/api/v1", None)
    got = await fetch_envelope_pages(api, "/runs", page_size=5)
    assert got == server.data  # in order, although fetched concurrently
    assert server.most_in_flight == 4
    assert server.queries[0]["page"] == ["1"]


async def test_wrong_shapes_are_reported(clock: ManualClock) -> None:
    api = make_transport(lambda r: httpx.Response(200, json={"items": "nope"}), clock).client(
        "https://h", None
    )
    with pytest.raises(ZProError, match="expected a JSON array"):
        await fetch_offset_pages(api, "/x")
    with pytest.raises(ZProError, match="page envelope"):
        await fetch_envelope_pages(api, "/x")


async def test_a_failing_page_fails_the_list(clock: ManualClock) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(parse_qs(request.url.query.decode())["page"][0])
        if page == 3:
            return httpx.Response(404, json={"detail": ["KeyError", "gone"]})
        return httpx.Response(
            200, json={"index": page, "max_size": 2, "total_pages": 4, "total": 8, "items": items(2)}
        )

    api = make_transport(handler, clock).client("https://h", None)
    with pytest.raises(NotFound, match="gone"):
        await fetch_envelope_pages(api, "/x", page_size=2)


def test_sizes_are_validated() -> None:
    with pytest.raises(ValueError, match="page_size"):
        asyncio.run(fetch_offset_pages(None, "/x", page_size=0))  # type: ignore[arg-type]


class RoundCountingOffsetServer(OffsetServer):
    """Counts how many rounds of requests a walk takes (requests in flight together form a round)."""

    def __init__(self, total: int) -> None:
        super().__init__(total)
        self.in_flight = 0
        self.most_in_flight = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:  # type: ignore[override]
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        self.in_flight -= 1
        return super().__call__(request)


async def test_long_offset_lists_are_read_in_waves(clock: ManualClock) -> None:
    server = RoundCountingOffsetServer(2_000)
    api = make_transport(server, clock).client("https://h", None)
    got = await fetch_offset_pages(api, "/users")
    assert got == server.data  # in order, complete, nothing from past the end
    assert server.most_in_flight == 8  # waves of 1, 2, 4, then 8 pages at once
    # 20 full pages + the empty one that ends it; the last wave may ask a few pages past the end
    assert 21 <= len(server.queries) <= 21 + 7


async def test_a_server_that_ignores_offset_does_not_loop_forever(clock: ManualClock) -> None:
    # The same full page for every offset: what lies past it cannot be read, so nothing is returned
    # rather than a first page passed off as the whole list.
    data = items(100)
    api = make_transport(lambda request: httpx.Response(200, json=data), clock).client("https://h", None)
    with pytest.raises(InconsistentList, match="seems to ignore offset"):
        await fetch_offset_pages(api, "/users")


async def test_a_server_that_ignores_limit_gives_everything_once(clock: ManualClock) -> None:
    data = items(250)
    api = make_transport(lambda request: httpx.Response(200, json=data), clock).client("https://h", None)
    assert await fetch_offset_pages(api, "/users") == data


async def test_work_started_from_a_handed_page_goes_after_the_lists_next_pages(clock: ManualClock) -> None:
    # One slot: a request the caller starts from a page it was handed must not take the slot before
    # the list's next pages, or the list (and everything waiting for its end) is held up by it.
    server = OffsetServer(250)
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/users":
            sent.append(f"page@{request.url.params['offset']}")
            return server(request)
        sent.append(request.url.path)
        return httpx.Response(200, json={"ok": True})

    api = make_transport(handler, clock, max_concurrency=1).client("https://h", None)
    started: list[asyncio.Task[object]] = []

    def on_page(page: list[dict[str, object]]) -> None:
        started.append(asyncio.ensure_future(api.get(f"/work-{page[0]['id']}")))

    got = await fetch_offset_pages(api, "/users", on_page=on_page)
    await asyncio.gather(*started)
    assert got == server.data
    assert sent[:3] == ["page@0", "page@100", "page@200"]
    assert sorted(sent[3:]) == ["/work-id-00000", "/work-id-00100", "/work-id-00200"]
