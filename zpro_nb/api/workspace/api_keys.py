"""Service-account API keys. A key's value comes only from create and rotate, as a masked ``NewApiKey``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._core.transport import ApiClient
from ...models.workspace import ApiKey, NewApiKey
from .listing import list_items


def _without_key(record: dict[str, Any]) -> dict[str, Any]:
    # Lists send key null; should a server ever send a value, it must not reach a frame's raw view.
    body = record.get("body")
    if isinstance(body, dict) and body.get("key") is not None:
        record = {**record, "body": {**body, "key": None}}
    return record


async def list_api_keys(
    client: ApiClient,
    service_account_id: str,
    *,
    filters: Mapping[str, Any] | None = None,
    sort_by: str | None = None,
    hydrate: bool = True,
    max_items: int | None = None,
) -> list[dict[str, Any]]:
    """``GET /service_accounts/{id}/api_keys`` as records (hydrated: last login/rotation are metadata)."""
    records = await list_items(
        client,
        f"/service_accounts/{service_account_id}/api_keys",
        filters=filters,
        sort_by=sort_by,
        hydrate=hydrate,
        max_items=max_items,
    )
    return [_without_key(r) for r in records]


async def get_api_key(client: ApiClient, service_account_id: str, name_or_id: str) -> ApiKey:
    """``GET /service_accounts/{sa}/api_keys/{name_or_id}``."""
    answer = await client.get(f"/service_accounts/{service_account_id}/api_keys/{name_or_id}")
    return ApiKey.model_validate(_without_key(answer) if isinstance(answer, dict) else answer)


async def create_api_key(
    client: ApiClient, service_account_id: str, *, name: str, description: str | None = None
) -> NewApiKey:
    """``POST /service_accounts/{sa}/api_keys``; the answer holds the key value, once."""
    body: dict[str, Any] = {"name": name}
    if description is not None:
        body["description"] = description
    return NewApiKey.model_validate(
        await client.post(f"/service_accounts/{service_account_id}/api_keys", json=body)
    )


async def rotate_api_key(
    client: ApiClient, service_account_id: str, key_id: str, *, retain_minutes: int = 0
) -> NewApiKey:
    """``PUT /service_accounts/{sa}/api_keys/{id}/rotate``; the old value keeps working ``retain_minutes``.

    The server answers a rotation unhydrated (``metadata: null``): the description, retain period
    and rotation time are read back with one ``GET`` and joined to the new key.
    """
    path = f"/service_accounts/{service_account_id}/api_keys/{key_id}"
    answer = await client.put(f"{path}/rotate", json={"retain_period_minutes": retain_minutes})
    if isinstance(answer, dict) and answer.get("metadata") is None:
        fresh = await client.get(path, params={"hydrate": True})
        if isinstance(fresh, dict):
            answer = {**answer, "metadata": fresh.get("metadata")}
    return NewApiKey.model_validate(answer)


async def deactivate_api_key(client: ApiClient, service_account_id: str, key_id: str) -> ApiKey:
    """``PUT /service_accounts/{sa}/api_keys/{id}`` with ``{active: false}``."""
    answer = await client.put(
        f"/service_accounts/{service_account_id}/api_keys/{key_id}", json={"active": False}
    )
    return ApiKey.model_validate(_without_key(answer) if isinstance(answer, dict) else answer)


async def delete_api_key(client: ApiClient, service_account_id: str, key_id: str) -> None:
    """``DELETE /service_accounts/{sa}/api_keys/{id}``."""
    await client.delete(f"/service_accounts/{service_account_id}/api_keys/{key_id}")
