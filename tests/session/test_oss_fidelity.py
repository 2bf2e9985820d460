"""What the workspace session shows, held to a real ZenML 0.98 server's own answers.

Each test makes its objects on the real server through its REST API (as ZenML's client does), reads
them back raw, and compares with what the session shows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import zpro_nb
from zpro_nb.workspace_session import WorkspaceSession

pytestmark = pytest.mark.oss


@pytest.fixture(scope="module")
def ws(oss_server: Any) -> Iterator[WorkspaceSession]:
    with zpro_nb.connect_workspace(
        oss_server.url, username=oss_server.admin_username, password=oss_server.admin_password
    ) as session:
        yield session


@pytest.fixture(scope="module")
def raw(oss_server: Any) -> Iterator[httpx.Client]:
    token = httpx.post(
        f"{oss_server.url}/api/v1/login",
        data={"username": oss_server.admin_username, "password": oss_server.admin_password},
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"{oss_server.url}/api/v1", headers=headers) as client:
        yield client


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_tagged_counts_are_the_servers(ws: WorkspaceSession, raw: httpx.Client) -> None:
    once, twice, unused = unique("once"), unique("twice"), unique("unused")
    ok(raw.post("/tags", json={"name": unused, "color": "teal"}))
    project = ok(raw.get("/projects/default"))["id"]
    ok(raw.post("/pipelines", json={"name": unique("p"), "project": project, "tags": [once, twice]}))
    ok(raw.post("/pipelines", json={"name": unique("p"), "project": project, "tags": [twice]}))

    frame = ws.tags()
    shown = dict(zip(frame["name"], frame["tagged_count"], strict=True))
    assert (shown[once], shown[twice], shown[unused]) == (1, 2, 0)
    held = ok(raw.get("/tags", params={"hydrate": True, "size": 1000}))["items"]
    assert shown == {t["name"]: t["metadata"]["tagged_count"] for t in held}
    assert frame["tagged_count"].notna().all()
