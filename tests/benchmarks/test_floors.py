"""The floor arithmetic of the benchmarks (bench/floors.py): what each bound adds up, no timing."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from bench.bench_peer import _figure
from bench.chart import bars
from bench.counting_transport import CountingTransport
from bench.floors import CONCURRENCY, SEQUENCE, SERVER, Floor
from bench.peer_measure import SideResult, alternate_sides
from bench.report import Figure


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


def _side(seconds: list[float], cold: list[bool] | None = None) -> SideResult:
    return SideResult(
        seconds=seconds, cold=cold or [False] * len(seconds), calls=2, chain=2, ids={"runs": []}
    )


def test_real_peer_figures_take_each_side_at_its_best_sample() -> None:
    # The server pauses by the count of large listings: a pause on zpro_nb's turn (1.1 s) or on the
    # server alone's (0.9 s) must not move the figure; the call without a pause sets it.
    op_result = {
        "results": {
            "zpro_nb": _side([1.1, 0.52, 1.05], cold=[False, True, False]),
            "zenml_best": _side([0.9, 0.8, 1.3]),
        },
        "server_s": min([0.9, 0.41, 0.44]),
        "server_median_s": 0.44,
        "server_rounds_s": [0.9, 0.41, 0.44],
        "samples_per_round": 3,
        "mismatch": None,
    }
    common = {"zenml_best_page_size": 1000}
    figure = _figure("runs since", op_result, "zenml_best", 2.0, 40.0, common, server_floor_ok=True)
    details = figure.details
    # the best zpro_nb sample began on a new connection: its floor owes the handshake
    assert details["floor_s"] == pytest.approx(0.08 + 0.41 + 0.08)
    assert details["over_floor"] == pytest.approx(0.52 / 0.57, abs=1e-3)
    assert details["speedup"] == pytest.approx(0.8 / 0.52, abs=1e-3)
    assert details["over_floor_of_medians"] == pytest.approx(1.05 / (0.44 + 0.08), abs=1e-3)
    assert figure.passed  # 0.91x a floor set by the server's work


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


def test_the_chart_draws_real_server_bars_at_the_samples_they_are_judged_on() -> None:
    details = {"floor_s": 0.34, "zpro_nb_best_s": 0.34, "zenml_best_s": 0.47}
    details |= {"zpro_nb_median_s": 0.75, "zenml_median_s": 0.83}
    figure = Figure("real server: runs since (5,000 runs)", "t", "m", True, details=details)
    assert bars([figure]) == [("runs since", 0.34, 0.47, 0.34)]


def test_the_chart_draws_the_cross_workspace_loop_beside_zpro_nb() -> None:
    # The figure holds zpro_nb's median under its own name too: that alone drew no loop bar.
    details = {"floor_s": 0.40, "zpro_nb_median_s": 0.59, "a_median_s": 0.59, "b_median_s": 7.34}
    figure = Figure(
        "cross-workspace runs since 30d (50 workspaces) vs its floor", "t", "m", True, details=details
    )
    assert bars([figure]) == [("cross-workspace runs since 30d vs its floor", 0.59, 7.34, 0.40)]
    alone = Figure(
        "org scale: access_matrix vs its floor", "t", "m", True, details={"floor_s": 4.0, "median_s": 5.0}
    )
    assert bars([alone]) == [("org scale: access_matrix vs its floor", 5.0, None, 4.0)]


def test_a_floor_above_the_measured_time_passes_nothing() -> None:
    # every sample of the server alone met a pause: 0.46 s at best, where zpro_nb took 0.23 s
    op_result = {
        "results": {"zpro_nb": _side([0.23, 0.26, 0.3]), "zenml_best": _side([0.29, 0.37, 0.4])},
        "server_s": 0.46,
        "server_median_s": 0.5,
        "server_rounds_s": [0.46, 0.5, 0.52],
        "samples_per_round": 3,
        "mismatch": None,
    }
    figure = _figure("every run", op_result, "zenml_best", 2.0, 40.0, {"zenml_best_page_size": 1000}, True)
    assert figure.details["floor_above_measured"] is True
    assert not figure.passed  # 1.3x the Client, and the floor's verdict is void
    assert "the floor is above the measured time" in figure.measured


def test_seeded_rounds_shuffle_the_turns_and_keep_every_sample() -> None:
    seen: list[str] = []

    def side(name: str) -> Any:
        async def one() -> SideResult:
            seen.append(name)
            return SideResult(seconds=[0.1], cold=[False])

        return one

    sides = {n: side(n) for n in ("zpro_nb", "server_alone", "best", "defaults")}
    repeat = {"zpro_nb": 3, "server_alone": 3, "best": 3}
    results = asyncio.run(alternate_sides(sides, 3, repeat, seed=16))
    assert [len(results[n].seconds) for n in sides] == [9, 9, 9, 3]
    rounds = [seen[i * 10 : (i + 1) * 10] for i in range(3)]
    assert len({tuple(r) for r in rounds}) == 3  # a different order each round
    again: list[str] = []
    seen_before, seen[:] = list(seen), again
    asyncio.run(alternate_sides(sides, 3, repeat, seed=16))
    assert seen == seen_before  # the same seed, the same orders
