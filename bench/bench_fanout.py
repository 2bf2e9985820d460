"""Fan-out: the access matrix of a 100-workspace organization with 40 ms of latency per request.

Side A is ``Session.access_matrix(organization=...)``, zpro_nb's public call. Side B is the approach
of ZenML's documentation as a plain sequential httpx loop: list the organization's workspaces and
its workspace-level roles, fetch each role's assignments in each workspace, then the members of
every team holding a role. Both must produce the same (user, workspace) cells.

The bound is ``calls x latency / concurrency``, ``calls`` being the requests zpro_nb really sent
(counted on the wire, below every client layer). A third figure fans the documented calls
themselves out through zpro_nb's transport: it shows how close the request core gets to the bound
when the calls do not depend on each other.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from bench.counting_transport import CountingTransport, longest_chain
from bench.fanout_setup import FanoutOrganization, own_organization, trimmed_seed_organization
from bench.floors import Floor
from bench.report import Figure
from bench.sandbox_process import RunningSandbox, sandbox_process
from bench.sandbox_setup import bearer, set_faults
from bench.side_by_side import alternate

TARGET_SPEEDUP = 10.0
TARGET_OVER_BOUND = 1.5

Cells = set[tuple[str, str]]


def sequential_access_matrix(client: httpx.Client, token: str, org_id: str) -> tuple[Cells, int]:
    """ZenML's documented approach, one request after another: (username, workspace) cells, calls."""
    headers = bearer(token)
    calls = 0

    def get(path: str, params: dict[str, Any] | None = None) -> Any:
        nonlocal calls
        calls += 1
        response = client.get(path, params=params, headers=headers)
        response.raise_for_status()
        return response.json()

    workspaces: list[dict[str, Any]] = []
    while True:
        page = get("/workspaces", {"organization_id": org_id, "offset": len(workspaces), "limit": 100})
        workspaces += page
        if len(page) < 100:
            break
    roles = get(f"/organizations/{org_id}/roles", {"level": "workspace"})
    cells: Cells = set()
    team_workspaces: dict[str, set[str]] = {}
    for ws in workspaces:
        for role in roles:
            for assignment in get(f"/roles/{role['id']}/assignments", {"workspace_id": ws["id"]}):
                if assignment.get("user"):
                    cells.add((assignment["user"]["username"], ws["name"]))
                elif assignment.get("team"):
                    team_workspaces.setdefault(assignment["team"]["id"], set()).add(ws["name"])
    for team_id, names in team_workspaces.items():
        for user in get(f"/teams/{team_id}/members"):
            cells.update((user["username"], name) for name in names)
    return cells, calls


def _matrix_cells(frame: Any) -> Cells:
    """The non-empty (user, workspace) cells of ``Session.access_matrix``'s frame."""
    cells: Cells = set()
    for user, row in frame.iterrows():
        cells.update((str(user), str(ws)) for ws, value in row.items() if isinstance(value, str) and value)
    return cells


async def _core_fanout(url: str, org: FanoutOrganization, concurrency: int) -> dict[str, Any]:
    """The documented per-workspace, per-role calls, all sent at once through zpro_nb's transport."""
    from zpro_nb._core.credentials import StaticBearerAuth
    from zpro_nb._core.limits import Limits
    from zpro_nb._core.transport import Transport

    async with httpx.AsyncClient(base_url=url, timeout=60.0) as plain:
        roles = (
            await plain.get(
                f"/organizations/{org.id}/roles", params={"level": "workspace"}, headers=bearer(org.token)
            )
        ).json()
    wire = CountingTransport()
    transport = Transport(limits=Limits(max_concurrency=concurrency), transport=wire, timeout=60.0)
    client = transport.client(url, StaticBearerAuth(org.token))
    try:
        started = time.perf_counter()
        await asyncio.gather(
            *(
                client.get(f"/roles/{role['id']}/assignments", {"workspace_id": ws_id})
                for ws_id in org.workspace_ids
                for role in roles
            )
        )
        elapsed = time.perf_counter() - started
    finally:
        await transport.aclose()
    return {
        "core_s": round(elapsed, 4),
        "core_calls": wire.requests,
        "core_max_in_flight": wire.max_in_flight,
    }


