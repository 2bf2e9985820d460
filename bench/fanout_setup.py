"""The fan-out benchmark's organization: N workspaces with members, teams and role assignments.

Built through the sandbox's HTTP API with plain httpx and latency off, so set-up costs seconds and
never depends on the client under test. Preferred: an organization of its own, created here. A
sandbox that cannot hold N workspaces in a new organization (new organizations are trial ones,
limited to a couple of workspaces) gets the fallback: the large seed's biggest organization, trimmed
to N workspaces by deleting the rest.
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
MEMBERS = 24
TEAMS = 2
ASSIGNMENTS_PER_WORKSPACE = 3
SETUP_CONCURRENCY = 8


@dataclass(frozen=True)
class FanoutOrganization:
    """What set-up built: the organization, its workspaces, how it came about and who administers it."""

    id: str
    name: str
    workspace_ids: tuple[str, ...]
    #: "own organization" or how the fallback was made, for the figure's details
    how: str
    #: a Pro token of an Organization Admin of it (the measured calls use it)
    token: str


class SetupError(RuntimeError):
    """A set-up call failed; the message names the call and the server's answer."""


async def _bounded(aws: Iterable[Awaitable[T]], limit: int = SETUP_CONCURRENCY) -> list[T]:
    gate = asyncio.Semaphore(limit)

    async def one(aw: Awaitable[T]) -> T:
        async with gate:
            return await aw

    return list(await asyncio.gather(*(one(a) for a in aws)))


async def _json(response: Awaitable[httpx.Response], *, exists_ok: bool = False) -> Any:
    r = await response
    if exists_ok and r.status_code == 409:  # a re-used organization may already hold it
        return None
    if r.is_error:
        call = f"{r.request.method} {r.request.url.path}"
        raise SetupError(f"set-up call {call} -> {r.status_code}: {r.text[:300]}")
    return r.json() if r.content else None


async def _all_pages(client: httpx.AsyncClient, path: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        page = await _json(client.get(path, params={"offset": len(items), "limit": 100}, headers=headers))
        items += page
        if len(page) < 100:
            return items


async def own_organization(
    client: httpx.AsyncClient, tokens: dict[str, str], workspaces: int
) -> FanoutOrganization | None:
    """A new organization with ``workspaces`` workspaces, or ``None`` when the sandbox cannot hold them."""
    for who, token in tokens.items():
        headers = bearer(token)
        created = await client.post("/organizations", json={"name": ORG_NAME}, headers=headers)
        if not created.is_success:
            continue  # this user may not own another organization; try the next
        org = created.json()
        allowance = await client.get(f"/organizations/{org['id']}/entitlement/workspace", headers=headers)
        limit = allowance.json().get("limit") if allowance.is_success else None
        if isinstance(limit, int) and limit < workspaces:
            return None
        await _populate(client, headers, str(org["id"]), workspaces)
        ws = await _all_pages(client, f"/organizations/{org['id']}/workspaces", headers)
        return FanoutOrganization(
            id=str(org["id"]),
            name=str(org["name"]),
            workspace_ids=tuple(str(w["id"]) for w in ws),
            how=f"own organization, created by the demo {who}",
            token=token,
        )
    return None


async def _populate(client: httpx.AsyncClient, headers: dict[str, str], org_id: str, workspaces: int) -> None:
    rng = random.Random(20261128)
    created = await _bounded(
        _json(
            client.post(
                "/workspaces", json={"name": f"bench-ws-{i:03d}", "organization_id": org_id}, headers=headers
            )
        )
        for i in range(workspaces)
    )
    ws_ids = [str(w["id"]) for w in created]
    roles: list[dict[str, Any]] = await _json(client.get(f"/organizations/{org_id}/roles", headers=headers))
    org_member = next(r for r in roles if r["name"] == "Organization Member")
    ws_roles = [r for r in roles if r.get("level") == "workspace"]
    me = await _json(client.get("/users/me", headers=headers))
    users = await _all_pages(client, "/users", headers)
    members = [u for u in users if u["id"] != me["id"] and not u.get("is_service_account")][:MEMBERS]
    await _bounded(
        _json(
            client.post(
                f"/roles/{org_member['id']}/assignments", params={"user_id": u["id"]}, headers=headers
            ),
            exists_ok=True,
        )
        for u in members
    )
    teams = []
    for t in range(TEAMS):
        team = await _json(
            client.post(
                "/teams", json={"name": f"bench-team-{t}", "organization_id": org_id}, headers=headers
            )
        )
        teams.append(team)
        await _bounded(
            _json(client.post(f"/teams/{team['id']}/members", params={"user_id": u["id"]}, headers=headers))
            for u in rng.sample(members, 4)
        )
    grants: list[dict[str, str]] = []
    for index, ws_id in enumerate(ws_ids):
        for user in rng.sample(members, ASSIGNMENTS_PER_WORKSPACE):
            grants.append({"role": rng.choice(ws_roles)["id"], "user_id": user["id"], "workspace_id": ws_id})
        if index % 10 == 0:
            team = teams[index // 10 % len(teams)]
            grants.append({"role": rng.choice(ws_roles)["id"], "team_id": team["id"], "workspace_id": ws_id})
    await _bounded(
        _json(
            client.post(
                f"/roles/{g['role']}/assignments",
                params={k: v for k, v in g.items() if k != "role"},
                headers=headers,
            ),
            exists_ok=True,
        )
        for g in grants
    )


async def trimmed_seed_organization(
    client: httpx.AsyncClient, admin_token: str, workspaces: int
) -> FanoutOrganization:
    """The seeded organization with the most workspaces, trimmed to ``workspaces`` by deleting the rest."""
    headers = bearer(admin_token)
    orgs = await _all_pages(client, "/organizations", headers)
    by_org = {
        o["id"]: await _all_pages(client, f"/organizations/{o['id']}/workspaces", headers) for o in orgs
    }
    org = max(orgs, key=lambda o: len(by_org[o["id"]]))
    held = by_org[org["id"]]
    if len(held) < workspaces:
        raise SetupError(f"the biggest seeded organization has only {len(held)} workspaces")
    # Keep the available ones first: they are what an inventory of a live organization is made of.
    held.sort(key=lambda w: (w.get("status") != "available", w["name"]))
    await _bounded(_json(client.delete(f"/workspaces/{w['id']}", headers=headers)) for w in held[workspaces:])
    kept = await _all_pages(client, f"/organizations/{org['id']}/workspaces", headers)
    return FanoutOrganization(
        id=str(org["id"]),
        name=str(org["name"]),
        workspace_ids=tuple(str(w["id"]) for w in kept),
        how=f"{org['name']} of the large seed, trimmed from {len(held)} to {len(kept)} workspaces "
        "(the sandbox limits new organizations to a trial's workspaces)",
        token=admin_token,
    )
