"""The bridge the workspace half calls: workspace state, external authorization, members, clock."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from zpro_nb.emulator.contracts import BridgeError, ProBridge


def _bridge(app: FastAPI) -> ProBridge:
    bridge: ProBridge = app.state.bridge
    return bridge


def _workspace_id(app: FastAPI, name: str) -> str:
    store = app.state.pro.store
    return next(ws.id for ws in store.workspaces.values() if ws.name == name)


def test_workspace_state_follows_the_clock(sandbox_app: FastAPI) -> None:
    bridge = _bridge(sandbox_app)
    ws_id = _workspace_id(sandbox_app, "forecasting")
    name, status, org_id = bridge.workspace_state(ws_id) or ("", "", "")
    assert (name, status) == ("forecasting", "pending")
    assert org_id in sandbox_app.state.pro.store.organizations
    sandbox_app.state.clock.advance(3600)
    assert bridge.workspace_state(ws_id) == ("forecasting", "available", org_id)
    assert bridge.workspace_state("unknown") is None
    assert bridge.now() == pytest.approx(sandbox_app.state.clock.now(), abs=5)


def test_authorize_external_maps_roles(sandbox_app: FastAPI) -> None:
    bridge = _bridge(sandbox_app)
    credentials = sandbox_app.state.demo_credentials
    ws_id = _workspace_id(sandbox_app, "production")
    admin = bridge.authorize_external(ws_id, credentials["tokens"]["admin"])
    assert (admin.username, admin.workspace_role, admin.is_admin) == ("admin", "Workspace Admin", True)
    viewer = bridge.authorize_external(ws_id, credentials["api_keys"]["viewer"])
    assert (viewer.username, viewer.workspace_role, viewer.is_admin) == ("viewer", "Workspace Viewer", False)


def test_authorize_external_errors(sandbox_app: FastAPI) -> None:
    bridge = _bridge(sandbox_app)
    credentials = sandbox_app.state.demo_credentials
    research_ws = _workspace_id(sandbox_app, "vision-lab")
    with pytest.raises(BridgeError) as no_access:
        bridge.authorize_external(research_ws, credentials["tokens"]["viewer"])
    assert (no_access.value.status, no_access.value.exception_name) == (403, "IllegalOperationError")
    with pytest.raises(BridgeError) as bad:
        bridge.authorize_external(research_ws, "not.a.token")
    assert (bad.value.status, bad.value.exception_name) == (401, "CredentialsNotValid")
    with pytest.raises(BridgeError) as unknown:
        bridge.authorize_external("no-such-workspace", credentials["tokens"]["admin"])
    assert unknown.value.status == 404
    sandbox_app.state.clock.advance(sandbox_app.state.config.token_lifetime_s + 1)
    with pytest.raises(BridgeError) as expired:
        bridge.authorize_external(research_ws, credentials["tokens"]["admin"])
    assert expired.value.status == 401


def test_workspace_members_include_org_roles_teams_and_direct_roles(sandbox_app: FastAPI) -> None:
    bridge = _bridge(sandbox_app)
    store = sandbox_app.state.pro.store
    ws_id = _workspace_id(sandbox_app, "production")
    members = {m.username: m for m in bridge.workspace_members(ws_id)}
    assert {"admin", "manager", "viewer"} <= set(members)
    assignments = [store.assignments[i] for i in store.assignments_by_workspace.get(ws_id, {})]
    direct = {
        store.users[a.principal_id].username
        for a in assignments
        if a.kind == "user" and store.users[a.principal_id].is_active
    }
    assert direct
    assert direct <= set(members)
    via_teams = {
        store.users[u].username
        for i in store.assignments_by_workspace.get(ws_id, {})
        if store.assignments[i].kind == "team"
        for u in store.teams[store.assignments[i].principal_id].user_ids
        if store.users[u].is_active
    }
    assert via_teams <= set(members)
    assert all(m.user_id in store.users and store.users[m.user_id].is_active for m in members.values())
    assert bridge.workspace_members("unknown") == []
