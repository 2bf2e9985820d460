"""The sandbox workspace API through HTTP (in-process ASGI), with a fake Pro half behind the bridge.

The fake bridge here stands in for the Pro half so the workspace half is tested on its own; the
same routes are exercised through the real sandbox app in ``test_workspace_app.py``.
"""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from zpro_nb.emulator.contracts import BridgeError, ExternalIdentity
from zpro_nb.emulator.workspace.routes import workspace_router

NOW = 1_800_000_000.0
DAY = 86_400.0


def _identity(user_id: str, username: str, *, admin: bool, sa: bool = False) -> ExternalIdentity:
    role = "Workspace Admin" if admin else "Workspace Viewer"
    return ExternalIdentity(user_id, username, f"{username}@example.test", username.title(), sa, role, admin)


@dataclass
class FakeBridge:
    """A Pro half with two humans, one Pro service account, a movable clock and per-run credentials."""

    now_s: float = NOW
    statuses: dict[str, str] = field(default_factory=lambda: {"ws-pending": "pending"})
    admin: ExternalIdentity = field(default_factory=lambda: _identity("pro-u-admin", "ada", admin=True))
    viewer: ExternalIdentity = field(default_factory=lambda: _identity("pro-u-viewer", "vic", admin=False))
    robot: ExternalIdentity = field(
        default_factory=lambda: _identity("pro-sa-1", "pro-robot", admin=False, sa=True)
    )
    outsider_token: str = field(default_factory=lambda: "pro-tok-" + secrets.token_hex(8))
    credentials: dict[str, ExternalIdentity] = field(default_factory=dict)
    member_calls: list[str] = field(default_factory=list)
    removed: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.admin_token = "pro-tok-" + secrets.token_hex(8)
        self.viewer_token = "pro-tok-" + secrets.token_hex(8)
        self.pro_key = "ZENPROKEY_" + secrets.token_urlsafe(24)
        self.credentials.update(
            {self.admin_token: self.admin, self.viewer_token: self.viewer, self.pro_key: self.robot}
        )

    def workspace_state(self, workspace_id: str) -> tuple[str, str, str] | None:
        status = self.statuses.get(workspace_id)
        return None if status is None else (f"name-{workspace_id[:4]}", status, "org-1")

    def authorize_external(self, workspace_id: str, credential: str) -> ExternalIdentity:
        if credential == self.outsider_token:
            raise BridgeError(403, "IllegalOperationError", "No access to this workspace.")
        identity = self.credentials.get(credential)
        if identity is None:
            raise BridgeError(401, "CredentialsNotValid", "Authentication error: invalid Pro credentials")
        return identity

    def workspace_members(self, workspace_id: str) -> list[ExternalIdentity]:
        self.member_calls.append(workspace_id)
        return [m for m in (self.admin, self.viewer, self.robot) if m.user_id not in self.removed]

    def now(self) -> float:
        return self.now_s


@pytest.fixture(scope="module")
def shared_bridge() -> FakeBridge:
    return FakeBridge()


@pytest.fixture(scope="module")
def app(shared_bridge: FakeBridge) -> FastAPI:
    # Building the router costs a few hundred ms; each test gets a fresh workspace id instead.
    application = FastAPI()
    application.include_router(workspace_router(shared_bridge), prefix="/ws/{workspace_id}")
    return application


@pytest.fixture
def ws(shared_bridge: FakeBridge) -> str:
    """A workspace id never used before: its state is seeded fresh on first touch."""
    workspace_id = str(uuid.uuid4())
    shared_bridge.statuses[workspace_id] = "available"
    return workspace_id


@pytest.fixture
def bridge(shared_bridge: FakeBridge) -> Iterator[FakeBridge]:
    shared_bridge.now_s = NOW
    yield shared_bridge
    shared_bridge.removed.clear()
    shared_bridge.member_calls.clear()


@pytest.fixture
async def anon(app: FastAPI, bridge: FakeBridge, ws: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=f"http://sandbox.test/ws/{ws}") as client:
        yield client


async def _login(anon: httpx.AsyncClient, pro_credential: str) -> str:
    response = await anon.post("/api/v1/login", headers={"Authorization": f"Bearer {pro_credential}"})
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def admin(anon: httpx.AsyncClient, bridge: FakeBridge) -> dict[str, str]:
    return _auth(await _login(anon, bridge.admin_token))


