"""Lists that never end or contradict themselves end in ``InconsistentList``, having read little."""

from __future__ import annotations

from urllib.parse import parse_qs

import httpx
import pytest

from core.pro_fakes import make_transport
from zpro_nb._core.bounds import ReadBounds
from zpro_nb._core.clock import ManualClock
from zpro_nb._core.errors import InconsistentList, InvalidArgument
from zpro_nb._core.paging import fetch_envelope_pages, fetch_offset_pages

pytestmark = pytest.mark.anyio


def _query(request: httpx.Request) -> dict[str, int]:
    return {k: int(v[0]) for k, v in parse_qs(request.url.query.decode()).items()}


@pytest.mark.parametrize(("total", "expected"), [(250, 250), (251, None)])
async def test_offset_lists_stop_one_item_past_the_ceiling(
    clock: ManualClock, total: int, expected: int | None
) -> None:
    asked: list[dict[str, int]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        q = _query(request)
        asked.append(q)
        end = min(total, q["offset"] + q["limit"])
        return httpx.Response(200, json=[{"id": i} for i in range(q["offset"], end)])

    api = make_transport(handler, clock, bounds=ReadBounds(max_list_items=250)).client("https://h", None)
    if expected is None:
        with pytest.raises(InconsistentList, match=r"more than 250 items \(ReadBounds.max_list_items\)"):
            await fetch_offset_pages(api, "/users")
    else:
        assert len(await fetch_offset_pages(api, "/users")) == expected
    assert sum(q["limit"] for q in asked) <= 251  # never asked past the ceiling + 1


async def test_offset_pages_that_repeat_items_are_refused(clock: ManualClock) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        offset = _query(request)["offset"]
        return httpx.Response(200, json=[{"id": (offset + i) % 150} for i in range(100)])

    api = make_transport(handler, clock).client("https://h", None)
    with pytest.raises(InconsistentList, match="offset 100 repeats 50 item"):
        await fetch_offset_pages(api, "/users")


def envelope(
    page: int, items: list[object], *, total: int, total_pages: int, size: int = 2
) -> httpx.Response:
    return httpx.Response(
        200,
        json={"index": page, "max_size": size, "total": total, "total_pages": total_pages, "items": items},
    )


@pytest.mark.parametrize(
    ("lie", "message"),
    [
        ("huge", r"announces 20,000,000 items"),
        ("self", r"announces 6 items in 10,000,000 pages"),
        ("shifting", r"total was 6 on page 1 and is 8 on page 2"),
        ("oversized", r"page 2 has 3 items; pages of 2"),
        ("repeat", r"page 2 repeats 2 item"),
        ("index", r"page 2 was asked for and page 1 came back"),
        ("beyond", r"brings the items to 6, more than the 5 announced"),
    ],
)
async def test_envelope_lies_are_caught(clock: ManualClock, lie: str, message: str) -> None:
    asked: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        page = _query(request)["page"]
        asked.append(page)
        fresh = [{"id": f"{page}-{i}"} for i in range(2)]
        match lie:
            case "huge":
                return envelope(page, fresh, total=20_000_000, total_pages=10_000_000)
            case "self":
                return envelope(page, fresh, total=6, total_pages=10_000_000)
            case "shifting":
                return envelope(page, fresh, total=6 + 2 * (page - 1), total_pages=3 + (page - 1))
            case "oversized":
                return envelope(page, [*fresh, {"id": "x"}] if page == 2 else fresh, total=6, total_pages=3)
            case "repeat":
                return envelope(page, [{"id": f"1-{i}"} for i in range(2)], total=6, total_pages=3)
            case "index":
                return envelope(1, fresh, total=6, total_pages=3)
            case _:
                return envelope(page, fresh, total=5, total_pages=3)

    api = make_transport(handler, clock, bounds=ReadBounds(max_list_items=1000)).client("https://h", None)
    with pytest.raises(InconsistentList, match=message):
        await fetch_envelope_pages(api, "/runs", page_size=2)
    assert len(asked) <= 3


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_list_items", 0),
        ("max_response_bytes", 1.5),
        ("response_deadline", float("inf")),
        ("response_deadline", "5"),
    ],
)
def test_read_bounds_are_checked(field: str, value: object) -> None:
    with pytest.raises(InvalidArgument, match=f"ReadBounds.{field} must be"):
        ReadBounds(**{field: value})  # type: ignore[arg-type]
