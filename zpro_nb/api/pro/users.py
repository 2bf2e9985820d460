"""Pro users: list, read, the caller, deactivate."""

from __future__ import annotations

from typing import Any

from ..._core.paging import fetch_offset_pages
from ..._core.transport import ApiClient
from ...models.pro import User
from .records import as_object


async def list_users(
    client: ApiClient, *, email: str | None = None, max_items: int | None = None
) -> list[dict[str, Any]]:
    """``GET /users`` (offset/limit paging) as records."""
    return await fetch_offset_pages(client, "/users", {"email": email}, max_items=max_items)


async def get_user(client: ApiClient, user_id_or_email: str) -> User:
    """``GET /users/{id_or_email}``."""
    return User.model_validate(as_object(await client.get(f"/users/{user_id_or_email}"), "user"))


async def get_current_user(client: ApiClient) -> User:
    """``GET /users/me``: who the credentials belong to."""
    return User.model_validate(as_object(await client.get("/users/me"), "current user"))


async def update_user(client: ApiClient, user_id: str, changes: dict[str, Any]) -> User:
    """``PATCH /users/{id}`` with only the fields to change."""
    return User.model_validate(as_object(await client.patch(f"/users/{user_id}", json=changes), "user"))


async def deactivate_user(client: ApiClient, user_id: str) -> User:
    """``PATCH /users/{id}`` with ``{is_active: false}``."""
    return await update_user(client, user_id, {"is_active": False})
