"""The workspace hop: lists from a sandbox workspace's API match it; SA/key changes show in fresh reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pandas as pd
import pytest
from fastapi import FastAPI
from fixtures_sandbox import URL, new_app, open_async

from zpro_nb.errors import NameNotFound
from zpro_nb.frames import SCHEMAS
from zpro_nb.models.workspace import NewApiKey
from zpro_nb.notebook_session import AsyncSession
from zpro_nb.workspace_session import AsyncWorkspaceSession

pytestmark = pytest.mark.anyio


class WorkspaceRaw:
    """Raw reads of one sandbox workspace's API, signed in the documented way (zenml-external)."""

    def __init__(self, client: httpx.AsyncClient, root: str, token: str) -> None:
        self.client = client
        self.root = root
        self.headers = {"Authorization": f"Bearer {token}"}

    @classmethod
    async def login(cls, client: httpx.AsyncClient, server_url: str, pro_token: str) -> WorkspaceRaw:
        root = f"{server_url}/api/v1"
        response = await client.post(f"{root}/login", headers={"Authorization": f"Bearer {pro_token}"})
        assert response.status_code == 200, response.text
        return cls(client, root, response.json()["access_token"])

    async def page(self, path: str, **params: Any) -> dict[str, Any]:
        response = await self.client.get(f"{self.root}{path}", params=params, headers=self.headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def total(self, path: str, **params: Any) -> int:
        return int((await self.page(path, size=1, **params))["total"])

    async def items(self, path: str, **params: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = (await self.page(path, size=10000, **params))["items"]
        return items


@pytest.fixture
def app() -> FastAPI:
    return new_app()


@pytest.fixture
async def s(app: FastAPI) -> AsyncIterator[AsyncSession]:
    session = await open_async(app)
    yield session
    await session.aclose()


@pytest.fixture
async def ws(s: AsyncSession) -> AsyncWorkspaceSession:
    return await s.workspace("production")


@pytest.fixture
async def raw(app: FastAPI, ws: AsyncWorkspaceSession) -> AsyncIterator[WorkspaceRaw]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=URL) as client:
        yield await WorkspaceRaw.login(client, ws.server_url, app.state.demo_credentials["tokens"]["admin"])


def assert_schema(frame: pd.DataFrame, name: str) -> None:
    assert list(frame.columns) == SCHEMAS[name].names
    assert [str(t) for t in frame.dtypes] == [str(t) for t in SCHEMAS[name].empty().dtypes]


@pytest.mark.parametrize(
    ("method", "schema", "path"),
    [
        ("users", "workspace_users", "/users"),
        ("service_accounts", "service_accounts", "/service_accounts"),
        ("projects", "projects", "/projects"),
        ("pipelines", "pipelines", "/pipelines"),
        ("runs", "runs", "/runs"),
        ("run_templates", "run_templates", "/run_templates"),
        ("stacks", "stacks", "/stacks"),
        ("components", "components", "/components"),
        ("tags", "tags", "/tags"),
        ("secrets", "secrets", "/secrets"),
    ],
)
async def test_each_list_matches_the_workspace(
    ws: AsyncWorkspaceSession, raw: WorkspaceRaw, method: str, schema: str, path: str
) -> None:
    frame = await getattr(ws, method)()
    assert_schema(frame, schema)
    held = await raw.items(path)
    assert sorted(frame["id"]) == sorted(i["id"] for i in held)
    sample = held[len(held) // 2]
    assert frame[frame["id"] == sample["id"]]["name"].iloc[0] == sample["name"]


async def test_whoami_is_the_pro_user(ws: AsyncWorkspaceSession) -> None:
    me = await ws.whoami()
    assert me.name in {"admin", "admin@acme.example"}


async def test_run_filters_go_to_the_server(ws: AsyncWorkspaceSession, raw: WorkspaceRaw) -> None:
    failed = await ws.runs(status="failed")
    assert set(failed["status"]) <= {"failed"}
    assert len(failed) == await raw.total("/runs", status="failed")
    two = await ws.runs(status=["failed", "completed"])
    assert len(two) == await raw.total("/runs", status='oneof:["failed", "completed"]')
    week = dt.datetime.now(dt.UTC) - dt.timedelta(days=7)
    recent = await ws.runs(since=dt.timedelta(days=7))
    assert len(recent) == await raw.total("/runs", created=f"gte:{week:%Y-%m-%d %H:%M:%S}")
    assert (recent["created"] >= pd.Timestamp(week) - pd.Timedelta(minutes=1)).all()
    pipeline = str((await ws.pipelines())["name"].iloc[0])
    by_pipeline = await ws.runs(pipeline=pipeline)
    assert set(by_pipeline["pipeline_name"]) <= {pipeline}
    newest = await ws.runs(max_items=3)
    assert len(newest) == 3
    assert newest["created"].is_monotonic_decreasing


async def test_api_keys_of_all_and_of_one_account(ws: AsyncWorkspaceSession, raw: WorkspaceRaw) -> None:
    accounts = await raw.items("/service_accounts")
    everything = await ws.api_keys()
    assert_schema(everything, "api_keys")
    expected = 0
    for account in accounts:
        expected += await raw.total(f"/service_accounts/{account['id']}/api_keys")
    assert len(everything) == expected
    first = accounts[0]
    one = await ws.api_keys(first["name"])
    assert set(one["service_account_name"]) <= {first["name"]}
    assert len(one) == await raw.total(f"/service_accounts/{first['id']}/api_keys")


async def test_empty_lists_keep_the_schema(ws: AsyncWorkspaceSession) -> None:
    none = await ws.runs(pipeline="no-such-pipeline")
    assert len(none) == 0
    assert_schema(none, "runs")


async def test_service_account_and_key_lifecycle(ws: AsyncWorkspaceSession, raw: WorkspaceRaw) -> None:
    account = await ws.create_service_account("etl-bot", description="nightly ETL")
    assert any(a["name"] == "etl-bot" for a in await raw.items("/service_accounts"))

    key = await ws.create_api_key("etl-bot", "primary")
    assert isinstance(key, NewApiKey)
    secret = key.show_key()
    assert secret.startswith("ZENKEY_")
    assert secret not in repr(key) + str(key) + key._repr_html_()
    listed = await raw.items(f"/service_accounts/{account.id}/api_keys")
    assert [k["name"] for k in listed] == ["primary"]
    assert all(k["body"].get("key") is None for k in listed)

    rotated = await ws.rotate_api_key("etl-bot", "primary", retain_minutes=0)
    assert rotated.show_key() != secret
    fresh = await raw.page(f"/service_accounts/{account.id}/api_keys", hydrate=True)
    assert fresh["items"][0]["metadata"]["last_rotated"] is not None

    off = await ws.deactivate_api_key("etl-bot", "primary")
    assert off.active is False
    again = await raw.items(f"/service_accounts/{account.id}/api_keys")
    assert again[0]["body"]["active"] is False
    frame = await ws.api_keys("etl-bot")
    assert not bool(frame["active"].iloc[0])
    assert secret not in frame.to_string() + repr(frame.zpro.raw)


async def test_unknown_names_in_the_workspace(ws: AsyncWorkspaceSession) -> None:
    accounts = await ws.service_accounts()
    name = str(accounts["name"].iloc[0])
    with pytest.raises(NameNotFound) as caught:
        await ws.get_service_account(name[:-1] + "x")
    assert name in caught.value.suggestions


async def test_deactivate_user_in_the_workspace(ws: AsyncWorkspaceSession, raw: WorkspaceRaw) -> None:
    users = await raw.items("/users")
    target = next(u for u in users if u["body"]["active"] and not u["body"]["is_admin"])
    result = await ws.deactivate_user(target["name"])
    assert result.active is False
    fresh = {u["id"]: u for u in await raw.items("/users")}
    assert fresh[target["id"]]["body"]["active"] is False


async def test_a_workspace_key_signs_in_too(s: AsyncSession, ws: AsyncWorkspaceSession) -> None:
    await ws.create_service_account("key-login-bot")
    key = await ws.create_api_key("key-login-bot", "k")
    by_key = await s.workspace("production", api_key=key.show_key())
    me = await by_key.whoami()
    assert me.name == "key-login-bot"


async def test_every_run_status_shows_in_the_frames(ws: AsyncWorkspaceSession, raw: WorkspaceRaw) -> None:
    # A status outside a column's categories would show as NaN: every one the server sends must show.
    runs = await ws.runs()
    held = {i["id"]: i["body"]["status"] for i in await raw.items("/runs")}
    assert {"queued", "skipped", "cancelling", "cancelled", "paused", "resuming"} <= set(held.values())
    assert runs["status"].notna().all()
    assert dict(zip(runs["id"], runs["status"].astype(str), strict=True)) == held
    pipelines = await ws.pipelines()
    sent = {i["id"]: i["resources"]["latest_run_status"] for i in await raw.items("/pipelines")}
    assert dict(zip(pipelines["id"], pipelines["latest_run_status"].astype(object), strict=True)) == sent


async def test_tagged_counts_are_the_workspaces(ws: AsyncWorkspaceSession, raw: WorkspaceRaw) -> None:
    # The count is only in ``metadata``, which a list fills only when hydrated.
    frame = await ws.tags()
    held = {t["name"]: t["metadata"]["tagged_count"] for t in await raw.items("/tags", hydrate=True)}
    assert dict(zip(frame["name"], frame["tagged_count"], strict=True)) == held
    assert any(count > 0 for count in held.values())


async def test_secrets_show_the_names_of_their_values(ws: AsyncWorkspaceSession, raw: WorkspaceRaw) -> None:
    frame = await ws.secrets()
    assert "scope" not in frame.columns
    held = {}
    for listed in await raw.items("/secrets"):
        one = (await raw.client.get(f"{raw.root}/secrets/{listed['id']}", headers=raw.headers)).json()
        held[listed["name"]] = ", ".join(sorted(one["body"]["values"]))
    assert dict(zip(frame["name"], frame["value_names"], strict=True)) == held
    assert all(held.values())  # every seeded secret holds something


async def test_a_rotated_key_keeps_its_description(ws: AsyncWorkspaceSession) -> None:
    await ws.create_service_account("rotating-bot")
    await ws.create_api_key("rotating-bot", "k", description="nightly ETL key")
    rotated = await ws.rotate_api_key("rotating-bot", "k", retain_minutes=5)
    assert (rotated.description, rotated.retain_period_minutes) == ("nightly ETL key", 5)
    assert rotated.last_rotated is not None
    assert rotated.show_key().startswith("ZENKEY_")
