"""The workspace API inside the real sandbox app: Pro tokens, Pro membership and lifecycle behind it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fixtures_sandbox import new_app


@pytest.fixture
def app() -> FastAPI:
    return new_app()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test") as c:
        yield c


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _workspaces(client: httpx.AsyncClient, app: FastAPI) -> list[dict[str, Any]]:
    admin = app.state.demo_credentials["tokens"]["admin"]
    response = await client.get("/workspaces", headers=_bearer(admin))
    assert response.status_code == 200
    workspaces: list[dict[str, Any]] = response.json()
    return workspaces


async def _available_url(client: httpx.AsyncClient, app: FastAPI) -> str:
    workspace = next(w for w in await _workspaces(client, app) if w["status"] == "available")
    url: str = workspace["zenml_service"]["status"]["server_url"]
    return url


async def _login(client: httpx.AsyncClient, url: str, pro_token: str) -> dict[str, str]:
    response = await client.post(f"{url}/api/v1/login", headers=_bearer(pro_token))
    assert response.status_code == 200, response.text
    assert response.json()["expires_in"] == 3600
    return _bearer(response.json()["access_token"])


@pytest.mark.anyio
async def test_pro_server_url_leads_to_a_workspace_that_knows_its_pro_side(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    workspace = next(w for w in await _workspaces(client, app) if w["status"] == "available")
    url = workspace["zenml_service"]["status"]["server_url"]
    info = (await client.get(f"{url}/api/v1/info")).json()
    assert info["pro_workspace_id"] == workspace["id"]
    assert info["pro_workspace_name"] == workspace["name"]
    assert info["pro_organization_id"] == workspace["organization"]["id"]
    assert info["server_url"] == url


@pytest.mark.anyio
async def test_workspace_users_mirror_the_pro_members(client: httpx.AsyncClient, app: FastAPI) -> None:
    url = await _available_url(client, app)
    admin = await _login(client, url, app.state.demo_credentials["tokens"]["admin"])
    me = (await client.get(f"{url}/api/v1/current-user", headers=admin)).json()
    pro_me = (
        await client.get("/users/me", headers=_bearer(app.state.demo_credentials["tokens"]["admin"]))
    ).json()
    assert me["metadata"]["external_user_id"] == pro_me["id"]
    assert me["body"]["is_admin"] is True
    users = (
        await client.get(f"{url}/api/v1/users", params={"hydrate": True, "size": 100}, headers=admin)
    ).json()
    external_ids = {u["metadata"]["external_user_id"] for u in users["items"]}
    assert pro_me["id"] in external_ids
    assert None not in external_ids  # a fresh workspace has no local users


@pytest.mark.anyio
async def test_viewer_reads_but_may_not_manage_service_accounts(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    url = await _available_url(client, app)
    viewer = await _login(client, url, app.state.demo_credentials["tokens"]["viewer"])
    assert (await client.get(f"{url}/api/v1/service_accounts", headers=viewer)).status_code == 200
    denied = await client.post(
        f"{url}/api/v1/service_accounts", json={"name": "x", "active": True}, headers=viewer
    )
    assert denied.status_code == 403
    assert denied.json()["detail"][0] == "IllegalOperationError"


@pytest.mark.anyio
async def test_pro_api_key_logs_in_to_a_workspace(client: httpx.AsyncClient, app: FastAPI) -> None:
    url = await _available_url(client, app)
    key = app.state.demo_credentials["api_keys"]["admin"]
    response = await client.post(f"{url}/api/v1/login", data={"grant_type": "zenml-api-key", "password": key})
    assert response.status_code == 200
    assert response.json()["expires_in"] == 3600
    assert (await client.get(f"{url}/api/v1/projects", headers=_bearer(key))).status_code == 200


@pytest.mark.anyio
async def test_workspace_token_expires_with_the_sandbox_clock(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    url = await _available_url(client, app)
    token = await _login(client, url, app.state.demo_credentials["tokens"]["viewer"])
    assert (await client.get(f"{url}/api/v1/current-user", headers=token)).status_code == 200
    app.state.clock.advance(3600 + 11)
    expired = await client.get(f"{url}/api/v1/current-user", headers=token)
    assert expired.status_code == 401
    assert expired.json()["detail"][0] == "CredentialsNotValid"


@pytest.mark.anyio
async def test_workspaces_that_are_not_running_answer_503(client: httpx.AsyncClient, app: FastAPI) -> None:
    stopped = [w for w in await _workspaces(client, app) if w["status"] != "available"]
    assert stopped
    for workspace in stopped:
        response = await client.get(f"/ws/{workspace['id']}/health")
        assert response.status_code == 503
        assert workspace["status"] in response.json()["detail"]
    assert (await client.get("/ws/no-such-workspace/api/v1/info")).status_code == 404


@pytest.mark.anyio
async def test_sandbox_runs_endpoint_grows_a_workspace(client: httpx.AsyncClient, app: FastAPI) -> None:
    url = await _available_url(client, app)
    admin = await _login(client, url, app.state.demo_credentials["tokens"]["admin"])
    before = (await client.get(f"{url}/api/v1/runs", params={"size": 1}, headers=admin)).json()["total"]
    added = await client.post(f"{url}/_sandbox/runs", params={"count": 2000}, headers=admin)
    assert added.json()["total"] == before + 2000
    page = (
        await client.get(f"{url}/api/v1/runs", params={"size": 10_000, "hydrate": True}, headers=admin)
    ).json()
    assert page["total"] == before + 2000
    assert len(page["items"]) == min(10_000, before + 2000)
