"""Benchmark set-up done with plain httpx against the sandbox's HTTP API.

Set-up deliberately avoids zpro_nb: a bug in the client must show up in the measured figures, never
in the data they are measured on.
"""

from __future__ import annotations

from typing import Any

import httpx


def bearer(token: str) -> dict[str, str]:
    """An ``Authorization`` header for ``token``."""
    return {"Authorization": f"Bearer {token}"}


async def every_page(
    client: httpx.AsyncClient, path: str, token: str, params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Every item of a Pro list, page by page (its pages are bare arrays of at most 100)."""
    items: list[dict[str, Any]] = []
    while True:
        response = await client.get(
            path, params={**(params or {}), "offset": len(items), "limit": 100}, headers=bearer(token)
        )
        response.raise_for_status()
        page = response.json()
        items += page
        if len(page) < 100:
            return items


async def available_workspace(client: httpx.AsyncClient, token: str) -> dict[str, Any]:
    """The first seeded workspace that is ``available`` (it has a workspace API to page through)."""
    params: dict[str, str | int] = {"status": "available", "limit": 100}
    response = await client.get("/workspaces", params=params, headers=bearer(token))
    response.raise_for_status()
    for workspace in response.json():
        if ((workspace.get("zenml_service") or {}).get("status") or {}).get("server_url"):
            return dict(workspace)
    raise RuntimeError("the sandbox has no available workspace with a server URL")


def server_url(workspace: dict[str, Any]) -> str:
    """The workspace API root (``{sandbox}/ws/{id}``) of a Pro workspace object."""
    return str(workspace["zenml_service"]["status"]["server_url"]).rstrip("/")


async def workspace_login(client: httpx.AsyncClient, ws_url: str, pro_token: str) -> str:
    """A workspace token from ``zenml-external`` login with the Pro token, as ZenML's client does it."""
    response = await client.post(
        f"{ws_url}/api/v1/login", data={"grant_type": "zenml-external"}, headers=bearer(pro_token)
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


async def run_count(client: httpx.AsyncClient, ws_url: str, ws_token: str) -> int:
    """How many runs the workspace holds (the envelope's ``total``)."""
    response = await client.get(f"{ws_url}/api/v1/runs", params={"size": 1}, headers=bearer(ws_token))
    response.raise_for_status()
    return int(response.json()["total"])


async def top_up_runs(client: httpx.AsyncClient, ws_url: str, ws_token: str, wanted: int) -> int:
    """Create runs (sandbox-only ``POST /_sandbox/runs``) until the workspace holds ``wanted``; the total."""
    have = await run_count(client, ws_url, ws_token)
    if have < wanted:
        response = await client.post(
            f"{ws_url}/_sandbox/runs", params={"count": wanted - have}, headers=bearer(ws_token)
        )
        response.raise_for_status()
        have = await run_count(client, ws_url, ws_token)
    return have


async def set_faults(client: httpx.AsyncClient, admin_token: str, **faults: Any) -> None:
    """Switch sandbox fault fields (``latency_ms``, ``rate_limit``...) at run time (``PUT /_sandbox/faults``).

    ``client`` must have the sandbox root as its base URL.
    """
    response = await client.put("/_sandbox/faults", json=faults, headers=bearer(admin_token))
    response.raise_for_status()
