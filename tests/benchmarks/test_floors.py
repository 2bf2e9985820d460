"""The floor arithmetic of the benchmarks (bench/floors.py): what each bound adds up, no timing."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from bench.counting_transport import CountingTransport
from bench.floors import CONCURRENCY, SEQUENCE, SERVER, Floor
from bench.peer_measure import SideResult


def test_the_server_bound_adds_the_round_trip_it_cannot_overlap() -> None:
    # One call, 80 ms round trip, 0.31 s of server work: no client can answer in 0.31 s.
    floor = Floor(calls=1, chain=1, round_trip_s=0.08, concurrency=16, server_s=0.31)
    assert floor.server_bound_s == pytest.approx(0.39)
    assert floor.seconds == pytest.approx(0.39)
    assert floor.limited_by == SERVER
    assert "server alone 0.31 s + 80 ms round trip" in floor.text()


def test_a_handshake_adds_to_every_bound() -> None:
    floor = Floor(calls=32, chain=3, round_trip_s=0.08, concurrency=16, server_s=0.1, handshake_s=0.08)
    assert floor.sequence_s == pytest.approx(0.08 + 3 * 0.08)
    assert floor.concurrency_s == pytest.approx(0.08 + 32 * 0.08 / 16)
    assert floor.server_bound_s == pytest.approx(0.08 + 0.1 + 0.08)
    assert floor.limited_by == SEQUENCE
    assert floor.as_details()["floor_handshake_s"] == pytest.approx(0.08)


def test_without_a_server_time_the_network_sets_the_floor() -> None:
    floor = Floor(calls=1600, chain=10, round_trip_s=0.04, concurrency=16, server_s=None)
    assert floor.seconds == pytest.approx(4.0)
    assert floor.limited_by == CONCURRENCY


def test_the_median_round_pays_the_handshake_of_the_rounds_that_began_cold() -> None:
    assert SideResult(cold=[True, True, False]).handshake_s(0.08) == pytest.approx(0.08)
    assert SideResult(cold=[False, True]).handshake_s(0.08) == pytest.approx(0.04)
    assert SideResult(cold=[]).handshake_s(0.08) == 0.0


def test_the_counting_transport_measures_the_idle_before_a_round() -> None:
    async def scenario() -> tuple[float | None, float | None]:
        wire = CountingTransport(httpx.MockTransport(lambda request: httpx.Response(200, json={})))
        async with httpx.AsyncClient(transport=wire) as client:
            wire.reset()
            await client.get("http://127.0.0.1/a")
            first = wire.idle_before_s  # nothing was sent before: no idle to speak of
            wire.reset()
            await asyncio.sleep(0.05)
            await client.get("http://127.0.0.1/b")
            return first, wire.idle_before_s

    first, second = asyncio.run(scenario())
    assert first is None
    assert second is not None
    assert second >= 0.05
