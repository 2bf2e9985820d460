"""The concurrency cap's queue: pages of a list already begun go ahead of new work (zpro_nb._core.limits)."""

from __future__ import annotations

import asyncio

from zpro_nb._core.limits import Limits, continuing


async def _take(limits: Limits, name: str, order: list[str], hold: asyncio.Event) -> None:
    async with limits.slot():
        order.append(name)
        await hold.wait()


def test_a_continuing_request_takes_the_next_free_slot_before_earlier_new_ones() -> None:
    async def scenario() -> list[str]:
        limits = Limits(max_concurrency=1)
        order: list[str] = []
        hold = asyncio.Event()
        first = asyncio.ensure_future(_take(limits, "first", order, hold))
        await asyncio.sleep(0)
        new = [asyncio.ensure_future(_take(limits, f"new{i}", order, hold)) for i in range(3)]
        await asyncio.sleep(0)
        with continuing():
            later_page = asyncio.ensure_future(_take(limits, "later page", order, hold))
        await asyncio.sleep(0)
        hold.set()
        await asyncio.gather(first, *new, later_page)
        return order

    assert asyncio.run(scenario()) == ["first", "later page", "new0", "new1", "new2"]


def test_a_cancelled_waiter_gives_up_its_place_and_the_cap_holds() -> None:
    async def scenario() -> tuple[list[str], int]:
        limits = Limits(max_concurrency=2)
        order: list[str] = []
        hold = asyncio.Event()
        running = [asyncio.ensure_future(_take(limits, f"run{i}", order, hold)) for i in range(2)]
        await asyncio.sleep(0)
        gone = asyncio.ensure_future(_take(limits, "cancelled", order, hold))
        waiting = [asyncio.ensure_future(_take(limits, f"wait{i}", order, hold)) for i in range(3)]
        await asyncio.sleep(0)
        gone.cancel()
        in_use = len(order)  # two slots, two holders: nobody else got in
        hold.set()
        await asyncio.gather(*running, *waiting)
        assert gone.cancelled()
        return order, in_use

    order, in_use = asyncio.run(scenario())
    assert in_use == 2
    assert order == ["run0", "run1", "wait0", "wait1", "wait2"]


def test_outside_a_continuing_block_requests_keep_their_order() -> None:
    async def scenario() -> list[str]:
        limits = Limits(max_concurrency=1)
        order: list[str] = []
        hold = asyncio.Event()
        tasks = [asyncio.ensure_future(_take(limits, str(i), order, hold)) for i in range(5)]
        await asyncio.sleep(0)
        hold.set()
        await asyncio.gather(*tasks)
        return order

    assert asyncio.run(scenario()) == ["0", "1", "2", "3", "4"]
