"""Seed data: deterministic from the seed, the demo shape the notebooks rely on, and the large scale."""

from __future__ import annotations

import pytest
from fixtures_sandbox import ProClient, new_app

from zpro_nb.emulator.clock import SandboxClock

pytestmark = pytest.mark.anyio

DAY = 24 * 3600


def _ids(seed: int) -> tuple[list[str], list[str], list[str]]:
    store = new_app(seed=seed).state.pro.store
    return list(store.users), list(store.workspaces), list(store.assignments)


def test_same_seed_gives_the_same_ids_and_keys() -> None:
    assert _ids(11) == _ids(11)
    first = new_app(seed=11).state.demo_credentials["api_keys"]
    assert first == new_app(seed=11).state.demo_credentials["api_keys"]


def test_different_seeds_give_different_ids() -> None:
    users_a, workspaces_a, _ = _ids(11)
    users_b, workspaces_b, _ = _ids(12)
    assert set(users_a).isdisjoint(users_b)
    assert set(workspaces_a).isdisjoint(workspaces_b)


def test_times_are_offsets_before_the_clock_at_creation() -> None:
    anchor = 1_900_000_000.0
    store = new_app(clock=SandboxClock(source=lambda: anchor)).state.pro.store
    logins = [u.last_login for u in store.users.values() if u.last_login is not None]
    assert max(logins) <= anchor
    assert any(anchor - t < 7 * DAY for t in logins)
    assert any(anchor - t > 30 * DAY for t in logins)


async def test_demo_scale_shape(pro: ProClient) -> None:
    orgs = (await pro.get("/organizations")).json()
    assert [o["name"] for o in orgs] == ["acme-ml", "acme-research"]
    ml = (await pro.get(f"/organizations/{orgs[0]['id']}/workspaces")).json()
    statuses = sorted(w["status"] for w in ml)
    assert statuses == ["available", "available", "available", "deactivated", "failed", "pending"]
    research = (await pro.get(f"/organizations/{orgs[1]['id']}/workspaces")).json()
    assert 1 <= len(research) <= 2
    users = (await pro.get("/users", params={"limit": 100})).json()
    assert 38 <= len(users) <= 50
    assert all(u["email"].endswith("@acme.example") for u in users)
    assert any(not u["is_active"] for u in users)
    teams = [t for o in orgs for t in (await pro.get(f"/organizations/{o['id']}/teams")).json()]
    assert len(teams) == 5
    invitations = (await pro.get(f"/organizations/{orgs[0]['id']}/invitations")).json()
    pending = [i for i in invitations if i["status"] == "pending"]
    assert pending
    store = pro.app.state.pro.store
    now = pro.app.state.clock.now()
    stale = [
        i
        for i in store.invitations.values()
        if now - i.created > 30 * DAY and not i.accepted and now < i.expires
    ]
    assert stale


async def test_demo_users_hold_their_roles(pro: ProClient) -> None:
    for who, orgs in (("admin", 2), ("manager", 1), ("viewer", 1)):
        assert len((await pro.get("/organizations", who=who)).json()) == orgs, who
    store = pro.app.state.pro.store
    names = {
        (
            store.users[a.principal_id].username,
            store.organizations[a.organization_id].name,
            store.roles[a.role_id].name,
        )
        for a in store.assignments.values()
        if a.kind == "user" and store.users[a.principal_id].username in ("admin", "manager", "viewer")
    }
    assert names == {
        ("admin", "acme-ml", "Organization Admin"),
        ("admin", "acme-research", "Organization Admin"),
        ("manager", "acme-ml", "Organization Manager"),
        ("viewer", "acme-ml", "Organization Viewer"),
    }
    assert {a.kind for a in store.assignments.values()} == {"user", "team", "invitation"}
    assert any(a.workspace_id for a in store.assignments.values() if a.kind == "team")


def test_demo_credentials_are_tokens_and_keys_for_each_demo_user(sandbox_app: object) -> None:
    credentials = sandbox_app.state.demo_credentials  # type: ignore[attr-defined]
    assert set(credentials) == {"tokens", "api_keys"}
    assert set(credentials["tokens"]) == set(credentials["api_keys"]) == {"admin", "manager", "viewer"}
    assert all(key.startswith("ZENPROKEY_") for key in credentials["api_keys"].values())
    assert all(token.count(".") == 2 for token in credentials["tokens"].values())


def test_large_scale_counts() -> None:
    store = new_app(scale="large").state.pro.store
    assert len(store.users) >= 5000
    assert len(store.workspaces) == 300
    assert len(store.assignments) >= 20_000
    # Indexes agree with the records.
    assert sum(len(v) for v in store.assignments_by_role.values()) == len(store.assignments)
    assert sum(len(v) for v in store.workspaces_by_org.values()) == len(store.workspaces)