@pytest.fixture
async def viewer(anon: httpx.AsyncClient, bridge: FakeBridge) -> dict[str, str]:
    return _auth(await _login(anon, bridge.viewer_token))


async def _new_key(
    anon: httpx.AsyncClient, admin: dict[str, str], sa_name: str = "ci"
) -> tuple[dict[str, Any], str]:
    sa = (
        await anon.post("/api/v1/service_accounts", json={"name": sa_name, "active": True}, headers=admin)
    ).json()
    created = await anon.post(
        f"/api/v1/service_accounts/{sa['id']}/api_keys", json={"name": "k1"}, headers=admin
    )
    assert created.status_code == 200, created.text
    return sa, created.json()["body"]["key"]


# --- workspace reachability and server info ----------------------------------------------------------


@pytest.mark.anyio
async def test_health_and_info_describe_a_pro_workspace(anon: httpx.AsyncClient, ws: str) -> None:
    assert (await anon.get("/health")).text == "ok"
    info = (await anon.get("/api/v1/info")).json()
    assert info["deployment_type"] == "cloud"
    assert info["auth_scheme"] == "EXTERNAL"
    assert info["pro_workspace_id"] == ws
    assert info["pro_organization_id"] == "org-1"
    assert info["server_url"] == f"http://sandbox.test/ws/{ws}"
    assert info["version"] == "0.98.0"


@pytest.mark.anyio
async def test_unknown_workspace_is_404_and_pending_one_is_503(anon: httpx.AsyncClient) -> None:
    unknown = await anon.get("http://sandbox.test/ws/nope/api/v1/info")
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Not Found"}
    pending = await anon.get("http://sandbox.test/ws/ws-pending/health")
    assert pending.status_code == 503
    assert "pending" in pending.json()["detail"]


@pytest.mark.anyio
async def test_only_touched_workspaces_are_seeded(
    anon: httpx.AsyncClient, bridge: FakeBridge, ws: str
) -> None:
    await anon.get("/api/v1/info")
    await anon.get("/api/v1/info")
    assert bridge.member_calls == [ws]  # seeded once, on first touch


# --- login and credentials -----------------------------------------------------------------------


@pytest.mark.anyio
async def test_external_login_returns_an_hour_long_workspace_token(
    anon: httpx.AsyncClient, bridge: FakeBridge
) -> None:
    response = await anon.post("/api/v1/login", headers={"Authorization": f"Bearer {bridge.admin_token}"})
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert set(body) >= {
        "access_token",
        "refresh_token",
        "csrf_token",
        "scope",
        "device_id",
        "device_metadata",
    }
    me = (await anon.get("/api/v1/current-user", headers=_auth(body["access_token"]))).json()
    assert me["name"] == "ada"
    assert me["body"]["is_admin"] is True
    assert me["metadata"]["external_user_id"] == "pro-u-admin"


@pytest.mark.anyio
async def test_workspace_token_expires_with_the_sandbox_clock(
    anon: httpx.AsyncClient, bridge: FakeBridge
) -> None:
    token = await _login(anon, bridge.viewer_token)
    bridge.now_s += 3600 + 11  # past expiry plus the 10 s leeway
    response = await anon.get("/api/v1/current-user", headers=_auth(token))
    assert response.status_code == 401
    assert response.json()["detail"][0] == "CredentialsNotValid"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("kwargs", "status", "detail"),
    [
        ({"json": {"username": "x"}}, 400, "Invalid request: username is required."),
        ({"data": {"username": "x", "password": "y"}}, 400, "Unsupported grant type: password."),
        ({"data": {"grant_type": "bogus"}}, 400, "Unsupported grant type: bogus"),
        ({"data": {"grant_type": "zenml-api-key"}}, 400, "API key is required."),
    ],
)
async def test_login_form_errors_are_plain_string_details(
    anon: httpx.AsyncClient, kwargs: dict[str, Any], status: int, detail: str
) -> None:
    response = await anon.post("/api/v1/login", **kwargs)
    assert response.status_code == status
    assert response.json() == {"detail": detail}


