"""Organizations and their members (``/organizations``, ``/organizations/{id}/members``)."""

from __future__ import annotations

from typing import Any

from ..._core.paging import fetch_offset_pages
from ..._core.transport import ApiClient
from ...models.pro import Organization
from .records import as_object


async def list_organizations(
    client: ApiClient, *, name: str | None = None, max_items: int | None = None
) -> list[dict[str, Any]]:
    """``GET /organizations`` (offset/limit paging) as records."""
    return await fetch_offset_pages(client, "/organizations", {"name": name}, max_items=max_items)


async def get_organization(client: ApiClient, organization_id_or_name: str) -> Organization:
    """``GET /organizations/{id_or_name}``."""
    body = await client.get(f"/organizations/{organization_id_or_name}")
    return Organization.model_validate(as_object(body, "organization"))


async def list_members(
    client: ApiClient,
    organization_id: str,
    *,
    role_id: str | None = None,
    include_users: bool | None = None,
    include_service_accounts: bool | None = None,
    include_teams: bool | None = None,
) -> list[dict[str, Any]]:
    """``GET /organizations/{id}/members``: users, service accounts, teams and pending invitations."""
    params = {
        "role_id": role_id,
        "include_users": include_users,
        "include_service_accounts": include_service_accounts,
        "include_teams": include_teams,
    }
    return await fetch_offset_pages(client, f"/organizations/{organization_id}/members", params)


async def remove_member(client: ApiClient, organization_id: str, user_id: str) -> None:
    """``DELETE /organizations/{id}/members?user_id=``: drop all of the user's organization roles."""
    await client.delete(f"/organizations/{organization_id}/members", {"user_id": user_id})


async def validate_workspace_name(client: ApiClient, organization_id: str, name: str) -> Any:
    """``GET /organizations/{id}/validation/tenant_name/{name}``; the server's answer as it came."""
    return await client.get(f"/organizations/{organization_id}/validation/tenant_name/{name}")
