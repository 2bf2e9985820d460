"""Cross-workspace runs: ``s.runs(workspaces=..., since=...)`` over 50 running workspaces against the
loop a notebook would write without it, ``s.workspace(name).runs(since=...)`` one after another.

Runs on the organization-scale sandbox (:mod:`bench.bench_org` hands it over, 40 ms latency on).
Each side runs in a fresh client process (``bench/org_client.py``), after one untimed pass of each
(the sandbox seeds a workspace's store on its first sign-in); each round times the org-wide call
before and after one loop, so each of its samples sits next to one of the loop's.
Both sides must read the same runs (their sorted ids are hashed and compared). The org-wide call's
floor (:mod:`bench.floors`) takes its calls and calls in sequence from the wire and the sandbox's
own time from its CPU seconds while the call ran.
"""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Callable
from typing import Any

import httpx

from bench.floors import Floor
from bench.report import Figure
from bench.sandbox_process import RunningSandbox
from bench.sandbox_setup import every_page

WORKSPACES = 50
SINCE = "30d"
TARGET_VS_LOOP = 8.0
TARGET_OVER_FLOOR = 1.5

Client = Callable[[dict[str, Any]], dict[str, Any]]


async def running_workspaces(sandbox: RunningSandbox, org_id: str, count: int) -> list[str]:
    """The names of ``count`` available workspaces of the organization (by name), plain httpx."""
    async with httpx.AsyncClient(base_url=sandbox.url, timeout=120.0) as client:
        params = {"organization_id": org_id, "status": "available"}
        records = await every_page(client, "/workspaces", sandbox.admin_token, params)
    names = sorted(str(w["name"]) for w in records)
    if len(names) < count:
        raise RuntimeError(f"the organization has {len(names)} running workspaces, not {count}")
    return names[:count]


def measure(run_client: Client, names: list[str], rounds: int) -> dict[str, Any]:
    """``rounds`` of the loop, each between two of the org-wide call (A B A); ``run_client(extra)``
    runs one fresh client process.

    The org-wide call twice a round: it takes half a second against the loop's seven, and its median
    of three moved by a tenth with the machine (0.52, 0.57 and 0.57 s in one run).
    """
    extra = {"workspaces": names, "since": SINCE}
    for op in ("runs_across", "runs_loop"):  # untimed: the first sign-in of each workspace seeds it
        run_client({"op": op, **extra})
    answers: dict[str, list[dict[str, Any]]] = {"runs_across": [], "runs_loop": []}
    for _ in range(rounds):
        for op in ("runs_across", "runs_loop", "runs_across"):
            answers[op].append({**run_client({"op": op, **extra}), "workspaces": len(names)})
    return answers


def figures(
    answers: dict[str, list[dict[str, Any]]], latency_ms: float, concurrency: int, common: dict[str, Any]
) -> list[Figure]:
    """Against the loop (>= 8x) and against the floor (<= 1.5x)."""
    ours, loop = answers["runs_across"], answers["runs_loop"]
    ours_s = statistics.median(a["seconds"] for a in ours)
    loop_s = statistics.median(a["seconds"] for a in loop)
    last = ours[-1]
    server_s = statistics.median(a["server_cpu_s"] for a in ours)
    floor = Floor(last["calls"], last["chain"], latency_ms / 1000, concurrency, server_s, "sandbox CPU time")
    digests = {a["ids_sha256"] for a in ours + loop}
    error = None if len(digests) == 1 else f"the two sides read different runs ({len(digests)} sets)"
    speedup = loop_s / ours_s
    over = ours_s / floor.seconds
    base = {
        **common,
        "workspaces": last["workspaces"],
        "since": SINCE,
        "rows": last["rows"],
        "zpro_nb_rounds_s": [round(a["seconds"], 4) for a in ours],
        "zpro_nb_median_s": round(ours_s, 4),
        "loop_rounds_s": [round(a["seconds"], 4) for a in loop],
        "loop_median_s": round(loop_s, 4),
        "zpro_nb_calls": last["calls"],
        "loop_calls": loop[-1]["calls"],
        "loop_calls_in_sequence": loop[-1]["chain"],
        "zpro_nb_max_in_flight": last["max_in_flight"],
    }
    label = f"cross-workspace runs since {SINCE} ({last['workspaces']} workspaces, {latency_ms:g} ms latency)"
    return [
        Figure(
            name=f"{label} vs a sequential loop over s.workspace(...)",
            target=f">= {TARGET_VS_LOOP:g}x faster",
            measured=f"{speedup:.1f}x ({ours_s:.2f} s vs {loop_s:.2f} s; {last['calls']} vs "
            f"{loop[-1]['calls']} calls, {last['rows']} runs)",
            passed=error is None and speedup >= TARGET_VS_LOOP,
            value=round(speedup, 3),
            details=base,
            error=error,
        ),
        Figure(
            name=f"{label} vs its floor",
            target=f"<= {TARGET_OVER_FLOOR:g}x the floor",
            measured=f"{over:.2f}x ({ours_s:.2f} s; {last['calls']} calls, {last['chain']} in sequence; "
            f"{floor.text()})",
            passed=error is None and over <= TARGET_OVER_FLOOR,
            value=round(over, 3),
            # drawn in the chart as zpro_nb, the loop and the floor
            details={
                **base,
                "a_median_s": round(ours_s, 4),
                "b_median_s": round(loop_s, 4),
                **floor.as_details(),
            },
            error=error,
        ),
    ]


def run(
    sandbox: RunningSandbox,
    org_id: str,
    run_client: Client,
    latency_ms: float,
    concurrency: int,
    rounds: int,
    common: dict[str, Any],
    workspaces: int = WORKSPACES,
) -> list[Figure]:
    """The two cross-workspace figures, on a sandbox already at organization scale and latency."""
    names = asyncio.run(running_workspaces(sandbox, org_id, workspaces))
    return figures(measure(run_client, names, rounds), latency_ms, concurrency, common)
