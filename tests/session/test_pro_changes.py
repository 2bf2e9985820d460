"""Pro changes, one call each, visible in a fresh raw read of the sandbox; a viewer is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from fixtures_sandbox import Raw, SandboxClock, new_app, open_async, raw_reader

from zpro_nb import Conflict, PermissionDenied, ValidationFailed
from zpro_nb.errors import WorkspaceDeploymentFailed, WorkspaceUnavailable
from zpro_nb.notebook_session import AsyncSession

pytestmark = pytest.mark.anyio


@pytest.fixture
def app() -> FastAPI:
    return new_app(workspace_ready_delay_s=30.0)


@pytest.fixture
async def s(app: FastAPI) -> AsyncIterator[AsyncSession]:
    session = await open_async(app, clock=SandboxClock(app))
    yield session
    await session.aclose()


@pytest.fixture
async def raw(app: FastAPI) -> AsyncIterator[Raw]:
    async for reader in raw_reader(app):
        yield reader


async def test_create_workspace_waits_until_available(s: AsyncSession, raw: Raw) -> None:
    created = await s.create_workspace(
        "churn-model", organization="acme-ml", description="churn", poll_interval=5, progress=False
    )
    assert created.status == "available"
    assert created.url is not None
    fresh = await raw.get(f"/workspaces/{created.id}")
    assert fresh["status"] == "available"
    assert fresh["display_name"] == "churn-model"
    assert fresh["description"] == "churn"


async def test_create_workspace_without_waiting_is_pending(s: AsyncSession, raw: Raw) -> None:
    created = await s.create_workspace("later-one", organization="acme-ml", wait=False)
    assert created.status == "pending"
    assert (await raw.get(f"/workspaces/{created.id}"))["status"] == "pending"


async def test_a_failed_deployment_raises_with_the_reason(s: AsyncSession, raw: Raw) -> None:
    with pytest.raises(WorkspaceDeploymentFailed, match="failed to deploy") as caught:
        await s.create_workspace("will-fail", organization="acme-ml", progress=False)
    held = await raw.get("/workspaces/will-fail")
    assert held["status"] == "failed"
    assert held["state_reason"] in str(caught.value)


async def test_a_deployment_that_never_settles_times_out(s: AsyncSession) -> None:
    with pytest.raises(WorkspaceDeploymentFailed, match="still pending"):
        await s.create_workspace(
            "slow-one", organization="acme-ml", max_wait=10, poll_interval=5, progress=False
        )


async def test_validate_workspace_name(s: AsyncSession) -> None:
    assert await s.validate_workspace_name("fresh-name", organization="acme-ml") == "fresh-name"
    with pytest.raises(ValidationFailed, match="lowercase"):
        await s.validate_workspace_name("Bad_Name", organization="acme-ml")
    with pytest.raises(ValidationFailed, match="at most 50"):
        await s.validate_workspace_name("x" * 51, organization="acme-ml")
    with pytest.raises(Conflict, match="already exists"):
        await s.validate_workspace_name("production", organization="acme-ml")


async def test_update_deactivate_redeploy_delete(s: AsyncSession, raw: Raw) -> None:
    updated = await s.update_workspace("staging", display_name="Staging Env", description="pre-prod")
    assert updated.display_name == "Staging Env"
    assert (await raw.get("/workspaces/staging"))["description"] == "pre-prod"
    with pytest.raises(ValueError, match="nothing to change"):
        await s.update_workspace("staging")

    stopped = await s.deactivate_workspace("staging")
    assert stopped.status == "deactivated"
    assert (await raw.get("/workspaces/staging"))["status"] == "deactivated"
    with pytest.raises(WorkspaceUnavailable, match="deactivated"):
        await s.workspace("staging")

    again = await s.redeploy_workspace("staging", wait=True, poll_interval=5, progress=False)
    assert again.status == "available"
    assert (await raw.get("/workspaces/staging"))["status"] == "available"

    await s.delete_workspace("staging")
    response = await raw.client.get("/workspaces/staging", headers=raw.headers)
    assert response.status_code == 404


async def test_invite_user(s: AsyncSession, raw: Raw) -> None:
    invitation = await s.invite_user("new.person@acme.example", "Organization Viewer", organization="acme-ml")
    assert invitation.email == "new.person@acme.example"
    org = await raw.org("acme-ml")
    held = await raw.all(f"/organizations/{org['id']}/invitations")
    assert any(
        i["email"] == "new.person@acme.example" and i["role"]["name"] == "Organization Viewer" for i in held
    )


async def test_assign_and_revoke_a_workspace_role(s: AsyncSession, raw: Raw) -> None:
    role = await s.get_role("Workspace Viewer", organization="acme-ml")
    user = "manager@acme.example"
    workspace = await s.get_workspace("ml-platform-dev")

    async def held() -> bool:
        assignments = await raw.all(f"/roles/{role.id}/assignments", workspace_id=workspace.id)
        return any((a["user"] or {}).get("email") == user for a in assignments)

    if await held():
        await s.revoke_role("Workspace Viewer", user=user, workspace="ml-platform-dev")
    assert not await held()
    await s.assign_role("Workspace Viewer", user=user, workspace="ml-platform-dev")
    assert await held()
    with pytest.raises(Conflict):
        await s.assign_role("Workspace Viewer", user=user, workspace="ml-platform-dev")
    await s.revoke_role("Workspace Viewer", user=user, workspace="ml-platform-dev")
    assert not await held()
    with pytest.raises(ValueError, match="exactly one of user= or team="):
        await s.assign_role("Workspace Viewer", workspace="ml-platform-dev")


async def test_teams_and_their_members(s: AsyncSession, raw: Raw) -> None:
    team = await s.create_team("data-quality", organization="acme-ml", description="DQ")
    assert team.name == "data-quality"
    await s.add_team_member("data-quality", "viewer@acme.example", organization="acme-ml")
    members = await raw.all(f"/teams/{team.id}/members")
    assert [m["email"] for m in members] == ["viewer@acme.example"]
    await s.assign_role("Workspace Developer", team="data-quality", workspace="production")
    assigned = await s.role_assignments(workspace="production", progress=False)
    assert "data-quality" in set(assigned["team_name"].dropna())
    await s.remove_team_member("data-quality", "viewer@acme.example", organization="acme-ml")
    assert await raw.all(f"/teams/{team.id}/members") == []


async def test_deactivate_user(s: AsyncSession, raw: Raw) -> None:
    users = await raw.all("/users")
    target = next(u for u in users if u["is_active"] and u["username"] not in {"admin", "manager", "viewer"})
    result = await s.deactivate_user(target["email"])
    assert result.is_active is False
    assert (await raw.get(f"/users/{target['id']}"))["is_active"] is False


async def test_a_viewer_is_refused_with_the_servers_words(app: FastAPI) -> None:
    viewer = await open_async(app, who="viewer")
    try:
        with pytest.raises(PermissionDenied) as caught:
            await viewer.create_workspace("viewer-made", organization="acme-ml", wait=False)
        assert caught.value.status == 403
        assert caught.value.exception_name == "IllegalOperationError"
        assert caught.value.message
        with pytest.raises(PermissionDenied):
            await viewer.create_team("viewers-team", organization="acme-ml")
    finally:
        await viewer.aclose()
