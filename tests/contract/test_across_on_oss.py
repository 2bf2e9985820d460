"""Questions across workspaces, where the workspaces are real ZenML servers.

The fan-out (``gather_across``) is the same code the Pro session runs; here its targets are a real
ZenML 0.98 server reached twice (an API key and the admin's password, as two workspaces would be)
and a third whose key the server refuses: one frame of the two readable ones, one error row.
"""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator

import pandas as pd
import pytest

import zpro_nb
from zpro_nb.errors import WorkspacesLeftOut
from zpro_nb.frames import SCHEMAS
from zpro_nb.progress import Activity
from zpro_nb.views.across import ACROSS_SCHEMAS, WorkspaceTarget, gather_across
from zpro_nb.workspace_session import AsyncWorkspaceSession

from .conftest import Target

pytestmark = [pytest.mark.oss, pytest.mark.anyio]


@pytest.fixture
async def sessions(oss_target: Target) -> AsyncIterator[list[AsyncWorkspaceSession]]:
    by_key = await zpro_nb.connect_workspace_async(
        oss_target.url, api_key=oss_target.key_value, allow_insecure=True
    )
    opened = [by_key]
    yield opened
    for session in opened:
        await session.aclose()


def _target(name: str, session: AsyncWorkspaceSession) -> WorkspaceTarget:
    async def open_it() -> AsyncWorkspaceSession:
        return session

    return WorkspaceTarget(name, f"id-{name}", open_it)


def _refused(oss_target: Target) -> WorkspaceTarget:
    async def open_it() -> AsyncWorkspaceSession:
        # The key's shape is right; the server does not know it.
        return await zpro_nb.connect_workspace_async(
            oss_target.url, api_key="ZENKEY_" + "0" * 40, allow_insecure=True
        )

    return WorkspaceTarget("refused", "id-refused", open_it)


@pytest.mark.parametrize("method", sorted(ACROSS_SCHEMAS))
async def test_one_frame_from_real_servers_and_an_error_row(
    oss_target: Target, sessions: list[AsyncWorkspaceSession], method: str
) -> None:
    ws = sessions[0]
    targets = [_target("real-a", ws), _refused(oss_target), _target("real-b", ws)]
    async with Activity("test", show=False) as line:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            frame = await gather_across(targets, method, {}, activity=line)
    assert [str(w.message) for w in caught if w.category is WorkspacesLeftOut] != []
    schema = SCHEMAS[ACROSS_SCHEMAS[method]]
    assert list(frame.columns) == ["workspace", "workspace_id", *schema.names]
    one = await getattr(ws, method)()
    assert len(one) > 0 or method in {"models", "artifacts"}  # the contract pipeline made runs and keys
    assert list(frame["id"]) == list(one["id"]) * 2
    assert list(frame["workspace"]) == ["real-a"] * len(one) + ["real-b"] * len(one)
    # The session signs in with the contract key, so that key's last_login (and updated) move between reads.
    moving = ["last_login", "updated"] if method == "api_keys" else []
    first = frame[frame["workspace"] == "real-a"].drop(columns=["workspace", "workspace_id", *moving])
    pd.testing.assert_frame_equal(first.reset_index(drop=True), one.drop(columns=moving))
    errors = frame.zpro.errors
    assert errors["workspace"].tolist() == ["refused"]
    assert "AuthenticationError" in str(errors["error"].iloc[0])


async def test_runs_since_and_max_items_reach_the_real_server(
    sessions: list[AsyncWorkspaceSession],
) -> None:
    ws = sessions[0]
    async with Activity("test", show=False) as line:
        frame = await gather_across(
            [_target("real", ws)], "runs", {"max_items": 1, "status": "completed"}, activity=line
        )
    assert len(frame) == 1
    assert frame["status"].tolist() == ["completed"]
    assert frame.zpro.errors.empty


async def test_counts_are_the_real_servers_totals(sessions: list[AsyncWorkspaceSession]) -> None:
    # The inventory's counts come from `total` on a one-item page: the real server must agree with its lists.
    from zpro_nb.api.workspace import resources as resources_api
    from zpro_nb.api.workspace.filters import op

    ws = sessions[0]
    runs = await ws.runs()
    assert await resources_api.count_resource(ws.client, "runs") == len(runs) > 0
    assert await resources_api.count_resource(ws.client, "pipelines") == len(await ws.pipelines())
    # Filters carry whole seconds: from the first run's second on, every run; after the last, none.
    first = runs["created"].min().floor("s").to_pydatetime()
    after = (runs["created"].max().floor("s") + pd.Timedelta(seconds=1)).to_pydatetime()
    count = resources_api.count_resource
    assert await count(ws.client, "runs", filters={"created": op("gte", first)}) == len(runs)
    assert await count(ws.client, "runs", filters={"created": op("gte", after)}) == 0
