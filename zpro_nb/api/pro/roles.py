"""Roles and role assignments (assignments take QUERY parameters, not JSON, see docs/sandbox.md)."""

from __future__ import annotations

from typing import Any

from ..._core.paging import fetch_offset_pages
from ..._core.transport import ApiClient
from ...errors import InvalidArgument
from ...models.pro import Role, RoleAssignment
from .records import as_object


async def list_roles(
    client: ApiClient, organization_id: str, *, level: str | None = None, name: str | None = None
) -> list[dict[str, Any]]:
    """``GET /organizations/{id}/roles`` as records (``level``: organization, workspace or project)."""
    params = {"level": level, "name": name}
    return await fetch_offset_pages(client, f"/organizations/{organization_id}/roles", params)


async def get_role(client: ApiClient, role_id: str) -> Role:
    """``GET /roles/{id}``."""
    return Role.model_validate(as_object(await client.get(f"/roles/{role_id}"), "role"))


async def list_role_assignments(
    client: ApiClient,
    role_id: str,
    *,
    workspace_id: str | None = None,
    project_id: str | None = None,
) -> list[dict[str, Any]]:
    """``GET /roles/{id}/assignments`` as records (optionally one workspace's/project's)."""
    params = {"workspace_id": workspace_id, "project_id": project_id}
    return await fetch_offset_pages(client, f"/roles/{role_id}/assignments", params)


def principal_params(
    *,
    user_id: str | None,
    team_id: str | None,
    invitation_id: str | None,
    workspace_id: str | None,
    project_id: str | None,
) -> dict[str, str]:
    """The query of an assignment call; exactly one of user, team or invitation holds the role."""
    holders = {"user_id": user_id, "team_id": team_id, "invitation_id": invitation_id}
    given = {k: v for k, v in holders.items() if v}
    if len(given) != 1:
        raise InvalidArgument("give exactly one of user_id, team_id or invitation_id")
    scope = {k: v for k, v in {"workspace_id": workspace_id, "project_id": project_id}.items() if v}
    return {**given, **scope}


async def assign_role(
    client: ApiClient,
    role_id: str,
    *,
    user_id: str | None = None,
    team_id: str | None = None,
    invitation_id: str | None = None,
    workspace_id: str | None = None,
    project_id: str | None = None,
) -> RoleAssignment | None:
    """``POST /roles/{id}/assignments?user_id=|team_id=|invitation_id=[&workspace_id=]``."""
    params = principal_params(
        user_id=user_id,
        team_id=team_id,
        invitation_id=invitation_id,
        workspace_id=workspace_id,
        project_id=project_id,
    )
    body = await client.post(f"/roles/{role_id}/assignments", params=params)
    return RoleAssignment.model_validate(body) if isinstance(body, dict) else None


async def revoke_role(
    client: ApiClient,
    role_id: str,
    *,
    user_id: str | None = None,
    team_id: str | None = None,
    invitation_id: str | None = None,
    workspace_id: str | None = None,
    project_id: str | None = None,
) -> None:
    """``DELETE /roles/{id}/assignments`` with the same query as the assignment."""
    params = principal_params(
        user_id=user_id,
        team_id=team_id,
        invitation_id=invitation_id,
        workspace_id=workspace_id,
        project_id=project_id,
    )
    await client.delete(f"/roles/{role_id}/assignments", params)