@pytest.mark.anyio
async def test_bad_pro_credentials_are_refused_with_oss_error_bodies(
    anon: httpx.AsyncClient, bridge: FakeBridge
) -> None:
    missing = await anon.post("/api/v1/login")
    assert missing.status_code == 401
    assert missing.json()["detail"][0] == "CredentialsNotValid"
    wrong = await anon.post("/api/v1/login", headers={"Authorization": "Bearer pro-tok-unknown"})
    assert wrong.status_code == 401
    assert wrong.json()["detail"][0] == "CredentialsNotValid"
    outsider = await anon.post("/api/v1/login", headers={"Authorization": f"Bearer {bridge.outsider_token}"})
    assert outsider.status_code == 403
    assert outsider.json()["detail"][0] == "IllegalOperationError"


@pytest.mark.anyio
async def test_requests_without_or_with_garbage_credentials_get_401(anon: httpx.AsyncClient) -> None:
    none = await anon.get("/api/v1/users")
    assert none.status_code == 401
    assert none.json() == {"detail": "Not authenticated"}
    assert none.headers["www-authenticate"] == "Bearer"
    garbage = await anon.get("/api/v1/users", headers=_auth("garbage"))
    assert garbage.status_code == 401
    assert garbage.json()["detail"] == [
        "CredentialsNotValid",
        "Authentication error: error decoding access token: Invalid JWT token: Not enough segments.",
    ]


@pytest.mark.anyio
async def test_pro_key_works_through_the_api_key_grant_and_directly(
    anon: httpx.AsyncClient, bridge: FakeBridge
) -> None:
    response = await anon.post(
        "/api/v1/login", data={"grant_type": "zenml-api-key", "password": bridge.pro_key}
    )
    assert response.json()["expires_in"] == 3600
    direct = (await anon.get("/api/v1/current-user", headers=_auth(bridge.pro_key))).json()
    assert direct["name"] == "pro-robot"
    assert direct["body"]["is_service_account"] is True


@pytest.mark.anyio
async def test_api_key_is_shown_once_and_logs_in(anon: httpx.AsyncClient, admin: dict[str, str]) -> None:
    sa, key = await _new_key(anon, admin)
    assert key.startswith("ZENKEY_")
    decoded = json.loads(base64.b64decode(key.removeprefix("ZENKEY_")))
    assert set(decoded) == {"id", "key"}
    listed = (await anon.get(f"/api/v1/service_accounts/{sa['id']}/api_keys", headers=admin)).json()
    assert [item["body"]["key"] for item in listed["items"]] == [None]
    fetched = (await anon.get(f"/api/v1/service_accounts/{sa['id']}/api_keys/k1", headers=admin)).json()
    assert fetched["body"]["key"] is None
    assert fetched["metadata"]["last_login"] is None

    explicit = await anon.post("/api/v1/login", data={"grant_type": "zenml-api-key", "password": key})
    assert explicit.json()["expires_in"] is None  # workspace-key tokens do not expire, as on OSS
    detected = await anon.post("/api/v1/login", data={"password": key})
    assert detected.status_code == 200
    me = (await anon.get("/api/v1/current-user", headers=_auth(explicit.json()["access_token"]))).json()
    assert me["id"] == sa["id"]
    assert me["body"]["is_service_account"] is True
    assert (await anon.get("/api/v1/current-user", headers=_auth(key))).status_code == 200
    fetched = (await anon.get(f"/api/v1/service_accounts/{sa['id']}/api_keys/k1", headers=admin)).json()
    assert fetched["metadata"]["last_login"] is not None


@pytest.mark.anyio
async def test_rotation_keeps_the_old_key_for_the_retain_period_only(
    anon: httpx.AsyncClient, admin: dict[str, str], bridge: FakeBridge
) -> None:
    sa, old = await _new_key(anon, admin)
    rotated = await anon.put(
        f"/api/v1/service_accounts/{sa['id']}/api_keys/k1/rotate",
        json={"retain_period_minutes": 5},
        headers=admin,
    )
    new = rotated.json()["body"]["key"]
    assert new.startswith("ZENKEY_")
    assert new != old
    assert rotated.json()["metadata"] is None  # the real server answers a rotation unhydrated
    assert (await anon.get("/api/v1/current-user", headers=_auth(old))).status_code == 200
    bridge.now_s += 5 * 60 + 1
    assert (await anon.get("/api/v1/current-user", headers=_auth(old))).status_code == 401
    assert (await anon.get("/api/v1/current-user", headers=_auth(new))).status_code == 200
    meta = (await anon.get(f"/api/v1/service_accounts/{sa['id']}/api_keys/k1", headers=admin)).json()[
        "metadata"
    ]
    assert meta["last_rotated"] is not None
    assert meta["retain_period_minutes"] == 5


