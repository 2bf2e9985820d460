"""Fan-out: the access matrix of a 100-workspace organization with 40 ms of latency per request.

Side A is ``Session.access_matrix`` (concurrent fan-out within ``max_concurrency``). Side B is the
approach of ZenML's documentation written as a plain sequential httpx loop: list the workspaces and
the workspace-level roles, then fetch each role's assignments in each workspace, then the members of
every team that holds a role. The bound is ``calls x latency / concurrency`` with ``calls`` the
requests zpro_nb really sent (counted on the wire, below every client layer).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from bench.counting_transport import CountingTransport
from bench.fanout_setup import FanoutOrganization, build
from bench.report import Figure
from bench.sandbox_process import sandbox_process
from bench.sandbox_setup import bearer, set_faults
from bench.side_by_side import alternate

TARGET_SPEEDUP = 10.0
TARGET_OVER_BOUND = 1.5

Matrix = dict[tuple[str, str], str]


def sequential_access_matrix(client: httpx.Client, token: str, org_id: str) -> tuple[Matrix, int]:
    """ZenML's documented approach, one request after another: the matrix and the number of calls."""
    headers = bearer(token)
    calls = 0

    def get(path: str, params: dict[str, Any] | None = None) -> Any:
        nonlocal calls
        calls += 1
        response = client.get(path, params=params, headers=headers)
        response.raise_for_status()
        return response.json()

    workspaces: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = get("/workspaces", {"organization_id": org_id, "offset": offset, "limit": 100})
        workspaces += page
        if len(page) < 100:
            break
        offset += 100
    roles = get(f"/organizations/{org_id}/roles", {"level": "workspace"})
    matrix: Matrix = {}
    team_roles: dict[str, list[tuple[str, str]]] = {}
    for ws in workspaces:
        for role in roles:
            for assignment in get(f"/roles/{role['id']}/assignments", {"workspace_id": ws["id"]}):
                if assignment.get("user"):
                    matrix[(assignment["user"]["id"], ws["id"])] = role["name"]
                elif assignment.get("team"):
                    team_roles.setdefault(assignment["team"]["id"], []).append((ws["id"], role["name"]))
    for team_id, grants in team_roles.items():
        for user in get(f"/teams/{team_id}/members"):
            for ws_id, role_name in grants:
                matrix.setdefault((user["id"], ws_id), role_name)
    return matrix, calls


def _measure(url: str, token: str, org: FanoutOrganization, concurrency: int, rounds: int) -> dict[str, Any]:
    import zpro_nb

    seen: dict[str, Any] = {}

    def ours() -> float:
        wire = CountingTransport()
        session = zpro_nb.connect(url=url, token=token, max_concurrency=concurrency, transport=wire)
        try:
            wire.reset()  # sign-in calls are set-up, not part of the matrix
            started = time.perf_counter()
            frame = session.access_matrix(organization=org.name)
            elapsed = time.perf_counter() - started
        finally:
            session.close()
        seen["zpro_nb_calls"] = wire.requests
        seen["zpro_nb_max_in_flight"] = wire.max_in_flight
        seen["zpro_nb_non_2xx"] = sum(n for status, n in wire.statuses.items() if status >= 300)
        seen["zpro_nb_shape"] = list(frame.shape)
        return elapsed

    def sequential() -> float:
        with httpx.Client(base_url=url, timeout=60.0) as client:
            started = time.perf_counter()
            matrix, calls = sequential_access_matrix(client, token, org.id)
            elapsed = time.perf_counter() - started
        missing = org.direct_pairs - set(matrix)
        if missing:
            raise RuntimeError(f"the sequential matrix lacks {len(missing)} assignments set-up made")
        seen["sequential_calls"] = calls
        seen["sequential_cells"] = len(matrix)
        return elapsed

    result = alternate(ours, sequential, rounds)
    return {**seen, **result.as_details()}


def run(workspaces: int, latency_ms: float, concurrency: int, rounds: int) -> list[Figure]:
    """Two figures: the speed-up over the sequential loop, and zpro_nb's time over the ideal bound."""
    with sandbox_process("--ready-delay", "0") as sandbox:

        async def setup() -> FanoutOrganization:
            async with httpx.AsyncClient(base_url=sandbox.url, timeout=60.0) as client:
                org = await build(client, sandbox.admin_token, workspaces)
                await set_faults(client, sandbox.admin_token, latency_ms=latency_ms)
                return org

        org = asyncio.run(setup())
        details = _measure(sandbox.url, sandbox.admin_token, org, concurrency, rounds)
    speedup = details["b_median_s"] / details["a_median_s"]
    bound = details["zpro_nb_calls"] * latency_ms / 1000 / concurrency
    over_bound = details["a_median_s"] / bound
    common = {
        "workspaces": len(org.workspace_ids),
        "latency_ms": latency_ms,
        "max_concurrency": concurrency,
        "rounds": rounds,
        "bound_s": round(bound, 4),
        **details,
    }
    label = f"{len(org.workspace_ids)} workspaces, {latency_ms:g} ms latency"
    return [
        Figure(
            name=f"fan-out access matrix vs sequential httpx ({label})",
            target=f">= {TARGET_SPEEDUP:g}x faster",
            measured=f"{speedup:.1f}x ({details['a_median_s']:.2f} s vs {details['b_median_s']:.2f} s; "
            f"{details['zpro_nb_calls']} vs {details['sequential_calls']} calls)",
            passed=speedup >= TARGET_SPEEDUP,
            value=round(speedup, 3),
            details=common,
        ),
        Figure(
            name=f"fan-out access matrix vs bound calls x latency / {concurrency} ({label})",
            target=f"<= {TARGET_OVER_BOUND:g}x the bound",
            measured=f"{over_bound:.2f}x ({details['a_median_s']:.2f} s vs bound {bound:.2f} s "
            f"= {details['zpro_nb_calls']} x {latency_ms:g} ms / {concurrency})",
            passed=over_bound <= TARGET_OVER_BOUND,
            value=round(over_bound, 3),
            details=common,
        ),
    ]
