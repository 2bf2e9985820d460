"""The same Session over real HTTP, against the sandbox served by a separate process."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import zpro_nb
from zpro_nb.frames import SCHEMAS
from zpro_nb.notebook_session import Session


@pytest.fixture(scope="module")
def server(sandbox_server: Any) -> Any:
    return sandbox_server


@pytest.fixture(scope="module")
def s(server: Any) -> Iterator[Session]:
    with zpro_nb.connect(url=server.url, token=server.tokens["admin"]) as session:
        yield session


def raw_all(server: Any, path: str, who: str = "admin", **params: Any) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {server.tokens[who]}"}
    items: list[dict[str, Any]] = []
    while True:
        response = httpx.get(
            f"{server.url}{path}", params={**params, "offset": len(items), "limit": 100}, headers=headers
        )
        assert response.status_code == 200, response.text
        items += response.json()
        if len(response.json()) < 100:
            return items


def test_lists_match_the_server(s: Session, server: Any) -> None:
    assert sorted(s.organizations()["id"]) == sorted(o["id"] for o in raw_all(server, "/organizations"))
    assert sorted(s.workspaces()["id"]) == sorted(w["id"] for w in raw_all(server, "/workspaces"))
    assert sorted(s.users()["id"]) == sorted(u["id"] for u in raw_all(server, "/users"))
    org = raw_all(server, "/organizations", name="acme-ml")[0]
    roles = raw_all(server, f"/organizations/{org['id']}/roles")
    assert sorted(s.roles(organization="acme-ml")["id"]) == sorted(r["id"] for r in roles)


def test_urls_point_at_the_server(s: Session, server: Any) -> None:
    frame = s.workspaces(status="available")
    assert len(frame) > 0
    assert all(str(u).startswith(server.url + "/ws/") for u in frame["url"])


def test_empty_result_over_http(s: Session) -> None:
    frame = s.workspaces(status="deleted")
    assert len(frame) == 0
    assert list(frame.dtypes) == list(SCHEMAS["workspaces"].empty().dtypes)


def test_a_change_shows_in_a_fresh_read(s: Session, server: Any) -> None:
    name = f"http-team-{uuid.uuid4().hex[:6]}"
    team = s.create_team(name, organization="acme-ml")
    org = raw_all(server, "/organizations", name="acme-ml")[0]
    assert any(t["id"] == team.id for t in raw_all(server, f"/organizations/{org['id']}/teams"))


def test_a_viewer_gets_permission_denied_with_the_servers_words(server: Any) -> None:
    with (
        zpro_nb.connect(url=server.url, token=server.tokens["viewer"]) as viewer,
        pytest.raises(zpro_nb.PermissionDenied) as caught,
    ):
        viewer.create_workspace("viewer-try", organization="acme-ml", wait=False)
    assert caught.value.exception_name == "IllegalOperationError"
    assert caught.value.status == 403


def test_workspace_hop_and_connect_workspace_over_http(s: Session, server: Any) -> None:
    ws = s.workspace("production")
    runs = ws.runs(max_items=10)
    assert 0 < len(runs) <= 10
    with zpro_nb.connect_workspace(ws.server_url, api_key=server.api_keys["admin"]) as direct:
        assert sorted(direct.projects()["id"]) == sorted(ws.projects()["id"])