@pytest.mark.anyio
async def test_deactivated_key_or_account_cannot_log_in(
    anon: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    sa, key = await _new_key(anon, admin)
    off = await anon.put(
        f"/api/v1/service_accounts/{sa['id']}/api_keys/k1", json={"active": False}, headers=admin
    )
    assert off.json()["body"]["active"] is False
    refused = await anon.post("/api/v1/login", data={"password": key})
    assert refused.status_code == 401
    assert "not active" in refused.json()["detail"][1]

    sa2, key2 = await _new_key(anon, admin, "ci-2")
    await anon.put(f"/api/v1/service_accounts/{sa2['name']}", json={"active": False}, headers=admin)
    assert (await anon.post("/api/v1/login", data={"password": key2})).status_code == 401


@pytest.mark.anyio
async def test_api_token_is_a_bare_string_usable_as_bearer(
    anon: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    response = await anon.get("/api/v1/api_token", params={"expires_in": 60}, headers=admin)
    token = response.json()
    assert isinstance(token, str)
    assert token.count(".") == 2
    assert (await anon.get("/api/v1/current-user", headers=_auth(token))).status_code == 200
    too_long = await anon.get("/api/v1/api_token", params={"expires_in": 10_000_000}, headers=admin)
    assert too_long.status_code == 400
    assert too_long.json()["detail"][0] == "ValueError"
    assert (await anon.post("/api/v1/api_token", headers=admin)).status_code == 405


# --- admin-only writes ---------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("method", "path", "body", "action"),
    [
        ("POST", "/api/v1/users", {"name": "x", "is_admin": False}, "create user"),
        ("POST", "/api/v1/service_accounts", {"name": "x", "active": True}, "create service account"),
        ("PUT", "/api/v1/users/ada/deactivate", None, "deactivate user"),
        ("PUT", "/api/v1/users/ada", {"active": False}, "update other user account"),
        ("POST", "/_sandbox/runs?count=5", None, "seed runs"),
    ],
)
async def test_non_admin_writes_get_illegal_operation(
    anon: httpx.AsyncClient, viewer: dict[str, str], method: str, path: str, body: Any, action: str
) -> None:
    response = await anon.request(method, path, json=body, headers=viewer)
    assert response.status_code == 403
    assert response.json() == {
        "detail": ["IllegalOperationError", f"Only admin users can perform `{action}` without RBAC enabled."]
    }


@pytest.mark.anyio
async def test_service_account_key_is_not_an_admin(anon: httpx.AsyncClient, admin: dict[str, str]) -> None:
    _, key = await _new_key(anon, admin)
    response = await anon.post(
        "/api/v1/service_accounts", json={"name": "y", "active": True}, headers=_auth(key)
    )
    assert response.status_code == 403


# --- users -----------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_users_are_the_pro_members_plus_local_users(
    anon: httpx.AsyncClient, admin: dict[str, str], bridge: FakeBridge
) -> None:
    created = await anon.post("/api/v1/users", json={"name": "local-lu", "is_admin": False}, headers=admin)
    assert created.status_code == 200
    users = (
        await anon.get("/api/v1/users", params={"hydrate": True, "sort_by": "name"}, headers=admin)
    ).json()
    by_name = {u["name"]: u for u in users["items"]}
    assert list(by_name) == ["ada", "local-lu", "vic"]  # the Pro service account is not a user
    assert by_name["vic"]["metadata"]["external_user_id"] == "pro-u-viewer"
    assert by_name["local-lu"]["metadata"]["external_user_id"] is None
    assert by_name["ada"]["body"]["is_admin"] is True
    sas = await anon.get(
        "/api/v1/service_accounts", params={"name": "pro-robot", "hydrate": True}, headers=admin
    )
    assert sas.json()["items"][0]["metadata"]["external_user_id"] == "pro-sa-1"

    bridge.removed.add("pro-u-viewer")
    names = [u["name"] for u in (await anon.get("/api/v1/users", headers=admin)).json()["items"]]
    assert "vic" not in names


