"""The concurrency cap and the client-side rate limit, measured on the injected clock."""

from __future__ import annotations

import asyncio
import itertools

import httpx
import pytest

from core.pro_fakes import make_transport
from zpro_nb._core.clock import ManualClock
from zpro_nb._core.limits import Limits, TokenBucket

pytestmark = pytest.mark.anyio


async def test_concurrency_cap_bounds_requests_in_flight(clock: ManualClock) -> None:
    in_flight = 0
    most = 0
    release = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await release.wait()
        in_flight -= 1
        return httpx.Response(200, json=[])

    api = make_transport(handler, clock, max_concurrency=3).client("https://h", None)
    calls = [asyncio.ensure_future(api.get(f"/x/{i}")) for i in range(10)]
    for _ in range(20):  # let every task run up to where it blocks
        await asyncio.sleep(0)
    assert in_flight == 3
    release.set()
    await asyncio.gather(*calls)
    assert most == 3


async def test_cap_is_shared_by_every_client_of_one_transport(clock: ManualClock) -> None:
    in_flight = 0
    most = 0
    release = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await release.wait()
        in_flight -= 1
        return httpx.Response(200, json={})

    transport = make_transport(handler, clock, max_concurrency=2)
    pro = transport.client("https://pro", None)
    workspace = transport.client("https://ws/api/v1", None)
    calls = [asyncio.ensure_future(c.get("/x")) for c in (pro, workspace, pro, workspace)]
    for _ in range(20):
        await asyncio.sleep(0)
    assert in_flight == 2
    release.set()
    await asyncio.gather(*calls)
    assert most == 2


async def test_rate_limit_spaces_requests_on_the_clock(clock: ManualClock) -> None:
    sent_at: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent_at.append(clock.monotonic())
        return httpx.Response(200, json={})

    api = make_transport(handler, clock, rate_limit=2.0).client("https://h", None)
    await asyncio.gather(*(api.get("/x") for _ in range(8)))
    start = sent_at[0]
    offsets = [t - start for t in sent_at]
    # A burst of 2, then one every 0.5 s: 8 requests span 3 s.
    assert offsets[:2] == [0.0, 0.0]
    assert offsets[-1] == pytest.approx(3.0)
    for earlier, later in itertools.pairwise(offsets[1:]):
        assert later - earlier == pytest.approx(0.5)


async def test_token_bucket_refills_with_time(clock: ManualClock) -> None:
    bucket = TokenBucket(1.0, burst=1.0, clock=clock)
    await bucket.acquire()
    assert clock.sleeps == []
    clock.advance(5.0)  # idle time refills, but never above the burst
    await bucket.acquire()
    await bucket.acquire()
    assert clock.sleeps == [pytest.approx(1.0)]


def test_limits_validate_their_arguments() -> None:
    with pytest.raises(ValueError, match="max_concurrency"):
        Limits(0)
    with pytest.raises(ValueError, match="rate"):
        TokenBucket(0)
