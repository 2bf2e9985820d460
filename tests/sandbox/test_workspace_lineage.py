"""Steps, artifacts, models and schedules of a sandbox workspace, through the real sandbox app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fixtures_sandbox import new_app

pytestmark = pytest.mark.anyio

MISSING_ID = "4d47d625-b36f-4e99-96e3-5686d0833ed2"


class Workspace:
    """An available sandbox workspace signed in as the demo admin."""

    def __init__(self, client: httpx.AsyncClient, url: str, token: str) -> None:
        self.client = client
        self.url = url
        self.headers = {"Authorization": f"Bearer {token}"}

    async def get(self, path: str, **params: Any) -> httpx.Response:
        return await self.client.get(f"{self.url}/api/v1{path}", params=params, headers=self.headers)

    async def items(self, path: str, **params: Any) -> list[dict[str, Any]]:
        response = await self.get(path, size=10_000, **params)
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items


@pytest.fixture(scope="module")
def app() -> FastAPI:
    return new_app()


@pytest.fixture
async def ws(app: FastAPI) -> AsyncIterator[Workspace]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test") as c:
        pro = {"Authorization": f"Bearer {app.state.demo_credentials['tokens']['admin']}"}
        listed = (await c.get("/workspaces", headers=pro)).json()
        url = next(w for w in listed if w["status"] == "available")["zenml_service"]["status"]["server_url"]
        login = await c.post(f"{url}/api/v1/login", headers=pro)
        yield Workspace(c, url, login.json()["access_token"])


@pytest.mark.parametrize(
    ("path", "has_name"),
    [
        ("/artifacts", True),
        ("/artifact_versions", False),
        ("/models", True),
        ("/model_versions", True),
        ("/steps", True),
        ("/schedules", True),
    ],
)
async def test_each_resource_lists_unhydrated_and_gets_hydrated(
    ws: Workspace, path: str, has_name: bool
) -> None:
    page = (await ws.get(path, size=2)).json()
    assert list(page) == ["index", "max_size", "total_pages", "total", "items"]
    assert page["total"] > 0
    first = page["items"][0]
    assert first["metadata"] is None
    assert isinstance(first["resources"], dict)
    assert ("name" in first) is has_name
    one = await ws.get(f"{path}/{first['id']}")
    assert one.status_code == 200
    assert isinstance(one.json()["metadata"], dict)
    missing = await ws.get(f"{path}/{MISSING_ID}")
    assert missing.status_code == 404
    assert missing.json()["detail"][0] == "KeyError"
    assert (await ws.get(f"{path}/not-a-uuid")).status_code == 422


async def test_a_runs_steps_match_its_status_and_produce_its_artifact_versions(ws: Workspace) -> None:
    runs = await ws.items("/runs", hydrate=True)
    versions = {v["id"]: v for v in await ws.items("/artifact_versions")}
    checked = 0
    for run in runs:
        steps = await ws.items("/steps", pipeline_run_id=run["id"])
        statuses = [s["body"]["status"] for s in steps]
        if run["body"]["status"] == "completed":
            assert statuses
            assert set(statuses) == {"completed"}
            checked += 1
        if run["body"]["status"] == "failed":
            assert statuses[-1] == "failed"
            assert set(statuses[:-1]) <= {"completed"}
        for step in steps:
            assert step["body"]["start_time"] >= run["metadata"]["start_time"]
            if step["body"]["status"] != "completed":
                continue
            for produced in step["resources"]["outputs"].values():
                version = versions[produced[0]["id"]]
                assert version["resources"]["producer_step_run_id"] == step["id"]
                assert version["resources"]["producer_pipeline_run_id"] == run["id"]
    assert checked > 0


async def test_step_filter_by_run_agrees_with_a_scan(ws: Workspace) -> None:
    run_id = (await ws.items("/runs"))[0]["id"]
    by_index = await ws.items("/steps", pipeline_run_id=run_id)
    by_scan = await ws.items("/steps", pipeline_run_id=f"equals:{run_id.upper()}")
    assert [s["id"] for s in by_index] == [s["id"] for s in by_scan]


async def test_model_versions_come_in_stages_and_by_model_name(ws: Workspace) -> None:
    versions = await ws.items("/model_versions", model="churn-model", sort_by="asc:number")
    stages = [v["body"]["stage"] for v in versions]
    assert {"staging", "production", "archived"} <= set(stages)
    assert [v["body"]["number"] for v in versions] == list(range(1, len(versions) + 1))
    assert {v["body"]["model"]["name"] for v in versions} == {"churn-model"}
    nested_route = await ws.items("/models/churn-model/model_versions", sort_by="asc:number")
    assert [v["id"] for v in nested_route] == [v["id"] for v in versions]
    production = await ws.items("/model_versions", stage="production")
    assert [v["body"]["stage"] for v in production] == ["production"]
    assert await ws.items("/model_versions", model="no-such-model") == []


async def test_artifact_versions_by_artifact_name_and_latest_version(ws: Workspace) -> None:
    artifact = (await ws.items("/artifacts", name="raw_data"))[0]
    versions = await ws.items("/artifact_versions", artifact="raw_data", sort_by="desc:version_number")
    assert versions
    assert {v["body"]["artifact"]["id"] for v in versions} == {artifact["id"]}
    assert artifact["resources"]["latest_version_id"] == versions[0]["id"]
    assert artifact["resources"]["latest_version_name"] == versions[0]["body"]["version"]
    assert await ws.items("/artifact_versions", artifact="no-such-artifact") == []


async def test_paging_walks_every_artifact_version_once(ws: Workspace) -> None:
    seen: list[str] = []
    page = 1
    while True:
        body = (await ws.get("/artifact_versions", size=7, page=page, sort_by="desc:created")).json()
        seen += [item["id"] for item in body["items"]]
        if page >= body["total_pages"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == body["total"]


async def test_schedules_write_intervals_as_iso_durations(ws: Workspace) -> None:
    schedules = {s["name"]: s for s in await ws.items("/schedules", hydrate=True)}
    hourly = next(s for s in schedules.values() if s["body"]["cron_expression"] is None)
    assert hourly["body"]["interval_second"] == "PT1H"
    assert hourly["metadata"]["pipeline_id"]
    active = await ws.items("/schedules", active="true")
    assert all(s["body"]["active"] for s in active)
