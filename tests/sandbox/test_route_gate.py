"""A workspace API request goes straight to the workspace routes, past no Pro route; Pro requests and
the OpenAPI document are as before."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fixtures_sandbox import URL, new_app

pytestmark = pytest.mark.anyio


def _watch(app: FastAPI) -> list[Any]:
    """Every route but the workspace routes, each noting when it is asked whether it matches."""
    consulted: list[Any] = []
    gate, *others = app.router.routes
    for route in others:
        if route is getattr(gate, "route", None):
            continue
        original = route.matches

        def matches(scope: Any, original: Any = original, route: Any = route) -> Any:
            consulted.append(route)
            return original(scope)

        route.matches = matches  # type: ignore[method-assign]
    return consulted


async def test_a_workspace_request_is_matched_before_any_pro_route() -> None:
    app = new_app()
    token = app.state.demo_credentials["tokens"]["admin"]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=URL) as client:
        listed = await client.get("/workspaces", headers={"Authorization": f"Bearer {token}"})
        workspace_id = listed.json()[0]["id"]
        consulted = _watch(app)
        info = await client.get(f"/ws/{workspace_id}/api/v1/info")
        assert info.status_code == 200, info.text
        assert consulted == []
        missing = await client.get(f"/ws/{workspace_id}/api/v1/no-such-thing")
        assert missing.status_code == 404
        pro = await client.get("/organizations", headers={"Authorization": f"Bearer {token}"})
        assert pro.status_code == 200
        assert consulted  # a Pro path passes the gate and is matched as before


def test_the_openapi_document_still_lists_the_workspace_api() -> None:
    paths = new_app().openapi()["paths"]
    assert "/ws/{workspace_id}/api/v1/runs" in paths
    assert "/organizations" in paths