@pytest.mark.anyio
async def test_users_by_name_or_id_and_deactivation(anon: httpx.AsyncClient, admin: dict[str, str]) -> None:
    vic = (await anon.get("/api/v1/users/vic", headers=admin)).json()
    assert vic["metadata"] is not None  # GET by name/id is hydrated
    assert (await anon.get(f"/api/v1/users/{vic['id']}", headers=admin)).json()["name"] == "vic"
    off = await anon.put(f"/api/v1/users/{vic['id']}", json={"active": False}, headers=admin)
    assert off.json()["body"]["active"] is False
    back = await anon.put("/api/v1/users/vic", json={"active": True}, headers=admin)
    assert back.json()["body"]["active"] is True
    again = await anon.put("/api/v1/users/vic/deactivate", headers=admin)
    assert again.json()["body"]["active"] is False
    listed = await anon.get("/api/v1/users", params={"active": "false"}, headers=admin)
    assert [u["name"] for u in listed.json()["items"]] == ["vic"]


@pytest.mark.anyio
async def test_deactivated_member_can_no_longer_log_in(
    anon: httpx.AsyncClient, admin: dict[str, str], bridge: FakeBridge
) -> None:
    await anon.put("/api/v1/users/vic/deactivate", headers=admin)
    response = await anon.post("/api/v1/login", headers={"Authorization": f"Bearer {bridge.viewer_token}"})
    assert response.status_code == 401


# --- lists: envelope, paging, sorting, filters, hydration ------------------------------------------


@pytest.mark.anyio
async def test_page_envelope_and_paging_errors(anon: httpx.AsyncClient, admin: dict[str, str]) -> None:
    page = (await anon.get("/api/v1/components", params={"size": 1, "page": 2}, headers=admin)).json()
    assert list(page) == ["index", "max_size", "total_pages", "total", "items"]
    assert (page["index"], page["max_size"], page["total_pages"], page["total"]) == (2, 1, 3, 3)
    empty = (await anon.get("/api/v1/tags", params={"name": "no-such-tag"}, headers=admin)).json()
    assert (empty["total"], empty["total_pages"], empty["items"]) == (0, 1, [])
    past = await anon.get("/api/v1/components", params={"page": 9}, headers=admin)
    assert past.status_code == 400
    assert past.json()["detail"] == [
        "ValueError",
        "Invalid page 9. The requested page size is 20 and there are a total of 3 items for this query. "
        "The maximum page value therefore is 1.",
    ]
    for size in (0, 10_001, "abc"):
        bad = await anon.get("/api/v1/users", params={"size": size}, headers=admin)
        assert bad.status_code == 422
        assert isinstance(bad.json(), list)  # a bare list, like the real server
        assert bad.json()[0] == "ValueError"


@pytest.mark.anyio
async def test_sorting(anon: httpx.AsyncClient, admin: dict[str, str]) -> None:
    runs = (
        await anon.get("/api/v1/runs", params={"sort_by": "desc:created", "size": 50}, headers=admin)
    ).json()
    created = [r["body"]["created"] for r in runs["items"]]
    assert created == sorted(created, reverse=True)
    names = [
        p["name"]
        for p in (await anon.get("/api/v1/pipelines", params={"sort_by": "name"}, headers=admin)).json()[
            "items"
        ]
    ]
    assert names == sorted(names)
    bad = await anon.get("/api/v1/users", params={"sort_by": "desc:bogus"}, headers=admin)
    assert bad.status_code == 422
    assert bad.json()["detail"][0] == "ValueError"
    assert "You can only sort by valid fields of this resource" in bad.json()["detail"][1]
    latest = await anon.get("/api/v1/pipelines", params={"sort_by": "desc:latest_run"}, headers=admin)
    assert latest.status_code == 200


def _names(items: list[dict[str, Any]]) -> list[str]:
    return [i["name"] for i in items]


