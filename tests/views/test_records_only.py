"""A workspace list method asked for its records (what the org-wide calls lay out as one frame):
the same records its frame is built from; frames asked meanwhile, by tasks made inside or of another
schema on the way, built as usual; a method that lays out no list refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pandas as pd
import pytest
from fixtures_sandbox import URL, new_app

import zpro_nb
from zpro_nb.workspace.records_only import Listed, records_asked, records_of
from zpro_nb.workspace_session import AsyncWorkspaceSession

pytestmark = pytest.mark.anyio


@pytest.fixture
async def ws() -> AsyncIterator[AsyncWorkspaceSession]:
    app = new_app()
    token = app.state.demo_credentials["tokens"]["admin"]
    session = await zpro_nb.connect_async(url=URL, token=token, transport=httpx.ASGITransport(app=app))
    try:
        listed = await session.workspaces(status="available")
        yield await session.workspace(str(listed["id"].iloc[0]))
    finally:
        await session.aclose()


async def test_the_records_are_those_the_frame_is_built_from(ws: AsyncWorkspaceSession) -> None:
    listed = await records_of(ws.runs(status="completed"), "runs")
    frame = await ws.runs(status="completed")
    assert listed.schema == "runs"
    assert len(listed.records) == len(frame) > 0
    assert [r["id"] for r in listed.records] == list(frame["id"])
    assert not records_asked("runs")  # the request ends with the call


async def test_columns_beside_the_records_come_along(ws: AsyncWorkspaceSession) -> None:
    listed = await records_of(ws.api_keys(), "api_keys")
    frame = await ws.api_keys()
    assert len(listed.records) == len(frame) > 0
    assert list(listed.values["service_account_id"]) == list(frame["service_account_id"])


async def test_a_frame_asked_meanwhile_on_the_same_session_is_a_frame(ws: AsyncWorkspaceSession) -> None:
    listed, frame = await asyncio.gather(records_of(ws.stacks(), "stacks"), ws.stacks())
    assert len(frame) > 0
    assert list(frame["id"]) == [r["id"] for r in listed.records]


async def test_only_the_asking_tasks_frame_of_the_asked_schema_is_handed_over(
    ws: AsyncWorkspaceSession,
) -> None:
    # Tasks made inside inherit the request, and a list may read another list on its way: those
    # frames are built as usual, and the records handed over are the asked list's own.
    built: list[object] = []

    async def reads_more_on_the_way() -> object:
        built.append(await asyncio.ensure_future(ws.stacks()))  # a task of its own, same schema
        built.append(await ws.pipelines())  # the same task, another schema
        return await ws.stacks()

    listed = await records_of(reads_more_on_the_way(), "stacks")
    assert [type(b) for b in built] == [pd.DataFrame, pd.DataFrame]
    assert listed.schema == "stacks"
    assert [r["id"] for r in listed.records] == list(built[0]["id"])  # type: ignore[index]


async def test_a_method_that_lays_out_no_list_is_refused(ws: AsyncWorkspaceSession) -> None:
    with pytest.raises(TypeError, match="cannot be asked for its records"):
        await records_of(ws.whoami(), "workspace_users")
    assert not records_asked("workspace_users")
    running = asyncio.ensure_future(ws.stacks())  # already under way: out of the request's reach
    with pytest.raises(TypeError, match="a list method's coroutine"):
        await records_of(running, "stacks")  # type: ignore[arg-type]
    assert len(await running) > 0


def test_values_must_be_one_per_record() -> None:
    with pytest.raises(ValueError, match="service_account_id: 1 values for 2 records"):
        Listed("api_keys", [{"id": "a"}, {"id": "b"}], {"service_account_id": ["s"]})
