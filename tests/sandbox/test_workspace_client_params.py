"""Query parameters ZenML's own Client sends that are not plain filters, answered as the real server does."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from fixtures_sandbox import new_app

pytestmark = pytest.mark.anyio


@pytest.fixture
async def workspace() -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    app: FastAPI = new_app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test") as c:
        pro = {"Authorization": f"Bearer {app.state.demo_credentials['tokens']['admin']}"}
        listed = (await c.get("/workspaces", headers=pro)).json()
        url = next(w for w in listed if w["status"] == "available")["zenml_service"]["status"]["server_url"]
        token = (await c.post(f"{url}/api/v1/login", headers=pro)).json()["access_token"]
        c.headers["Authorization"] = f"Bearer {token}"
        yield c, f"{url}/api/v1"


async def test_scope_type_narrows_components_to_one_type(workspace: tuple[httpx.AsyncClient, str]) -> None:
    # Client.get_stack_component(type, "default") lists name=equals:default&scope_type=<type>;
    # every default component shares the name, so without the scope the Client sees three.
    client, root = workspace
    page = (
        await client.get(
            f"{root}/components", params={"name": "equals:default", "scope_type": "orchestrator"}
        )
    ).json()
    assert [(c["name"], c["body"]["type"]) for c in page["items"]] == [("default", "orchestrator")]