def _field(items: list[dict[str, Any]], name: str) -> set[Any]:
    return {i["body"][name] for i in items}


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("path", "params", "check"),
    [
        ("/api/v1/users", {"name": "contains:AD"}, lambda items: _names(items) == ["ada"]),
        ("/api/v1/users", {"name": "startswith:v"}, lambda items: _names(items) == ["vic"]),
        ("/api/v1/users", {"name": 'oneof:["ada","vic"]'}, lambda items: len(items) == 2),
        ("/api/v1/users", {"name": 'notoneof:["ada"]'}, lambda items: _names(items) == ["vic"]),
        ("/api/v1/users", {"name": "bogusop:ada"}, lambda items: items == []),
        (
            "/api/v1/users",
            {"name": "ada", "active": "false", "logical_operator": "or"},
            lambda i: len(i) == 1,
        ),
        (
            "/api/v1/runs",
            {"status": "failed", "size": 200},
            lambda items: _field(items, "status") == {"failed"},
        ),
        (
            "/api/v1/runs",
            {"status": 'oneof:["completed","cached"]', "size": 200},
            lambda items: _field(items, "status") <= {"completed", "cached"},
        ),
        (
            "/api/v1/runs",
            {"pipeline_name": "training", "size": 200},
            lambda items: {i["resources"]["pipeline"]["name"] for i in items} == {"training"},
        ),
        ("/api/v1/runs", {"created": "gte:2030-01-01 00:00:00", "size": 200}, lambda items: items == []),
        (
            "/api/v1/runs",
            {"created": "in:2020-01-01 00:00:00,2099-01-01 00:00:00", "size": 1},
            lambda items: len(items) == 1,
        ),
        (
            "/api/v1/components",
            {"type": "artifact_store"},
            lambda items: _field(items, "type") == {"artifact_store"},
        ),
        ("/api/v1/pipelines", {"project": "default"}, lambda items: len(items) >= 3),
    ],
)
async def test_filters(
    anon: httpx.AsyncClient, admin: dict[str, str], path: str, params: dict[str, Any], check: Any
) -> None:
    response = await anon.get(path, params=params, headers=admin)
    assert response.status_code == 200, response.text
    assert check(response.json()["items"])


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"name": "oneof:ada"}, 422),
        ({"name": 'in:["ada"]'}, 422),
        ({"active": "maybe"}, 422),
        ({"created": "2020-01-01"}, 422),
        ({"name": "gt:a"}, 400),
        ({"logical_operator": "xor"}, 422),
    ],
)
async def test_invalid_filters_are_wrapped_value_errors(
    anon: httpx.AsyncClient, admin: dict[str, str], params: dict[str, str], status: int
) -> None:
    response = await anon.get("/api/v1/users", params=params, headers=admin)
    assert response.status_code == status
    assert response.json()["detail"][0] == "ValueError"


@pytest.mark.anyio
async def test_unknown_project_filter_is_404(anon: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await anon.get("/api/v1/runs", params={"project": "nope"}, headers=admin)
    assert response.status_code == 404
    assert response.json()["detail"][0] == "KeyError"


@pytest.mark.anyio
async def test_hydration(anon: httpx.AsyncClient, admin: dict[str, str]) -> None:
    plain = (await anon.get("/api/v1/runs", params={"size": 1}, headers=admin)).json()["items"][0]
    assert plain["metadata"] is None
    assert {"user", "pipeline", "stack"} <= set(plain["resources"])
    hydrated = (await anon.get("/api/v1/runs", params={"size": 1, "hydrate": True}, headers=admin)).json()[
        "items"
    ][0]
    assert hydrated["metadata"]["start_time"] is not None
    single = (await anon.get(f"/api/v1/runs/{plain['id']}", headers=admin)).json()
    assert single["metadata"]["start_time"] == hydrated["metadata"]["start_time"]
    users = (await anon.get("/api/v1/users", headers=admin)).json()["items"]
    assert all(u["metadata"] is None and u["resources"] is None for u in users)


@pytest.mark.anyio
async def test_secrets_never_carry_values(anon: httpx.AsyncClient, admin: dict[str, str]) -> None:
    value = "canary-" + secrets.token_hex(8)
    created = await anon.post(
        "/api/v1/secrets", json={"name": "db", "values": {"password": value}}, headers=admin
    )
    assert value not in created.text
    listed = await anon.get("/api/v1/secrets", params={"hydrate": True}, headers=admin)
    fetched = await anon.get(f"/api/v1/secrets/{created.json()['id']}", headers=admin)
    for text in (listed.text, fetched.text):
        assert value not in text
    # One secret read alone names its values (null each, as the real server answers a caller who
    # may not read them); a list item names none, as on the real server.
    assert fetched.json()["body"]["values"] == {"password": None}
    assert [s["body"]["values"] for s in listed.json()["items"] if s["name"] == "db"] == [{}]


# --- error shapes --------------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        (
            "/api/v1/projects",
            {"name": "default"},
            "Unable to create the requested project with name 'default'",
        ),
        ("/api/v1/users", {"name": "ada", "is_admin": False}, "Unable to create user with name 'ada'"),
        (
            "/api/v1/service_accounts",
            {"name": "pro-robot", "active": True},
            "Unable to create service account",
        ),
    ],
)
async def test_duplicates_are_entity_exists(
    anon: httpx.AsyncClient, admin: dict[str, str], path: str, body: dict[str, Any], message: str
) -> None:
    response = await anon.post(path, json=body, headers=admin)
    assert response.status_code == 409
    name, text = response.json()["detail"]
    assert name == "EntityExistsError"
    assert text.startswith(message)


