"""The fan-out benchmark's organization: its own organization, N workspaces, members and role assignments.

Built through the sandbox's HTTP API with plain httpx and latency off, so set-up costs seconds, not
minutes, and never depends on the client under test.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from bench.sandbox_setup import bearer

T = TypeVar("T")

ORG_NAME = "bench-fanout"
#: members of the benchmark organization and how many workspace roles each workspace hands out
MEMBERS = 24
ASSIGNMENTS_PER_WORKSPACE = 3
SETUP_CONCURRENCY = 8


@dataclass(frozen=True)
class FanoutOrganization:
    """What set-up built: ids the measured calls need, and what it expects the matrix to hold."""

    id: str
    name: str
    workspace_ids: tuple[str, ...]
    #: (user id, workspace id) pairs given a direct workspace role
    direct_pairs: frozenset[tuple[str, str]]


async def _bounded(aws: Iterable[Awaitable[T]], limit: int = SETUP_CONCURRENCY) -> list[T]:
    gate = asyncio.Semaphore(limit)

    async def one(aw: Awaitable[T]) -> T:
        async with gate:
            return await aw

    return list(await asyncio.gather(*(one(a) for a in aws)))


async def _json(response: Awaitable[httpx.Response], *, exists_ok: bool = False) -> Any:
    r = await response
    if exists_ok and r.status_code == 409:  # a re-used organization may already hold the assignment
        return None
    if r.is_error:
        call = f"{r.request.method} {r.request.url.path}"
        raise RuntimeError(f"set-up call {call} -> {r.status_code}: {r.text[:300]}")
    return r.json() if r.content else None


async def _organization(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    created = await client.post("/organizations", json={"name": ORG_NAME}, headers=headers)
    if created.is_success:
        return dict(created.json())
    # A sandbox without organization creation: fall back to the smallest seeded organization.
    orgs: list[dict[str, Any]] = await _json(client.get("/organizations", headers=headers))
    counts = {
        o["id"]: len(await _json(client.get(f"/organizations/{o['id']}/workspaces", headers=headers)))
        for o in orgs
    }
    return min(orgs, key=lambda o: counts[o["id"]])


async def build(client: httpx.AsyncClient, admin_token: str, workspaces: int) -> FanoutOrganization:
    """Create the organization's workspaces, members and role assignments; ``client`` is on the Pro root."""
    headers = bearer(admin_token)
    rng = random.Random(20261128)
    org = await _organization(client, headers)
    org_id = str(org["id"])
    existing = await _json(client.get(f"/organizations/{org_id}/workspaces", headers=headers))
    missing = max(0, workspaces - len(existing))
    created = await _bounded(
        _json(
            client.post(
                "/workspaces", json={"name": f"bench-ws-{i:03d}", "organization_id": org_id}, headers=headers
            )
        )
        for i in range(missing)
    )
    ws_ids = tuple(str(w["id"]) for w in [*existing, *created])[:workspaces]

    roles: list[dict[str, Any]] = await _json(client.get(f"/organizations/{org_id}/roles", headers=headers))
    org_member = next(r for r in roles if r["name"] == "Organization Member")
    ws_roles = [r for r in roles if r.get("level") == "workspace"]
    me = await _json(client.get("/users/me", headers=headers))
    users: list[dict[str, Any]] = await _json(client.get("/users", params={"limit": 100}, headers=headers))
    members = [u for u in users if u["id"] != me["id"] and u.get("is_active", True)][:MEMBERS]

    await _bounded(
        _json(
            client.post(
                f"/roles/{org_member['id']}/assignments", params={"user_id": u["id"]}, headers=headers
            ),
            exists_ok=True,
        )
        for u in members
    )
    pairs: set[tuple[str, str]] = set()
    calls = []
    for ws_id in ws_ids:
        for user in rng.sample(members, ASSIGNMENTS_PER_WORKSPACE):
            role = rng.choice(ws_roles)
            pairs.add((str(user["id"]), ws_id))
            calls.append(
                _json(
                    client.post(
                        f"/roles/{role['id']}/assignments",
                        params={"user_id": user["id"], "workspace_id": ws_id},
                        headers=headers,
                    ),
                    exists_ok=True,
                )
            )
    await _bounded(calls)
    return FanoutOrganization(
        id=org_id, name=str(org["name"]), workspace_ids=ws_ids, direct_pairs=frozenset(pairs)
    )
