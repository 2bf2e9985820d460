"""Paging: every run of a workspace through zpro_nb's envelope paging against a sequential page loop.

Both sides fetch the same pages (``page``/``size``) of ``/api/v1/runs`` with the same server latency
added to every request: over bare loopback sequential paging is already fast, and the concurrent
advantage is the latency a real workspace server adds. zpro_nb reads page 1, learns
``total_pages``, then fetches the rest concurrently within its cap.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from bench.counting_transport import CountingTransport, longest_chain
from bench.floors import Floor
from bench.report import Figure
from bench.sandbox_process import sandbox_process
from bench.sandbox_setup import (
    available_workspace,
    bearer,
    server_url,
    set_faults,
    top_up_runs,
    workspace_login,
)
from bench.side_by_side import alternate_async

TARGET_SPEEDUP = 3.0
RUNS_PATH = "/api/v1/runs"


def name(runs: int, page_size: int, latency_ms: float) -> str:
    """The figure's name."""
    return f"paging: {runs:,} runs, page size {page_size:,}, {latency_ms:g} ms latency both sides"


async def sequential_pages(client: httpx.AsyncClient, ws_url: str, token: str, page_size: int) -> int:
    """The plain loop: page 1, 2, ... until ``total_pages``; returns the item count."""
    count, page = 0, 1
    while True:
        response = await client.get(
            f"{ws_url}{RUNS_PATH}", params={"page": page, "size": page_size}, headers=bearer(token)
        )
        response.raise_for_status()
        body = response.json()
        count += len(body["items"])
        if page >= int(body["total_pages"]):
            return count
        page += 1


async def _measure(
    url: str, pro_token: str, runs: int, page_size: int, latency_ms: float, rounds: int
) -> dict[str, Any]:
    from zpro_nb._core.credentials import StaticBearerAuth
    from zpro_nb._core.paging import fetch_envelope_pages
    from zpro_nb._core.transport import Transport

    async with httpx.AsyncClient(base_url=url, timeout=120.0) as plain:
        workspace = await available_workspace(plain, pro_token)
        ws_url = server_url(workspace)
        ws_token = await workspace_login(plain, ws_url, pro_token)
        total = await top_up_runs(plain, ws_url, ws_token, runs)
        # Latency goes on only after set-up, so creating the runs does not pay it.
        await set_faults(plain, pro_token, latency_ms=latency_ms)

        wire = CountingTransport()
        transport = Transport(transport=wire, timeout=120.0)
        client = transport.client(ws_url, StaticBearerAuth(ws_token))
        counts: dict[str, int] = {}

        async def ours() -> float:
            started = time.perf_counter()
            items = await fetch_envelope_pages(client, RUNS_PATH, None, page_size=page_size)
            elapsed = time.perf_counter() - started
            counts["zpro_nb"] = len(items)
            return elapsed

        async def plain_loop() -> float:
            started = time.perf_counter()
            counts["sequential"] = await sequential_pages(plain, ws_url, ws_token, page_size)
            return time.perf_counter() - started

        try:
            result = await alternate_async(ours, plain_loop, rounds)
            # Once more with latency off: what the sandbox alone needs to serve the pages. One
            # sandbox process renders one page at a time, so this is a floor for concurrent paging.
            await set_faults(plain, pro_token, latency_ms=0)
            server_alone = await ours()
            sequential_alone = await plain_loop()
        finally:
            await transport.aclose()
    if counts["zpro_nb"] != total or counts["sequential"] != total:
        raise RuntimeError(f"item counts differ: workspace holds {total}, fetched {counts}")
    return {
        "workspace_runs": total,
        "pages": -(-total // page_size),
        "zpro_nb_requests_per_round": wire.requests // (rounds + 1),
        "zpro_nb_max_in_flight": wire.max_in_flight,
        # identical rounds, apart in time: the chain of all of them is one round's chain, rounds + 1 times
        "zpro_nb_calls_in_sequence": longest_chain(wire.spans) // (rounds + 1),
        "max_concurrency": transport.limits.max_concurrency,
        "zpro_nb_latency_off_s": round(server_alone, 4),
        "sequential_latency_off_s": round(sequential_alone, 4),
        **result.as_details(),
    }


def run(runs: int, page_size: int, latency_ms: float, rounds: int) -> Figure:
    """Median of ``rounds`` alternating rounds: zpro_nb's paging vs the sequential loop."""
    with sandbox_process("--ready-delay", "0") as sandbox:
        details = asyncio.run(_measure(sandbox.url, sandbox.admin_token, runs, page_size, latency_ms, rounds))
    speedup = details["b_median_s"] / details["a_median_s"]
    floor = Floor(
        details["zpro_nb_requests_per_round"],
        details["zpro_nb_calls_in_sequence"],
        latency_ms / 1000,
        details["max_concurrency"],
        details["zpro_nb_latency_off_s"],
    )
    details.update(floor.as_details())
    details["over_floor"] = round(details["a_median_s"] / floor.seconds, 3)
    return Figure(
        name=name(runs, page_size, latency_ms),
        target=f">= {TARGET_SPEEDUP:g}x faster than sequential",
        measured=f"{speedup:.1f}x ({details['a_median_s']:.2f} s vs {details['b_median_s']:.2f} s, "
        f"median of {rounds}; latency off: {details['zpro_nb_latency_off_s']:.2f} s vs "
        f"{details['sequential_latency_off_s']:.2f} s); {details['over_floor']:.2f}x the {floor.text()}",
        passed=speedup >= TARGET_SPEEDUP,
        value=round(speedup, 3),
        details={"latency_ms": latency_ms, "page_size": page_size, "rounds": rounds, **details},
    )