@pytest.mark.anyio
async def test_duplicate_tag_secret_and_key(anon: httpx.AsyncClient, admin: dict[str, str]) -> None:
    for path, body in (("/api/v1/tags", {"name": "t-1"}), ("/api/v1/secrets", {"name": "s-1"})):
        assert (await anon.post(path, json=body, headers=admin)).status_code == 200
        assert (await anon.post(path, json=body, headers=admin)).status_code == 409
    sa, _ = await _new_key(anon, admin)
    again = await anon.post(
        f"/api/v1/service_accounts/{sa['id']}/api_keys", json={"name": "k1"}, headers=admin
    )
    assert again.status_code == 409


@pytest.mark.anyio
async def test_missing_entities_are_key_errors_and_bad_ids_are_422(
    anon: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    missing = "4d47d625-b36f-4e99-96e3-5686d0833ed2"
    response = await anon.get(f"/api/v1/users/{missing}", headers=admin)
    assert response.json()["detail"] == [
        "KeyError",
        f"\"No account with the '{missing}' name or ID was found\"",
    ]
    for path in ("stacks", "components", "pipelines", "runs", "run_templates", "tags", "secrets", "projects"):
        assert (await anon.get(f"/api/v1/{path}/{missing}", headers=admin)).json()["detail"][0] == "KeyError"
    bad = await anon.get("/api/v1/runs/not-a-uuid", headers=admin)
    assert bad.status_code == 422
    assert bad.json()[0] == "ValueError"
    assert "uuid_parsing" in bad.json()[1]


@pytest.mark.anyio
async def test_bad_bodies_are_bare_list_422(anon: httpx.AsyncClient, admin: dict[str, str]) -> None:
    missing = await anon.post("/api/v1/service_accounts", json={"description": "x"}, headers=admin)
    assert missing.status_code == 422
    name, text = missing.json()
    assert name == "ValueError"
    assert text.startswith("2 validation errors:")
    assert "POST /api/v1/service_accounts" in text
    broken = await anon.post(
        "/api/v1/service_accounts",
        content=b"{not json",
        headers={**admin, "content-type": "application/json"},
    )
    assert broken.status_code == 422
    assert "json_invalid" in broken.json()[1]
    project = await anon.post("/api/v1/projects", json={"name": "Bad Name"}, headers=admin)
    assert project.status_code == 422


# --- sandbox-only run seeding --------------------------------------------------------------------


@pytest.mark.anyio
async def test_sandbox_runs_endpoint_adds_runs(anon: httpx.AsyncClient, admin: dict[str, str]) -> None:
    before = (await anon.get("/api/v1/runs", params={"size": 1}, headers=admin)).json()["total"]
    added = await anon.post("/_sandbox/runs", params={"count": 500}, headers=admin)
    assert added.json() == {"created": 500, "total": before + 500}
    after = (await anon.get("/api/v1/runs", params={"size": 1}, headers=admin)).json()["total"]
    assert after == before + 500
    assert (await anon.post("/_sandbox/runs", params={"count": 0}, headers=admin)).status_code == 422
