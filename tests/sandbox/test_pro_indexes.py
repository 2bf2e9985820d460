"""The role-assignment indexes stay in step with the records through creates and deletes.

A scoped ``/roles/{id}/assignments`` query reads only its index slice, so an index that drifted
would silently drop or invent assignments; these tests compare every slice with a full scan.
"""

from __future__ import annotations

import random

import pytest
from fixtures_sandbox import ProClient, asgi_client, new_app

from zpro_nb.emulator.pro.state import ProStore, RoleAssignment


def _scan(store: ProStore) -> dict[tuple[str, str | None], list[str]]:
    """``(role, workspace)`` -> assignment ids in creation order, from the records alone."""
    slices: dict[tuple[str, str | None], list[str]] = {}
    for ra in store.assignments.values():
        slices.setdefault((ra.role_id, ra.workspace_id), []).append(ra.id)
    return slices


def _assert_in_step(store: ProStore) -> None:
    indexed = {key: list(ids) for key, ids in store.assignments_by_role_workspace.items()}
    assert indexed == _scan(store)
    for (role_id, workspace_id), ids in _scan(store).items():
        if workspace_id is not None:
            assert list(store.role_assignment_ids(role_id, workspace_id)) == ids


def test_the_role_and_workspace_index_agrees_with_a_full_scan_after_creates_and_deletes() -> None:
    store = new_app(seed=3).state.pro.store
    rng = random.Random(5)
    _assert_in_step(store)
    role_ids = list(store.roles)
    workspace_ids: list[str | None] = [*store.workspaces, None]
    user_ids = list(store.users)
    for step in range(600):
        roll = rng.random()
        if roll < 0.55 or not store.assignments:
            role_id, user_id = rng.choice(role_ids), rng.choice(user_ids)
            workspace_id = rng.choice(workspace_ids)
            key = (role_id, "user", user_id, workspace_id, None)
            if key not in store.assignments_by_key:
                ra = RoleAssignment(
                    store.new_id(), role_id, "user", user_id, "org", workspace_id, None, float(step)
                )
                store.add_assignment(ra)
        else:
            store.remove_assignment(rng.choice(list(store.assignments)))
        if step % 50 == 0:
            _assert_in_step(store)
    # Cascading deletes go through the same path.
    store.remove_workspace(next(w for w in workspace_ids if w is not None and w in store.workspaces))
    store.remove_user(user_ids[0])
    custom = [r for r in store.roles.values() if not r.system_managed]
    for role in custom:
        store.remove_role(role.id)
    _assert_in_step(store)
    assert all(ids for ids in store.assignments_by_role_workspace.values()), "empty slices are dropped"


def test_the_principal_shortcut_returns_a_superset_of_the_principals_assignments_of_a_role() -> None:
    store = new_app(seed=3).state.pro.store
    for ra in list(store.assignments.values())[:40]:
        ids = set(store.role_assignment_ids(ra.role_id, None, ra.kind, ra.principal_id))
        assert ra.id in ids


@pytest.mark.anyio
async def test_scoped_assignment_lists_match_a_full_scan_at_large_scale() -> None:
    app = new_app(scale="large")
    async with asgi_client(app) as client:
        await _assert_scoped_pages_match_a_scan(ProClient(app, client))


async def _assert_scoped_pages_match_a_scan(pro_large: ProClient) -> None:
    store = pro_large.app.state.pro.store
    role_id, ws_id = max(
        ((k, v) for k, v in store.assignments_by_role_workspace.items() if k[1] is not None),
        key=lambda kv: len(kv[1]),
    )[0]
    expected = [
        ra.id for ra in store.assignments.values() if ra.role_id == role_id and ra.workspace_id == ws_id
    ]
    assert len(expected) > 1
    got: list[str] = []
    offset = 0
    while True:
        response = await pro_large.get(
            f"/roles/{role_id}/assignments",
            params={"workspace_id": ws_id, "offset": offset, "limit": 2},
        )
        assert response.status_code == 200, response.text
        page = response.json()
        got += [a["id"] for a in page]
        if len(page) < 2:
            break
        offset += 2
    assert got == expected
