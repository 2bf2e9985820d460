"""The inventory's cost does not grow with history: run counts are the server's ``total`` on one-item
pages, so a workspace with 20,000 runs costs the same requests as one with 20."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from fastapi import FastAPI
from fixtures_sandbox import URL, new_app

import zpro_nb
from bench.sandbox_setup import run_count, top_up_runs, workspace_login

from .across_support import Counting

pytestmark = pytest.mark.anyio

HISTORY = 20_000


async def _bulk(app: FastAPI, workspace_id: str, wanted: int) -> int:
    token = app.state.demo_credentials["tokens"]["admin"]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=URL) as client:
        ws_url = f"{URL}/ws/{workspace_id}"
        ws_token = await workspace_login(client, ws_url, token)
        if wanted == 0:
            return await run_count(client, ws_url, ws_token)
        return await top_up_runs(client, ws_url, ws_token, wanted)


async def test_inventory_calls_do_not_grow_with_runs() -> None:
    app = new_app()
    counting = Counting(httpx.ASGITransport(app=app))
    token = app.state.demo_credentials["tokens"]["admin"]
    s = await zpro_nb.connect_async(url=URL, token=token, transport=counting)
    try:
        workspaces = await s.workspaces(status="available")
        target = str(workspaces["id"].iloc[0])
        small = await _bulk(app, target, 0)
        assert small < 100  # a seeded workspace's few runs
        counting.reset()
        before = await s.workspace_inventory(progress=False)
        calls_small = counting.count(f"/ws/{target}/")
        calls_all_small = counting.count()
        assert await _bulk(app, target, HISTORY) == HISTORY
        counting.reset()
        after = await s.workspace_inventory(progress=False)
        assert counting.count(f"/ws/{target}/") == calls_small
        assert counting.count() == calls_all_small
        assert calls_small <= 4  # a login, two counts and the last run
        row = after.set_index("workspace_id").loc[target]
        # The new runs are spread over 42 days: the count is the server's, checked against its own filter.
        ws = await s.workspace(target)
        since = dt.datetime.fromtimestamp(s.transport.clock.time(), dt.UTC) - dt.timedelta(days=30)
        counted = len(await ws.runs(since=since, sort_by=None))
        assert int(row["runs_last_30_days"]) == counted
        assert int(row["runs_last_30_days"]) > int(
            before.set_index("workspace_id").loc[target, "runs_last_30_days"]
        )
        assert row["last_run"] == (await ws.runs(max_items=1))["created"].iloc[0]
    finally:
        await s.aclose()


async def test_runs_across_workspaces_read_only_the_pages_asked_for() -> None:
    app = new_app()
    counting = Counting(httpx.ASGITransport(app=app))
    token = app.state.demo_credentials["tokens"]["admin"]
    s = await zpro_nb.connect_async(url=URL, token=token, transport=counting)
    try:
        target = str((await s.workspaces(status="available"))["id"].iloc[0])
        counting.reset()
        await s.runs(workspaces=[target], max_items=5, progress=False)
        await s.runs(workspaces=[target], since=dt.timedelta(hours=6), progress=False)
        small = counting.count(f"/ws/{target}/api/v1/runs")
        assert await _bulk(app, target, HISTORY) == HISTORY
        counting.reset()
        few = await s.runs(workspaces=[target], max_items=5, progress=False)
        recent = await s.runs(workspaces=[target], since=dt.timedelta(hours=6), progress=False)
        assert counting.count(f"/ws/{target}/api/v1/runs") == small == 2
        assert len(few) == 5
        assert 0 < len(recent) < 1000  # a quarter of a day out of 42: one page
    finally:
        await s.aclose()
