"""Org-wide questions in one call, on the in-process sandbox: one frame across workspaces, and the
workspaces left out beside it (never a failed call)."""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pandas as pd
import pytest
from fastapi import FastAPI
from fixtures_sandbox import URL, Raw, SandboxClock, new_app, raw_reader

import zpro_nb
from zpro_nb.errors import InvalidArgument, WorkspacesLeftOut
from zpro_nb.frames import SCHEMAS
from zpro_nb.notebook_session import AsyncSession

from .across_support import Counting, DeactivateOnFirstRead

pytestmark = pytest.mark.anyio

METHODS = ["runs", "pipelines", "stacks", "service_accounts", "api_keys", "artifacts", "models"]


@pytest.fixture
def app() -> FastAPI:
    return new_app()


@pytest.fixture
def network(app: FastAPI) -> DeactivateOnFirstRead:
    token = app.state.demo_credentials["tokens"]["admin"]
    return DeactivateOnFirstRead(httpx.ASGITransport(app=app), URL, token)


@pytest.fixture
def counting(network: DeactivateOnFirstRead) -> Counting:
    return Counting(network)


@pytest.fixture
async def s(app: FastAPI, counting: Counting) -> AsyncIterator[AsyncSession]:
    token = app.state.demo_credentials["tokens"]["admin"]
    # The client's clock is the sandbox's: a retry after a 503 waits in sandbox time, never really.
    session = await zpro_nb.connect_async(url=URL, token=token, transport=counting, clock=SandboxClock(app))
    yield session
    await session.aclose()


@pytest.fixture
async def raw(app: FastAPI) -> AsyncIterator[Raw]:
    async for reader in raw_reader(app):
        yield reader


async def _available(raw: Raw) -> list[dict[str, str]]:
    held = await raw.all("/workspaces")
    return sorted((w for w in held if w["status"] == "available"), key=lambda w: w["name"])


