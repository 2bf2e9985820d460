"""Pro lists as frames, checked against what the in-process sandbox holds (read raw through httpx)."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator

import pandas as pd
import pytest
from fastapi import FastAPI
from fixtures_sandbox import Raw, new_app, open_async, raw_reader

from zpro_nb.errors import AmbiguousName, NameNotFound
from zpro_nb.frames import SCHEMAS
from zpro_nb.models.pro import Organization, Role, Team, User, Workspace
from zpro_nb.notebook_session import AsyncSession

pytestmark = pytest.mark.anyio


@pytest.fixture
def app() -> FastAPI:
    return new_app()


@pytest.fixture
async def s(app: FastAPI) -> AsyncIterator[AsyncSession]:
    session = await open_async(app)
    yield session
    await session.aclose()


@pytest.fixture
async def raw(app: FastAPI) -> AsyncIterator[Raw]:
    async for reader in raw_reader(app):
        yield reader


def assert_schema(frame: pd.DataFrame, name: str) -> None:
    schema = SCHEMAS[name]
    assert list(frame.columns) == schema.names
    assert [str(t) for t in frame.dtypes] == [str(t) for t in schema.empty().dtypes]


async def test_organizations_match_the_sandbox(s: AsyncSession, raw: Raw) -> None:
    frame = await s.organizations()
    held = await raw.all("/organizations")
    assert_schema(frame, "organizations")
    assert sorted(frame["name"]) == sorted(o["name"] for o in held)
    assert set(frame["id"]) == {o["id"] for o in held}


async def test_workspaces_match_and_filter_on_the_server(s: AsyncSession, raw: Raw) -> None:
    held = await raw.all("/workspaces")
    frame = await s.workspaces()
    assert_schema(frame, "workspaces")
    assert len(frame) == len(held)
    sample = random.Random(1).choice(held)
    row = frame[frame["id"] == sample["id"]].iloc[0]
    assert row["name"] == sample["name"]
    assert row["organization_name"] == sample["organization"]["name"]
    assert row["status"] == sample["status"]
    url = sample["zenml_service"]["status"]["server_url"]
    assert (pd.isna(row["url"]) and url is None) or row["url"] == url

    available = await s.workspaces(status="available")
    assert set(available["status"]) == {"available"}
    assert len(available) == sum(w["status"] == "available" for w in held)
    org = await raw.org("acme-research")
    research = await s.workspaces(organization="acme-research")
    assert set(research["organization_id"]) == {org["id"]}
    assert len(research) == sum(w["organization"]["id"] == org["id"] for w in held)


async def test_empty_results_keep_the_declared_schema(s: AsyncSession) -> None:
    none = await s.workspaces(status="deleted")
    assert len(none) == 0
    assert_schema(none, "workspaces")
    nobody = await s.users(email="nobody@nowhere.example")
    assert len(nobody) == 0
    assert_schema(nobody, "users")


async def test_users_match(s: AsyncSession, raw: Raw) -> None:
    held = await raw.all("/users")
    frame = await s.users()
    assert_schema(frame, "users")
    assert len(frame) == len(held)
    for sample in random.Random(2).sample(held, 5):
        row = frame[frame["id"] == sample["id"]].iloc[0]
        assert row["email"] == sample["email"]
        assert bool(row["is_active"]) == sample["is_active"]
        if sample["last_login"]:
            assert row["last_login"] == pd.Timestamp(sample["last_login"])
        else:
            assert pd.isna(row["last_login"])


async def test_members_of_one_and_all_organizations(s: AsyncSession, raw: Raw) -> None:
    org = await raw.org("acme-ml")
    held = await raw.all(f"/organizations/{org['id']}/members")
    frame = await s.members(organization="acme-ml")
    assert_schema(frame, "members")
    assert len(frame) == len(held)
    assert set(frame["organization_name"]) == {"acme-ml"}
    assert set(frame["type"].dropna()) <= {"user", "service_account", "team", "invitation"}
    everyone = await s.members()
    assert set(everyone["organization_name"]) == {"acme-ml", "acme-research"}


async def test_teams_and_team_members(s: AsyncSession, raw: Raw) -> None:
    frame = await s.teams()
    assert_schema(frame, "teams")
    expected = 0
    for org in await raw.all("/organizations"):
        expected += len(await raw.all(f"/organizations/{org['id']}/teams"))
    assert len(frame) == expected
    team = frame.iloc[0]
    members = await s.team_members(str(team["name"]), organization=str(team["organization_id"]))
    held = await raw.all(f"/teams/{team['id']}/members")
    assert_schema(members, "team_members")
    assert sorted(members["user_id"]) == sorted(u["id"] for u in held)
    assert set(members["team_name"]) <= {team["name"]}


async def test_roles_by_level(s: AsyncSession, raw: Raw) -> None:
    org = await raw.org("acme-ml")
    held = await raw.all(f"/organizations/{org['id']}/roles", level="workspace")
    frame = await s.roles(organization="acme-ml", level="workspace")
    assert_schema(frame, "roles")
    assert sorted(frame["name"]) == sorted(r["name"] for r in held)
    assert set(frame["level"]) == {"workspace"}


async def test_role_assignments_fan_out_over_roles(s: AsyncSession, raw: Raw) -> None:
    org = await raw.org("acme-ml")
    roles = await raw.all(f"/organizations/{org['id']}/roles")
    held = [a for r in roles for a in await raw.all(f"/roles/{r['id']}/assignments")]
    frame = await s.role_assignments(organization="acme-ml", progress=False)
    assert_schema(frame, "role_assignments")
    assert len(frame) == len(held)
    assert set(frame["id"]) == {a["id"] for a in held}
    scoped = frame[frame["workspace_id"].notna()]
    assert len(scoped) > 0
    assert scoped["workspace_name"].notna().all()  # names looked up by the Session
    assert set(frame["scope"].dropna()) <= {"organization", "workspace", "project"}

    production = await s.role_assignments(workspace="production", progress=False)
    assert len(production) > 0
    assert set(production["workspace_name"]) == {"production"}
    user = str(production["username"].dropna().iloc[0])
    mine = await s.role_assignments(user=user, progress=False)
    assert set(mine["username"]) == {user}


async def test_invitations_and_pending_only(s: AsyncSession, raw: Raw) -> None:
    org = await raw.org("acme-ml")
    held = await raw.all(f"/organizations/{org['id']}/invitations")
    frame = await s.invitations(organization="acme-ml")
    assert_schema(frame, "invitations")
    assert sorted(frame["email"]) == sorted(i["email"] for i in held)
    pending = await s.invitations(organization="acme-ml", pending_only=True)
    assert len(pending) == sum(i["status"] == "pending" for i in held)
    assert set(pending["status"]) <= {"pending"}


async def test_single_objects_are_models(s: AsyncSession, raw: Raw) -> None:
    org = await s.get_organization("acme-ml")
    assert isinstance(org, Organization)
    assert org.name == "acme-ml"
    workspace = await s.get_workspace("production")
    assert isinstance(workspace, Workspace)
    assert workspace.url is not None
    by_id = await s.get_workspace(workspace.id)
    assert by_id.name == "production"
    me = await s.get_user("admin@acme.example")
    assert isinstance(me, User)
    assert me.username == "admin"
    teams = await s.teams(organization="acme-ml")
    team = await s.get_team(str(teams["name"].iloc[0]), organization="acme-ml")
    assert isinstance(team, Team)
    role = await s.get_role("Workspace Admin", organization="acme-ml")
    assert isinstance(role, Role)
    assert role.level == "workspace"
    assert "<table>" in workspace._repr_html_()


async def test_unknown_names_list_close_matches(s: AsyncSession) -> None:
    with pytest.raises(NameNotFound) as caught:
        await s.get_workspace("prodution")
    assert "production" in caught.value.suggestions
    assert "did you mean 'production'" in str(caught.value)
    with pytest.raises(NameNotFound, match="no role called 'Workspace Admn'"):
        await s.get_role("Workspace Admn", organization="acme-ml")


async def test_ambiguous_names_ask_for_the_id(s: AsyncSession) -> None:
    # Role names repeat across organizations: without an organization the name is ambiguous.
    with pytest.raises(AmbiguousName) as caught:
        await s.get_role("Workspace Admin")
    assert isinstance(caught.value, ValueError)
    assert len(caught.value.candidates) == 2
    assert "pass organization=" in str(caught.value)
    with pytest.raises(AmbiguousName, match="pass organization="):
        await s.get_organization()
