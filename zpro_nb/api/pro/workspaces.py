"""Workspaces (formerly tenants): list, read, create, update, deactivate, deploy, delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..._core.errors import ConnectionFailed, ServerError
from ..._core.paging import fetch_offset_pages
from ..._core.transport import ApiClient

# Defined in zpro_nb.errors with every public exception; the Session raises them as ws_api.*.
from ...errors import WorkspaceDeploymentFailed as WorkspaceDeploymentFailed
from ...errors import WorkspaceUnavailable as WorkspaceUnavailable
from ...models.pro import WORKSPACE_STATUSES, Workspace
from .records import as_object

#: States a deployment ends in (``pending`` is the only one it passes through).
SETTLED_STATES = frozenset(WORKSPACE_STATUSES) - {"pending"}
#: answers from a proxy in front of the service: the request may or may not have reached it
GATEWAY_STATUSES = frozenset({502, 503, 504})


async def list_workspaces(
    client: ApiClient,
    *,
    status: str | None = None,
    organization_id: str | None = None,
    workspace_name: str | None = None,
    member_only: bool | None = None,
    max_items: int | None = None,
    on_page: Callable[[list[dict[str, Any]]], None] | None = None,
) -> list[dict[str, Any]]:
    """``GET /workspaces`` (offset/limit paging, plain-value filters) as records; ``on_page`` is
    handed each page's records as they arrive."""
    params = {
        "status": status,
        "organization_id": organization_id,
        "workspace_name": workspace_name,
        "member_only": member_only,
    }
    return await fetch_offset_pages(client, "/workspaces", params, max_items=max_items, on_page=on_page)


async def fetch_workspace(client: ApiClient, workspace_id: str) -> dict[str, Any]:
    """``GET /workspaces/{id}`` as the record it is."""
    return as_object(await client.get(f"/workspaces/{workspace_id}"), "workspace")


async def get_workspace(client: ApiClient, workspace_id: str) -> Workspace:
    """``GET /workspaces/{id}``."""
    return Workspace.model_validate(await fetch_workspace(client, workspace_id))


async def create_workspace(
    client: ApiClient,
    *,
    name: str,
    organization_id: str,
    display_name: str | None = None,
    description: str | None = None,
) -> Workspace:
    """``POST /workspaces`` with ``{name, display_name, description, organization_id}``."""
    body: dict[str, Any] = {"name": name, "organization_id": organization_id}
    body["display_name"] = display_name or name
    if description is not None:
        body["description"] = description
    try:
        created = await client.post("/workspaces", json=body)
    except (ConnectionFailed, ServerError) as exc:
        # No answer (or a gateway error) after the POST: the server may have created it anyway.
        # A create is not idempotent, so look before sending it again, never create a second one.
        if isinstance(exc, ServerError) and exc.status not in GATEWAY_STATUSES:
            raise
        found = await _find_by_name(client, organization_id, name)
        if found is not None:
            return found
        created = await client.post("/workspaces", json=body)
    return Workspace.model_validate(as_object(created, "new workspace"))


async def _find_by_name(client: ApiClient, organization_id: str, name: str) -> Workspace | None:
    records = await list_workspaces(client, organization_id=organization_id, workspace_name=name)
    for record in records:
        if record.get("name") == name:
            return Workspace.model_validate(record)
    return None


async def update_workspace(client: ApiClient, workspace_id: str, changes: dict[str, Any]) -> Workspace:
    """``PATCH /workspaces/{id}`` with only the fields to change."""
    updated = await client.patch(f"/workspaces/{workspace_id}", json=changes)
    return Workspace.model_validate(as_object(updated, "updated workspace"))


async def _lifecycle(client: ApiClient, workspace_id: str, action: str) -> Workspace:
    answer = await client.patch(f"/workspaces/{workspace_id}/{action}")
    if isinstance(answer, dict) and "id" in answer:
        return Workspace.model_validate(answer)
    # Some deployments answer these with no body: read the workspace back.
    return await get_workspace(client, workspace_id)


async def deactivate_workspace(client: ApiClient, workspace_id: str) -> Workspace:
    """``PATCH /workspaces/{id}/deactivate``."""
    return await _lifecycle(client, workspace_id, "deactivate")


async def deploy_workspace(client: ApiClient, workspace_id: str) -> Workspace:
    """``PATCH /workspaces/{id}/deploy`` (redeploy or reactivate)."""
    return await _lifecycle(client, workspace_id, "deploy")


async def delete_workspace(client: ApiClient, workspace_id: str) -> None:
    """``DELETE /workspaces/{id}``."""
    await client.delete(f"/workspaces/{workspace_id}")


async def list_workspace_members(client: ApiClient, workspace_id: str) -> list[dict[str, Any]]:
    """``GET /workspaces/{id}/members``: who has access (shape as organization members)."""
    return await fetch_offset_pages(client, f"/workspaces/{workspace_id}/members")