@pytest.mark.parametrize("method", METHODS)
async def test_one_frame_is_every_available_workspace_in_turn(s: AsyncSession, raw: Raw, method: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", WorkspacesLeftOut)  # nothing is left out: no warning
        frame = await getattr(s, method)(progress=False)
    schema = SCHEMAS[method]
    assert list(frame.columns) == ["workspace", "workspace_id", *schema.names]
    assert [str(t) for t in frame.dtypes[2:]] == [str(t) for t in schema.empty().dtypes]
    assert str(frame["workspace"].dtype) == str(frame["workspace_id"].dtype) == "string"
    assert frame.zpro.errors.empty
    expected = []
    for held in await _available(raw):
        one = await getattr(await s.workspace(held["id"]), method)()
        expected.append(one.assign(workspace=held["name"], workspace_id=held["id"]))
    want = pd.concat(expected, ignore_index=True)
    assert list(frame["id"]) == list(want["id"])
    assert list(frame["workspace"]) == list(want["workspace"])
    # One frame laid out from every workspace's records holds what each workspace's own frame holds.
    where = ["workspace", "workspace_id"]
    pd.testing.assert_frame_equal(frame.drop(columns=where), want.drop(columns=where))
    assert len(frame.zpro.raw) == len(frame)
    assert [r["id"] for r in frame.zpro.raw] == list(frame["id"])


async def test_every_key_of_every_service_account(s: AsyncSession, raw: Raw) -> None:
    keys = await s.api_keys(progress=False)
    accounts = await s.service_accounts(progress=False)
    assert set(keys["service_account_id"]) <= set(accounts["id"])
    for held in await _available(raw):
        ws = await s.workspace(held["id"])
        mine = keys[keys["workspace_id"] == held["id"]]
        assert sorted(mine["id"]) == sorted((await ws.api_keys())["id"])


async def test_filters_and_scope_are_the_workspace_sessions(s: AsyncSession, raw: Raw) -> None:
    available = await _available(raw)
    names = [available[0]["name"], available[1]["id"]]
    frame = await s.runs(workspaces=names, status="completed", max_items=4, progress=False)
    assert set(frame["workspace_id"]) == {available[0]["id"], available[1]["id"]}
    assert set(frame["status"]) == {"completed"}
    assert frame.groupby("workspace_id").size().max() <= 4
    research = await s.stacks(organization="acme-research", progress=False)
    org = await raw.org("acme-research")
    in_org = {w["id"] for w in available if (w.get("organization") or {}).get("id") == org["id"]}
    assert set(research["workspace_id"]) == in_org


async def test_a_workspace_deactivated_mid_call_is_an_error_row(
    s: AsyncSession, raw: Raw, network: DeactivateOnFirstRead
) -> None:
    available = await _available(raw)
    victim = available[1]
    network.victim = victim["id"]
    with pytest.warns(WorkspacesLeftOut, match=victim["name"]):
        frame = await s.pipelines(progress=False)
    assert network.done
    assert victim["id"] not in set(frame["workspace_id"])
    assert set(frame["workspace_id"]) == {w["id"] for w in available} - {victim["id"]}
    errors = frame.zpro.errors
    assert list(errors.columns) == ["workspace", "workspace_id", "error"]
    assert errors[["workspace", "workspace_id"]].values.tolist() == [[victim["name"], victim["id"]]]
    assert "not available" in str(errors["error"].iloc[0])
    assert frame[frame["workspace"] == available[0]["name"]].zpro.errors.equals(errors)  # kept by filters


async def test_a_named_workspace_that_is_not_available_is_left_out(s: AsyncSession, raw: Raw) -> None:
    held = {w["name"]: w for w in await raw.all("/workspaces")}
    with pytest.warns(WorkspacesLeftOut, match="legacy-batch"):
        frame = await s.models(workspaces=["production", "legacy-batch"], progress=False)
    assert set(frame["workspace"]) == {"production"}
    assert list(frame.zpro.errors["workspace_id"]) == [held["legacy-batch"]["id"]]
    assert "deactivated" in str(frame.zpro.errors["error"].iloc[0])


async def test_nothing_readable_still_gives_the_frame(s: AsyncSession) -> None:
    with pytest.warns(WorkspacesLeftOut):
        frame = await s.runs(workspaces=["legacy-batch", "gpu-fail-test"], progress=False)
    assert frame.empty
    assert list(frame.columns) == ["workspace", "workspace_id", *SCHEMAS["runs"].names]
    assert len(frame.zpro.errors) == 2


async def test_a_bad_workspaces_argument_is_refused_before_anything_is_sent(
    s: AsyncSession, counting: Counting
) -> None:
    counting.reset()
    with pytest.raises(InvalidArgument, match="workspaces"):
        await s.runs(workspaces="production", progress=False)  # type: ignore[arg-type]
    assert counting.count() == 0


async def test_the_sync_session_warns_on_the_callers_thread(app: FastAPI) -> None:
    token = app.state.demo_credentials["tokens"]["admin"]
    s = zpro_nb.connect(url=URL, token=token, transport=httpx.ASGITransport(app=app))
    try:
        with pytest.warns(WorkspacesLeftOut, match="legacy-batch"):
            frame = s.stacks(workspaces=["production", "legacy-batch"], progress=False)
        assert set(frame["workspace"]) == {"production"}
        assert len(frame.zpro.errors) == 1
    finally:
        s.close()


async def test_the_fan_out_stays_within_the_clients_limits(app: FastAPI) -> None:
    from bench.counting_transport import CountingTransport

    wire = CountingTransport(httpx.ASGITransport(app=app))
    token = app.state.demo_credentials["tokens"]["admin"]
    s = await zpro_nb.connect_async(url=URL, token=token, transport=wire, max_concurrency=2)
    try:
        frame = await s.api_keys(progress=False)
    finally:
        await s.aclose()
    assert len(frame) > 0
    assert wire.requests > 10  # logins, accounts and keys of every workspace
    assert wire.max_in_flight <= 2


async def test_only_zpro_errors_become_error_rows_a_bug_still_raises() -> None:
    # A workspace that cannot be read (any ZProError) is a row of errors; anything else is a bug in
    # zpro_nb and must not be hidden as "unreachable" (the catch was ``except Exception`` before).
    from zpro_nb.errors import ConnectionFailed
    from zpro_nb.progress import Activity
    from zpro_nb.views.across import WorkspaceTarget, gather_across

    async def unreachable() -> Any:
        raise ConnectionFailed("connection refused")

    async def broken() -> Any:
        raise RuntimeError("a bug, not a workspace problem")

    async with Activity("test", show=False) as activity:
        with pytest.warns(WorkspacesLeftOut, match="far-away"):
            frame = await gather_across(
                [WorkspaceTarget("far-away", "w1", unreachable)], "runs", {}, activity=activity
            )
        assert list(frame.zpro.errors["workspace"]) == ["far-away"]
        with pytest.raises(RuntimeError, match="a bug"):
            await gather_across([WorkspaceTarget("buggy", "w2", broken)], "runs", {}, activity=activity)


async def test_every_workspace_signs_in_before_any_is_read(s: AsyncSession, counting: Counting) -> None:
    # All the workspaces' calls are under way at once: each signs in, then reads, and the cap
    # serves waiting requests first in, first out, so every sign-in is sent before any read. With
    # a window of 48 calls, the 49th and later signed in only as the first ones had finished
    # reading, which put their two round trips after everything else.
    from zpro_nb.progress import Activity
    from zpro_nb.views.across import WorkspaceTarget, gather_across, targets_of

    (one,) = await targets_of(s, None, ["production"])
    targets = [WorkspaceTarget(f"copy-{i}", one.workspace_id, one.open) for i in range(60)]
    counting.reset()
    async with Activity("test", show=False) as activity:
        frame = await gather_across(targets, "runs", {}, activity=activity)
    assert frame["workspace"].nunique() == 60
    steps = [p.rsplit("/", 1)[-1] for p in counting.paths if p.startswith("/ws/")]
    assert steps.count("login") == 60
    first_read = steps.index("runs")
    assert steps[:first_read] == ["login"] * 60, steps[:first_read]


async def test_keys_of_a_service_account_that_only_some_workspaces_have(s: AsyncSession, raw: Raw) -> None:
    # Elsewhere the account is unknown: those workspaces have none of its keys, and are not errors.
    available = await _available(raw)
    assert len(available) > 2
    middle = available[len(available) // 2]  # answers both before and after it carry no keys
    ws = await s.workspace(middle["id"])
    account = await ws.create_service_account("only-here")
    await ws.create_api_key("only-here", "ci")
    await ws.create_api_key("only-here", "nightly")
    with warnings.catch_warnings():
        warnings.simplefilter("error", WorkspacesLeftOut)
        keys = await s.api_keys(service_account="only-here", progress=False)
    assert sorted(keys["name"]) == ["ci", "nightly"]
    assert set(keys["workspace_id"]) == {middle["id"]}
    assert set(keys["service_account_id"]) == {account.id}
    assert set(keys["service_account_name"]) == {"only-here"}
    assert keys.zpro.errors.empty


@pytest.mark.parametrize(
    ("arguments", "named"), [({"since": "bogus"}, "since"), ({"max_items": -1}, "max_items")]
)
async def test_a_bad_filter_is_refused_before_the_workspaces_are_listed(
    s: AsyncSession, counting: Counting, arguments: dict[str, Any], named: str
) -> None:
    # Every workspace would refuse it alike: it was an empty frame with a row of errors per
    # workspace, each saying InvalidArgument, after the workspaces had been listed.
    counting.reset()
    with pytest.raises(InvalidArgument, match=named):
        await s.runs(progress=False, **arguments)
    assert counting.count() == 0
