"""The workspace session against a real ZenML OSS server (0.98): lists and SA/API-key changes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pandas as pd
import pytest

import zpro_nb
from zpro_nb.frames import SCHEMAS
from zpro_nb.workspace_session import WorkspaceSession

pytestmark = pytest.mark.oss


@pytest.fixture(scope="module")
def oss(oss_server: Any) -> Any:
    return oss_server


@pytest.fixture(scope="module")
def ws(oss: Any) -> Iterator[WorkspaceSession]:
    with zpro_nb.connect_workspace(
        oss.url, username=oss.admin_username, password=oss.admin_password
    ) as session:
        yield session


@pytest.fixture(scope="module")
def raw(oss: Any) -> Iterator[httpx.Client]:
    token = httpx.post(
        f"{oss.url}/api/v1/login", data={"username": oss.admin_username, "password": oss.admin_password}
    ).json()["access_token"]
    with httpx.Client(base_url=f"{oss.url}/api/v1", headers={"Authorization": f"Bearer {token}"}) as client:
        yield client


def schema_ok(frame: pd.DataFrame, name: str) -> None:
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
def test_lists_match_the_real_server(
    ws: WorkspaceSession, raw: httpx.Client, method: str, schema: str, path: str
) -> None:
    frame = getattr(ws, method)()
    schema_ok(frame, schema)
    held = raw.get(path, params={"size": 10000}).json()["items"]
    assert sorted(frame["id"]) == sorted(i["id"] for i in held)
    assert sorted(frame["name"]) == sorted(i["name"] for i in held)


def test_the_servers_defaults_are_listed(ws: WorkspaceSession) -> None:
    # The server is shared with the contract tests, which add projects: check what it starts with.
    assert "default" in set(ws.users()["name"])
    assert set(ws.components()["type"]) >= {"orchestrator", "artifact_store"}
    assert "default" in set(ws.projects()["name"])
    assert ws.whoami().name == "default"


def test_service_account_and_keys_on_the_real_server(ws: WorkspaceSession, raw: httpx.Client) -> None:
    name = f"zpro-{uuid.uuid4().hex[:6]}"
    account = ws.create_service_account(name, description="made by zpro_nb tests")
    assert account.name == name
    key = ws.create_api_key(name, "k1")
    secret = key.show_key()
    assert secret.startswith("ZENKEY_")
    assert secret not in repr(key)
    # The new key really signs in (zenml-api-key grant).
    login = httpx.post(
        f"{str(raw.base_url).rstrip('/')}/login", data={"grant_type": "zenml-api-key", "password": secret}
    )
    assert login.status_code == 200

    frame = ws.api_keys(name)
    schema_ok(frame, "api_keys")
    assert list(frame["name"]) == ["k1"]
    assert frame["service_account_name"].iloc[0] == name

    rotated = ws.rotate_api_key(name, "k1")
    assert rotated.show_key() != secret
    held = raw.get(f"/service_accounts/{account.id}/api_keys", params={"hydrate": True}).json()["items"]
    assert held[0]["metadata"]["last_rotated"] is not None

    off = ws.deactivate_api_key(name, "k1")
    assert off.active is False
    again = raw.get(f"/service_accounts/{account.id}/api_keys").json()["items"]
    assert again[0]["body"]["active"] is False
    everything = ws.api_keys()
    assert name in set(everything["service_account_name"])


def test_connect_workspace_from_the_environment(oss: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZENML_STORE_URL", oss.url)
    monkeypatch.setenv("ZENML_STORE_USERNAME", oss.admin_username)
    monkeypatch.setenv("ZENML_STORE_PASSWORD", oss.admin_password)
    monkeypatch.delenv("ZENML_STORE_API_KEY", raising=False)
    monkeypatch.delenv("ZENML_STORE_API_TOKEN", raising=False)
    with zpro_nb.connect_workspace() as session:
        assert session.whoami().name == oss.admin_username
