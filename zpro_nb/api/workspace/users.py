"""Workspace users (humans; service accounts have their own endpoint)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._core.transport import ApiClient
from ...models.workspace import WorkspaceUser
from .listing import list_items


async def list_users(
    client: ApiClient,
    *,
    filters: Mapping[str, Any] | None = None,
    sort_by: str | None = None,
    hydrate: bool = True,
    max_items: int | None = None,
) -> list[dict[str, Any]]:
    """``GET /users`` as records (hydrated by default: the email lives in ``metadata``)."""
    return await list_items(
        client, "/users", filters=filters, sort_by=sort_by, hydrate=hydrate, max_items=max_items
    )


async def get_user(client: ApiClient, name_or_id: str) -> WorkspaceUser:
    """``GET /users/{name_or_id}``."""
    return WorkspaceUser.model_validate(await client.get(f"/users/{name_or_id}"))


async def get_current_user(client: ApiClient) -> WorkspaceUser:
    """``GET /current-user``."""
    return WorkspaceUser.model_validate(await client.get("/current-user"))


async def deactivate_user(client: ApiClient, user_id: str) -> WorkspaceUser:
    """``PUT /users/{id}`` with ``{active: false}`` (admin only)."""
    return WorkspaceUser.model_validate(await client.put(f"/users/{user_id}", json={"active": False}))