async def _core_figures(
    url: str, org: FanoutOrganization, concurrency: int, latency_ms: float
) -> dict[str, Any]:
    """The core's fan-out with the latency, then again without: the second is what the server alone needs.

    A single sandbox process answers one request at a time on one core; when its own work for the
    calls exceeds ``calls x latency / concurrency``, the bound is out of any client's reach.
    """
    figures = await _core_fanout(url, org, concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=60.0) as plain:
        await set_faults(plain, org.token, latency_ms=0)
        figures["core_server_alone_s"] = (await _core_fanout(url, org, concurrency))["core_s"]
        await set_faults(plain, org.token, latency_ms=latency_ms)
    return figures


def _measure(url: str, org: FanoutOrganization, concurrency: int, rounds: int) -> dict[str, Any]:
    # Frames import pandas on first use: a once-per-kernel cost the import figure covers, kept out here.
    import pandas  # noqa: F401

    import zpro_nb

    seen: dict[str, Any] = {}

    def ours() -> float:
        wire = CountingTransport()
        session = zpro_nb.connect(url=url, token=org.token, max_concurrency=concurrency, transport=wire)
        try:
            wire.reset()  # a sign-in call is set-up, not part of the matrix
            started = time.perf_counter()
            # progress=False: the bar is cosmetic, and its redraws would interleave with the table
            frame = session.access_matrix(organization=org.name, progress=False)
            elapsed = time.perf_counter() - started
        finally:
            session.close()
        seen.update(
            zpro_nb_calls=wire.requests,
            zpro_nb_sequential_steps=longest_chain(wire.spans),
            zpro_nb_max_in_flight=wire.max_in_flight,
            zpro_nb_non_2xx=sum(n for status, n in wire.statuses.items() if status >= 300),
            zpro_nb_matrix_shape=list(frame.shape),
        )
        seen["zpro_nb_cells"] = _matrix_cells(frame)
        return elapsed

    def sequential() -> float:
        with httpx.Client(base_url=url, timeout=60.0) as client:
            started = time.perf_counter()
            cells, calls = sequential_access_matrix(client, org.token, org.id)
            elapsed = time.perf_counter() - started
        seen.update(sequential_calls=calls, sequential_cells=cells)
        return elapsed

    result = alternate(ours, sequential, rounds)
    ours_cells: Cells = seen.pop("zpro_nb_cells")
    theirs: Cells = seen.pop("sequential_cells")
    seen.update(
        cells_with_a_role=len(theirs),
        cells_only_in_zpro_nb=len(ours_cells - theirs),
        cells_only_in_sequential=len(theirs - ours_cells),
    )
    return {**seen, **result.as_details()}


@contextmanager
def _organization(workspaces: int, latency_ms: float) -> Iterator[tuple[RunningSandbox, FanoutOrganization]]:
    """A sandbox holding the benchmark organization, latency switched on once set-up is done."""

    async def prepare(sandbox: RunningSandbox, large: bool) -> FanoutOrganization | None:
        async with httpx.AsyncClient(base_url=sandbox.url, timeout=120.0) as client:
            if large:
                org: FanoutOrganization | None = await trimmed_seed_organization(
                    client, sandbox.admin_token, workspaces
                )
            else:
                org = await own_organization(client, sandbox.tokens, workspaces)
            if org is not None:
                await set_faults(client, sandbox.admin_token, latency_ms=latency_ms)
            return org

    # An organization of its own needs room for N workspaces: new ones are trials by default.
    with sandbox_process("--ready-delay", "0", "--workspace-limit", str(max(workspaces, 2) + 10)) as sandbox:
        org = asyncio.run(prepare(sandbox, large=False))
        if org is not None:
            yield sandbox, org
            return
    with sandbox_process("--ready-delay", "0", "--scale", "large") as sandbox:
        org = asyncio.run(prepare(sandbox, large=True))
        assert org is not None
        yield sandbox, org


