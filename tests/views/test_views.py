"""Views across resources, checked against the in-process sandbox's own data."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pandas as pd
import pytest
from fastapi import FastAPI
from fixtures_sandbox import URL, Raw, new_app, raw_reader

import zpro_nb
from zpro_nb.notebook_session import AsyncSession

pytestmark = pytest.mark.anyio


class UnreachableWorkspace(httpx.AsyncBaseTransport):
    """The sandbox app, except one workspace's server does not answer (a connection error)."""

    def __init__(self, app: FastAPI) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.down: str | None = None
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.down and request.url.path.startswith(f"/ws/{self.down}/"):
            raise httpx.ConnectError("connection refused", request=request)
        return await self.inner.handle_async_request(request)


@pytest.fixture
def app() -> FastAPI:
    return new_app()


@pytest.fixture
def network(app: FastAPI) -> UnreachableWorkspace:
    return UnreachableWorkspace(app)


@pytest.fixture
async def s(app: FastAPI, network: UnreachableWorkspace) -> AsyncIterator[AsyncSession]:
    token = app.state.demo_credentials["tokens"]["admin"]
    session = await zpro_nb.connect_async(url=URL, token=token, transport=network)
    yield session
    await session.aclose()


@pytest.fixture
async def raw(app: FastAPI) -> AsyncIterator[Raw]:
    async for reader in raw_reader(app):
        yield reader


async def _held_workspace_roles(raw: Raw) -> list[tuple[str, str, str, str]]:
    """(username, workspace name, role, via) computed straight from raw reads."""
    rows = []
    workspaces = {w["id"]: w["name"] for w in await raw.all("/workspaces")}
    for org in await raw.all("/organizations"):
        for role in await raw.all(f"/organizations/{org['id']}/roles"):
            for a in await raw.all(f"/roles/{role['id']}/assignments"):
                if not a["workspace_id"] or a["project_id"]:
                    continue
                where = workspaces[a["workspace_id"]]
                if a["user"]:
                    rows.append((a["user"]["username"], where, role["name"], "direct"))
                elif a["team"]:
                    for member in await raw.all(f"/teams/{a['team']['id']}/members"):
                        rows.append((member["username"], where, role["name"], f"team {a['team']['name']}"))
    return sorted(rows)


async def test_access_table_matches_raw_assignments_and_team_membership(s: AsyncSession, raw: Raw) -> None:
    table = await s.access_table(progress=False)
    got = sorted(zip(table["username"], table["workspace"], table["role"], table["via"], strict=True))
    assert got == await _held_workspace_roles(raw)
    assert {"direct"} < set(table["via"])  # the seed has team-based access too


async def test_access_matrix_cells_say_how_a_role_is_held(s: AsyncSession, raw: Raw) -> None:
    matrix = await s.access_matrix(progress=False)
    held = await _held_workspace_roles(raw)
    workspaces = {w["name"] for w in await raw.all("/workspaces")}
    assert set(matrix.columns) == workspaces  # every workspace is a column, held or not
    user, workspace, role, via = held[0]
    cell = str(matrix.loc[user, workspace])
    expected = f"{role} (direct)" if via == "direct" else f"{role} (via {via})"
    assert expected in cell
    team_rows = [h for h in held if h[3] != "direct"]
    assert team_rows
    user, workspace, role, via = team_rows[0]
    assert f"{role} (via {via})" in str(matrix.loc[user, workspace])


async def test_inventory_reads_every_available_workspace(
    s: AsyncSession, raw: Raw, network: UnreachableWorkspace
) -> None:
    held = await raw.all("/workspaces")
    available = [w for w in held if w["status"] == "available"]
    network.down = available[0]["id"]
    inventory = await s.workspace_inventory(progress=False)
    assert sorted(inventory["workspace_id"]) == sorted(w["id"] for w in held)
    down = inventory[inventory["workspace_id"] == available[0]["id"]].iloc[0]
    assert bool(down["reachable"]) is False
    assert "ConnectionFailed" in str(down["error"]) or "connect" in str(down["error"]).lower()
    up = inventory[inventory["workspace_id"] == available[1]["id"]].iloc[0]
    assert bool(up["reachable"]) is True
    ws = await s.workspace(available[1]["id"])
    assert up["pipelines"] == len(await ws.pipelines())
    assert up["runs_last_30_days"] == len(await ws.runs(since=dt.timedelta(days=30)))
    assert up["last_run"] == (await ws.runs(max_items=1))["created"].iloc[0]
    stopped = inventory[inventory["status"] != "available"]
    assert stopped["reachable"].isna().all()
    members = await raw.all(f"/workspaces/{available[1]['id']}/members")
    assert up["members"] == len(members)
    assert str(inventory["last_run"].dtype) == "datetime64[ns, UTC]"


async def test_inventory_calls_do_not_grow_with_run_history(
    s: AsyncSession, raw: Raw, network: UnreachableWorkspace
) -> None:
    # Counting runs must not page through them: an inventory of a busy organization would grow
    # by one call per thousand runs of every workspace.
    held = await raw.all("/workspaces")
    busy = next(w for w in held if w["status"] == "available")
    network.requests = 0
    before = await s.workspace_inventory(progress=False)
    calls_before = network.requests
    ws_url = busy["zenml_service"]["status"]["server_url"].rstrip("/")
    login = await raw.client.post(
        f"{ws_url}/api/v1/login", data={"grant_type": "zenml-external"}, headers=raw.headers
    )
    ws_headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    added = await raw.client.post(f"{ws_url}/_sandbox/runs", params={"count": 5000}, headers=ws_headers)
    assert added.status_code == 200, added.text
    network.requests = 0
    after = await s.workspace_inventory(progress=False)
    assert network.requests == calls_before
    row = {"workspace_id": busy["id"]}
    grew = after[after["workspace_id"] == row["workspace_id"]].iloc[0]
    was = before[before["workspace_id"] == row["workspace_id"]].iloc[0]
    assert grew["runs_last_30_days"] > was["runs_last_30_days"] + 1000
    ws = await s.workspace(busy["id"])
    assert grew["runs_last_30_days"] == len(await ws.runs(since=dt.timedelta(days=30)))


async def test_stale_invitations(s: AsyncSession, raw: Raw) -> None:
    now = dt.datetime.now(dt.UTC)
    stale = await s.stale_invitations(days=30)
    expected = set()
    for org in await raw.all("/organizations"):
        for inv in await raw.all(f"/organizations/{org['id']}/invitations"):
            if inv["status"] != "accepted" and pd.Timestamp(inv["created"]) < pd.Timestamp(
                now - dt.timedelta(days=30)
            ):
                expected.add(inv["id"])
    assert set(stale["id"]) == expected
    assert expected  # the seed has old invitations
    assert (stale["age_days"] > 30).all()


async def test_inactive_users(s: AsyncSession, raw: Raw) -> None:
    now = dt.datetime.now(dt.UTC)
    inactive = await s.inactive_users(days=90)
    cutoff = pd.Timestamp(now - dt.timedelta(days=90))
    expected = {
        u["id"]
        for u in await raw.all("/users")
        if u["is_active"] and (u["last_login"] is None or pd.Timestamp(u["last_login"]) < cutoff)
    }
    assert set(inactive["id"]) == expected
    assert expected
    never = inactive[inactive["last_login"].isna()]
    assert never["days_since_login"].isna().all()
