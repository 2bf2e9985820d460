"""A workspace list method asked for its records (what the org-wide calls join into one frame):
the same records its frame is built from, nothing changed for a frame asked at the same time on the
same session, and a method that lays out no list refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fixtures_sandbox import URL, new_app

import zpro_nb
from zpro_nb.workspace.records_only import records_asked, records_of
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
    listed = await records_of(ws.runs(status="completed"))
    frame = await ws.runs(status="completed")
    assert listed.schema == "runs"
    assert len(listed.records) == len(frame) > 0
    assert [r["id"] for r in listed.records] == list(frame["id"])
    assert not records_asked()  # the request ends with the call


async def test_columns_beside_the_records_come_along(ws: AsyncWorkspaceSession) -> None:
    listed = await records_of(ws.api_keys())
    frame = await ws.api_keys()
    assert len(listed.records) == len(frame) > 0
    assert list(listed.values["service_account_id"]) == list(frame["service_account_id"])


async def test_a_frame_asked_meanwhile_on_the_same_session_is_a_frame(ws: AsyncWorkspaceSession) -> None:
    listed, frame = await asyncio.gather(records_of(ws.stacks()), ws.stacks())
    assert len(frame) > 0
    assert list(frame["id"]) == [r["id"] for r in listed.records]


async def test_a_method_that_lays_out_no_list_is_refused(ws: AsyncWorkspaceSession) -> None:
    with pytest.raises(TypeError, match="cannot be asked for its records"):
        await records_of(ws.whoami())
    assert not records_asked()