def run(workspaces: int, latency_ms: float, concurrency: int, rounds: int) -> list[Figure]:
    """Three figures: speed-up over the documented loop, access_matrix over its bound, the core's fan-out."""
    with _organization(workspaces, latency_ms) as (sandbox, org):
        details = _measure(sandbox.url, org, concurrency, rounds)
        details.update(asyncio.run(_core_figures(sandbox.url, org, concurrency, latency_ms)))
    if details["cells_only_in_zpro_nb"] or details["cells_only_in_sequential"]:
        mismatch = (
            f"access_matrix and the documented loop disagree: {details['cells_only_in_zpro_nb']} cells only "
            f"in zpro_nb, {details['cells_only_in_sequential']} only in the loop"
        )
    else:
        mismatch = None
    lat = latency_ms / 1000
    calls = details["zpro_nb_calls"]
    bound = calls * lat / concurrency
    steps_floor = details["zpro_nb_sequential_steps"] * lat
    core_bound = details["core_calls"] * lat / concurrency
    speedup = details["b_median_s"] / details["a_median_s"]
    over_bound = details["a_median_s"] / bound
    core_over = details["core_s"] / core_bound
    common = {
        "organization": org.name,
        "how": org.how,
        "workspaces": len(org.workspace_ids),
        "latency_ms": latency_ms,
        "max_concurrency": concurrency,
        "rounds": rounds,
        "bound_s": round(bound, 4),
        "sequential_steps_floor_s": round(steps_floor, 4),
        "core_bound_s": round(core_bound, 4),
        **details,
    }
    floor = Floor(calls, details["zpro_nb_sequential_steps"], lat, concurrency, None)
    core_floor = Floor(details["core_calls"], 1, lat, concurrency, details["core_server_alone_s"])
    label = f"{len(org.workspace_ids)} workspaces, {latency_ms:g} ms latency"
    return [
        Figure(
            name=f"fan-out: access_matrix vs documented sequential httpx loop ({label})",
            target=f">= {TARGET_SPEEDUP:g}x faster",
            measured=f"{speedup:.1f}x ({details['a_median_s']:.2f} s vs {details['b_median_s']:.2f} s; "
            f"{calls} vs {details['sequential_calls']} calls)",
            passed=speedup >= TARGET_SPEEDUP and mismatch is None,
            value=round(speedup, 3),
            details=common,
            error=mismatch,
        ),
        Figure(
            name=f"fan-out: access_matrix vs bound calls x latency / {concurrency} ({label})",
            target=f"<= {TARGET_OVER_BOUND:g}x the bound",
            measured=f"{over_bound:.2f}x ({details['a_median_s']:.2f} s vs {bound:.3f} s = {calls} x "
            f"{latency_ms:g} ms / {concurrency}; {details['zpro_nb_sequential_steps']} calls in sequence); "
            f"{details['a_median_s'] / floor.seconds:.2f}x the {floor.text()}",
            passed=over_bound <= TARGET_OVER_BOUND,
            value=round(over_bound, 3),
            details={**common, **floor.as_details()},
        ),
        Figure(
            name=f"fan-out: request core, the documented calls at once vs bound ({label})",
            target=f"<= {TARGET_OVER_BOUND:g}x the bound",
            measured=f"{core_over:.2f}x ({details['core_s']:.2f} s vs {core_bound:.2f} s = "
            f"{details['core_calls']} x {latency_ms:g} ms / {concurrency}; the sandbox alone needs "
            f"{details['core_server_alone_s']:.2f} s for them); "
            f"{details['core_s'] / core_floor.seconds:.2f}x the {core_floor.text()}",
            passed=core_over <= TARGET_OVER_BOUND,
            value=round(core_over, 3),
            details={**common, **core_floor.as_details(), "median_s": details["core_s"]},
        ),
    ]
