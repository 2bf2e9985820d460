"""Looking a workspace object up by name asks the server for that name, never for every object.

A workspace with 2,500 more runs is read through a recording transport: resolving one run's name
must cost a name-filtered list and one read, whatever the workspace holds.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI
from fixtures_sandbox import URL, new_app

import zpro_nb
from zpro_nb.errors import AmbiguousName, InvalidArgument, NameNotFound
from zpro_nb.notebook_session import AsyncSession
from zpro_nb.workspace_session import AsyncWorkspaceSession

pytestmark = pytest.mark.anyio


class Recording(httpx.ASGITransport):
    def __init__(self, app: FastAPI) -> None:
        super().__init__(app=app)
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return await super().handle_async_request(request)

    def calls(self) -> list[tuple[str, str, dict[str, list[str]]]]:
        out = []
        for request in self.requests:
            parts = urlsplit(str(request.url))
            out.append((request.method, parts.path.split("/api/v1", 1)[-1], parse_qs(parts.query)))
        return out


@pytest.fixture
def app() -> FastAPI:
    return new_app()


@pytest.fixture
def recording(app: FastAPI) -> Recording:
    return Recording(app)


@pytest.fixture
async def s(app: FastAPI, recording: Recording) -> AsyncIterator[AsyncSession]:
    session = await zpro_nb.connect_async(
        url=URL, token=app.state.demo_credentials["tokens"]["admin"], transport=recording
    )
    yield session
    await session.aclose()


@pytest.fixture
async def ws(s: AsyncWorkspaceSession, app: FastAPI) -> AsyncWorkspaceSession:
    workspace: AsyncWorkspaceSession = await s.workspace("production")  # type: ignore[attr-defined]
    added = await workspace.client.post("/../../_sandbox/runs", params={"count": 2500})
    assert added["created"] == 2500
    return workspace


async def test_a_run_is_found_by_name_with_the_servers_name_filter(
    ws: AsyncWorkspaceSession, recording: Recording
) -> None:
    runs = await ws.runs(max_items=3000)
    wanted = runs["name"].iloc[len(runs) // 2]
    recording.requests.clear()
    found = await ws.get("runs", wanted)
    assert found.name == wanted
    calls = recording.calls()
    assert len(calls) == 2, calls
    (method, path, query), (then, read, _) = calls
    assert (method, path, query["name"]) == ("GET", "/runs", [f"equals:{wanted}"])
    assert (then, read) == ("GET", f"/runs/{found.id}")


async def test_a_name_in_other_case_is_found_and_a_typo_suggests_without_listing_everything(
    ws: AsyncWorkspaceSession, recording: Recording
) -> None:
    stacks = await ws.stacks()
    assert "default" in set(stacks["name"])
    recording.requests.clear()
    found = await ws.get("stacks", "DEFAULT")
    assert found.name == "default"
    runs = await ws.runs(max_items=1)
    recording.requests.clear()
    typo = runs["name"].iloc[0][:-3] + "zzz"
    with pytest.raises(NameNotFound):
        await ws.get("runs", typo)
    for method, path, query in recording.calls():
        assert (method, path) == ("GET", "/runs")
        assert "name" in query  # every list asked for names like the one given, never for all runs
    assert len(recording.requests) <= 3


async def test_a_shared_name_is_ambiguous(ws: AsyncWorkspaceSession) -> None:
    await ws.client.post("/secrets", json={"name": "twin", "private": False})
    await ws.client.post("/secrets", json={"name": "twin", "private": True})
    with pytest.raises(AmbiguousName):
        await ws.get("secrets", "twin")


async def test_users_and_keys_not_found_suggest_without_listing_everything(
    ws: AsyncWorkspaceSession, recording: Recording
) -> None:
    accounts = await ws.service_accounts()
    name = accounts["name"].iloc[0]
    recording.requests.clear()
    with pytest.raises(NameNotFound) as missing:
        await ws.get_service_account(name + "x")
    assert name in missing.value.suggestions
    lists = [(p, q) for m, p, q in recording.calls() if p == "/service_accounts"]
    assert lists
    assert all("name" in q for _, q in lists)


async def test_a_known_project_is_read_by_itself_and_only_an_unknown_one_lists_them_all(
    s: AsyncSession, recording: Recording
) -> None:
    ws: AsyncWorkspaceSession = await s.workspace("production")  # type: ignore[attr-defined]
    run_id = (await ws.runs(status="completed", max_items=1))["id"].iloc[0]
    project_id = (await ws.projects())["id"].iloc[0]
    for project in ("default", project_id):
        recording.requests.clear()
        assert (await ws.get("runs", run_id, project=project)).id == run_id
        paths = [p for m, p, _ in recording.calls() if m == "GET" and p.startswith("/projects")]
        assert paths == [f"/projects/{project}"], paths  # the one project asked for, no list
    recording.requests.clear()
    with pytest.raises(InvalidArgument, match="one of: default"):
        await ws.get("runs", run_id, project="no-such-project")
    paths = [p for m, p, _ in recording.calls() if m == "GET" and p.startswith("/projects")]
    assert paths == ["/projects/no-such-project", "/projects"], paths  # the miss names the known ones
