"""Workspace service accounts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._core.transport import ApiClient
from ...models.workspace import ServiceAccount
from .listing import list_items


async def list_service_accounts(
    client: ApiClient,
    *,
    filters: Mapping[str, Any] | None = None,
    sort_by: str | None = None,
    hydrate: bool = True,
    max_items: int | None = None,
) -> list[dict[str, Any]]:
    """``GET /service_accounts`` as records."""
    return await list_items(
        client, "/service_accounts", filters=filters, sort_by=sort_by, hydrate=hydrate, max_items=max_items
    )


async def get_service_account(client: ApiClient, name_or_id: str) -> ServiceAccount:
    """``GET /service_accounts/{name_or_id}``."""
    return ServiceAccount.model_validate(await client.get(f"/service_accounts/{name_or_id}"))


async def create_service_account(
    client: ApiClient, *, name: str, description: str | None = None
) -> ServiceAccount:
    """``POST /service_accounts`` with ``{name, active: true, description}`` (admin only)."""
    body: dict[str, Any] = {"name": name, "active": True}
    if description is not None:
        body["description"] = description
    return ServiceAccount.model_validate(await client.post("/service_accounts", json=body))


async def update_service_account(
    client: ApiClient, service_account_id: str, changes: Mapping[str, Any]
) -> ServiceAccount:
    """``PUT /service_accounts/{id}`` with the fields to change."""
    answer = await client.put(f"/service_accounts/{service_account_id}", json=dict(changes))
    return ServiceAccount.model_validate(answer)


async def deactivate_service_account(client: ApiClient, service_account_id: str) -> ServiceAccount:
    """``PUT /service_accounts/{id}`` with ``{active: false}``: every key of the account stops working."""
    return await update_service_account(client, service_account_id, {"active": False})


async def delete_service_account(client: ApiClient, service_account_id: str) -> None:
    """``DELETE /service_accounts/{id}``."""
    await client.delete(f"/service_accounts/{service_account_id}")
