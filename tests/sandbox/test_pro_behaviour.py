"""The sandbox behaves like the service: lifecycles, name rules, assignment rules, permissions, tokens."""

from __future__ import annotations

import pytest
from fixtures_sandbox import ProClient, new_app

from zpro_nb.emulator.pro.seed import SEEDED_PENDING_S

pytestmark = pytest.mark.anyio

MEMBER = "Organization Member"


async def _create(pro: ProClient, name: str, who: str = "admin", **extra: object) -> dict[str, object]:
    org_id = await pro.org_id()
    response = await pro.post("/workspaces", who=who, json={"name": name, "organization_id": org_id, **extra})
    assert response.status_code == 200, response.text
    created: dict[str, object] = response.json()
    return created


def _status(ws: dict[str, object]) -> tuple[object, object]:
    service = ws["zenml_service"]
    assert isinstance(service, dict)
    status = service["status"]
    # ZenML's model: no service status at all unless the server is deployed and active.
    return ws["status"], status["server_url"] if status is not None else None


# -- workspace lifecycle -------------------------------------------------------------------------
async def test_created_workspace_is_pending_until_the_ready_delay_passes(pro: ProClient) -> None:
    ws = await _create(pro, "lifecycle-ws")
    delay = pro.app.state.config.workspace_ready_delay_s
    pro.advance(delay / 2)
    assert _status((await pro.get(f"/workspaces/{ws['id']}")).json()) == ("pending", None)
    pro.advance(delay)
    ready = (await pro.get(f"/workspaces/{ws['id']}")).json()
    assert _status(ready) == ("available", f"http://sandbox.localhost/ws/{ws['id']}")
    assert ready["state_reason"] == ""


async def test_workspace_named_fail_goes_pending_then_failed_with_a_reason(pro: ProClient) -> None:
    ws = await _create(pro, "will-fail")
    assert ws["status"] == "pending"
    pro.advance(pro.app.state.config.workspace_ready_delay_s + 1)
    failed = (await pro.get(f"/workspaces/{ws['id']}")).json()
    assert _status(failed) == ("failed", None)
    assert "fail" in failed["state_reason"]
    listed = (await pro.get("/workspaces", params={"status": "failed"})).json()
    assert ws["id"] in {w["id"] for w in listed}


async def test_deactivate_then_deploy_brings_a_workspace_back(pro: ProClient) -> None:
    ws = await pro.workspace("production")
    deactivated = (await pro.patch(f"/workspaces/{ws['id']}/deactivate")).json()
    assert (deactivated["status"], deactivated["desired_state"]) == ("deactivated", "deactivated")
    assert (await pro.patch(f"/workspaces/{ws['id']}/deactivate")).status_code == 422
    deploying = (await pro.patch(f"/workspaces/{ws['id']}/deploy")).json()
    assert _status(deploying) == ("pending", None)
    assert (await pro.patch(f"/workspaces/{ws['id']}/deploy")).status_code == 422  # already deploying
    pro.advance(pro.app.state.config.workspace_ready_delay_s)
    assert (await pro.get(f"/workspaces/{ws['id']}")).json()["status"] == "available"


async def test_patch_desired_state_drives_the_lifecycle(pro: ProClient) -> None:
    ws = await pro.workspace("staging")
    assert (await pro.patch(f"/workspaces/{ws['id']}", json={"desired_state": "deactivated"})).json()[
        "status"
    ] == ("deactivated")
    assert (await pro.patch(f"/workspaces/{ws['id']}", json={"desired_state": "available"})).json()[
        "status"
    ] == ("pending")
    assert (await pro.patch(f"/workspaces/{ws['id']}", json={"desired_state": "failed"})).status_code == 422


async def test_seeded_pending_workspace_settles_after_its_own_delay(pro: ProClient) -> None:
    assert (await pro.workspace("forecasting"))["status"] == "pending"
    pro.advance(SEEDED_PENDING_S)
    assert (await pro.workspace("forecasting"))["status"] == "available"


async def test_deleted_workspace_is_gone_everywhere(pro: ProClient) -> None:
    ws = await pro.workspace("staging")
    assert (await pro.delete(f"/workspaces/{ws['id']}")).status_code == 204
    assert (await pro.get(f"/workspaces/{ws['id']}")).status_code == 404
    assert (await pro.delete(f"/workspaces/{ws['id']}")).status_code == 404
    assert "staging" not in {w["name"] for w in (await pro.get("/workspaces")).json()}
    assert (await pro.get(f"/ws/{ws['id']}/health")).status_code in (404, 503)


# -- name rules ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["x" * 51, "Upper", "under_score", "-leading", "trailing-", "", "sp ace"])
async def test_bad_workspace_names_are_value_errors(pro: ProClient, name: str) -> None:
    org_id = await pro.org_id()
    response = await pro.post("/workspaces", json={"name": name, "organization_id": org_id})
    assert response.status_code == 422
    assert response.json()["detail"][0] == "ValueError"


async def test_longest_valid_name_and_duplicate_names(pro: ProClient) -> None:
    await _create(pro, "a" * 50)
    org_id = await pro.org_id()
    duplicate = await pro.post("/workspaces", json={"name": "production", "organization_id": org_id})
    assert duplicate.status_code == 409
    assert duplicate.json()["detail"][0] == "EntityExistsError"
    # Names are unique per organization only.
    research = await pro.org_id("acme-research")
    assert (
        await pro.post("/workspaces", json={"name": "production", "organization_id": research})
    ).status_code == 200


async def test_display_name_and_description_lengths(pro: ProClient) -> None:
    org_id = await pro.org_id()
    too_long = await pro.post(
        "/workspaces", json={"name": "ok", "display_name": "d" * 51, "organization_id": org_id}
    )
    assert too_long.status_code == 422
    long_text = await pro.post(
        "/workspaces", json={"name": "ok", "description": "d" * 257, "organization_id": org_id}
    )
    assert long_text.status_code == 422
    assert (
        await pro.post(
            "/workspaces", json={"name": "ok", "description": "d" * 256, "organization_id": org_id}
        )
    ).status_code == 200


# -- role assignment rules -----------------------------------------------------------------------
async def test_role_level_must_fit_the_scope(pro: ProClient) -> None:
    ws = await pro.workspace("production")
    user_id = (await pro.get("/users/me", who="viewer")).json()["id"]
    org_role = await pro.role_id("Organization Manager")
    ws_role = await pro.role_id("Workspace Admin")
    project_role = await pro.role_id("Project Admin")
    cases = [
        (org_role, {"user_id": user_id, "workspace_id": ws["id"]}),
        (ws_role, {"user_id": user_id}),
        (ws_role, {"user_id": user_id, "workspace_id": ws["id"], "project_id": "p1"}),
        (project_role, {"user_id": user_id, "workspace_id": ws["id"]}),
    ]
    for role_id, params in cases:
        response = await pro.post(f"/roles/{role_id}/assignments", params=params)
        assert response.status_code == 422, params
        assert response.json()["detail"][0] == "ValueError"
    scoped = {"user_id": user_id, "workspace_id": ws["id"], "project_id": "p1"}
    assert (await pro.post(f"/roles/{project_role}/assignments", params=scoped)).status_code == 200


async def test_exactly_one_principal(pro: ProClient) -> None:
    role_id = await pro.role_id("Organization Viewer")
    user_id = (await pro.get("/users/me", who="viewer")).json()["id"]
    team_id = (await pro.get(f"/organizations/{await pro.org_id()}/teams")).json()[0]["id"]
    for params in ({}, {"user_id": user_id, "team_id": team_id}):
        response = await pro.post(f"/roles/{role_id}/assignments", params=params)
        assert response.status_code == 422
        assert response.json()["detail"] == [
            "ValueError",
            "Exactly one of user_id, team_id or invitation_id must be given.",
        ]


async def test_team_assignments_grant_access_to_team_members(pro: ProClient) -> None:
    org_id = await pro.org_id()
    team = (await pro.post("/teams", json={"name": "new-team", "organization_id": org_id})).json()
    store = pro.app.state.pro.store
    member = next(
        u for u in store.users.values()
        if not u.is_service_account and u.is_active
        and [store.roles[a.role_id].name for a in store.assignments_of("user", u.id)] == [MEMBER]
        and store.assignments_of("user", u.id)[0].organization_id == org_id
    )  # fmt: skip
    headers = {"Authorization": f"Bearer {pro.token_for(member.id)}"}
    ws = await pro.workspace("legacy-batch")
    assert (await pro.get(f"/workspaces/{ws['id']}", headers=headers)).status_code == 403
    assert (await pro.post(f"/teams/{team['id']}/members", params={"user_id": member.id})).status_code == 200
    viewer_role = await pro.role_id("Workspace Viewer")
    params = {"team_id": team["id"], "workspace_id": ws["id"]}
    assert (await pro.post(f"/roles/{viewer_role}/assignments", params=params)).status_code == 200
    assert (await pro.post(f"/roles/{viewer_role}/assignments", params=params)).status_code == 409
    assert (await pro.get(f"/workspaces/{ws['id']}", headers=headers)).status_code == 200


async def test_team_member_outside_the_organization_is_refused(pro: ProClient) -> None:
    ml = await pro.org_id("acme-ml")
    research = await pro.org_id("acme-research")
    ml_members = {
        m["id"] for m in (await pro.get(f"/organizations/{ml}/members", params={"limit": 100})).json()
    }
    outsider = next(
        m for m in (await pro.get(f"/organizations/{research}/members", params={"limit": 100})).json()
        if m["type"] == "user" and m["id"] not in ml_members
    )  # fmt: skip
    team = (await pro.get(f"/organizations/{ml}/teams")).json()[0]
    response = await pro.post(f"/teams/{team['id']}/members", params={"user_id": outsider["id"]})
    assert response.status_code == 403
    assert response.json()["detail"][0] == "IllegalOperationError"


# -- permissions ---------------------------------------------------------------------------------
async def test_viewer_reads_everything_but_writes_nothing(pro: ProClient) -> None:
    org_id = await pro.org_id()
    assert len((await pro.get(f"/organizations/{org_id}/workspaces", who="viewer")).json()) == 6
    assert (await pro.get(f"/organizations/{org_id}/invitations", who="viewer")).status_code == 200
    ws = await pro.workspace("production")
    role_id = await pro.role_id("Workspace Viewer")
    writes = [
        pro.post("/workspaces", who="viewer", json={"name": "nope", "organization_id": org_id}),
        pro.patch(f"/workspaces/{ws['id']}", who="viewer", json={"description": "x"}),
        pro.patch(f"/workspaces/{ws['id']}/deactivate", who="viewer"),
        pro.delete(f"/workspaces/{ws['id']}", who="viewer"),
        pro.post("/teams", who="viewer", json={"name": "t", "organization_id": org_id}),
        pro.post(
            f"/roles/{role_id}/assignments",
            who="viewer",
            params={"user_id": ws["owner"]["id"], "workspace_id": ws["id"]},
        ),  # type: ignore[index]
    ]
    for write in writes:
        response = await write
        assert response.status_code == 403
        assert response.json()["detail"][0] == "IllegalOperationError"


async def test_manager_manages_but_cannot_touch_admin_roles(pro: ProClient) -> None:
    await _create(pro, "managers-ws", who="manager")
    viewer_id = (await pro.get("/users/me", who="viewer")).json()["id"]
    admin_role = await pro.role_id("Organization Admin")
    viewer_role = await pro.role_id("Organization Viewer")
    assert (
        await pro.post(f"/roles/{admin_role}/assignments", who="manager", params={"user_id": viewer_id})
    ).status_code == 403
    assert (
        await pro.delete(f"/roles/{viewer_role}/assignments", who="manager", params={"user_id": viewer_id})
    ).status_code == 204
    admin_id = (await pro.get("/users/me")).json()["id"]
    org_id = await pro.org_id()
    assert (
        await pro.delete(f"/organizations/{org_id}/members", who="manager", params={"user_id": admin_id})
    ).status_code == 403


async def _member_with_workspace_role(pro: ProClient, role_name: str) -> tuple[str, str]:
    """(user id, workspace id): a plain acme-ml Organization Member, granted ``role_name`` on production."""
    store = pro.app.state.pro.store
    org_id = await pro.org_id()
    for user in store.users.values():
        assignments = store.assignments_of("user", user.id)
        plain = [store.roles[a.role_id].name for a in assignments] == ["Organization Member"]
        in_org = plain and assignments[0].organization_id == org_id
        if in_org and user.is_active and not user.is_service_account and not store.teams_by_user.get(user.id):
            break
    else:
        raise AssertionError("no plain member in the seed")
    ws = await pro.workspace("production")
    role_id = await pro.role_id(role_name)
    granted = await pro.post(
        f"/roles/{role_id}/assignments", params={"user_id": user.id, "workspace_id": ws["id"]}
    )
    assert granted.status_code == 200, granted.text
    return user.id, str(ws["id"])


async def test_member_sees_only_workspaces_with_a_role(pro: ProClient) -> None:
    user_id, ws_id = await _member_with_workspace_role(pro, "Workspace Viewer")
    headers = {"Authorization": f"Bearer {pro.token_for(user_id)}"}
    visible = (await pro.get("/workspaces", headers=headers)).json()
    assert ws_id in {w["id"] for w in visible}
    assert len(visible) < len((await pro.get("/workspaces")).json())
    assert {w["id"] for w in visible} == {ws_id}
    assert (
        await pro.get(f"/organizations/{await pro.org_id()}/invitations", headers=headers)
    ).status_code == 403


async def test_workspace_admin_manages_only_their_workspace(pro: ProClient) -> None:
    user_id, ws_id = await _member_with_workspace_role(pro, "Workspace Admin")
    headers = {"Authorization": f"Bearer {pro.token_for(user_id)}"}
    assert (
        await pro.patch(f"/workspaces/{ws_id}", headers=headers, json={"description": "mine"})
    ).status_code == 200
    viewer_id = (await pro.get("/users/me", who="viewer")).json()["id"]
    dev = await pro.role_id("Workspace Developer")
    granted = await pro.post(
        f"/roles/{dev}/assignments", headers=headers, params={"user_id": viewer_id, "workspace_id": ws_id}
    )
    assert granted.status_code == 200
    assert (await pro.delete(f"/workspaces/{ws_id}", headers=headers)).status_code == 403
    other = next(
        w
        for w in (await pro.get("/workspaces")).json()
        if w["id"] != ws_id and w["organization"]["name"] == "acme-ml"
    )
    refused = await pro.post(
        f"/roles/{dev}/assignments",
        headers=headers,
        params={"user_id": viewer_id, "workspace_id": other["id"]},
    )
    assert refused.status_code == 403


async def test_workspace_viewer_cannot_change_their_workspace(pro: ProClient) -> None:
    user_id, ws_id = await _member_with_workspace_role(pro, "Workspace Viewer")
    headers = {"Authorization": f"Bearer {pro.token_for(user_id)}"}
    assert (await pro.get(f"/workspaces/{ws_id}", headers=headers)).status_code == 200
    assert (await pro.patch(f"/workspaces/{ws_id}/deploy", headers=headers)).status_code == 403


async def test_sandbox_controls_need_an_admin(pro: ProClient) -> None:
    assert (await pro.post("/_sandbox/clock", who="viewer", json={"advance_s": 1})).status_code == 403
    assert (await pro.get("/_sandbox/faults", who="manager")).status_code == 403
    moved = await pro.post("/_sandbox/clock", json={"advance_s": 30})
    assert moved.status_code == 200
    assert moved.json()["offset_s"] == 30


# -- tokens --------------------------------------------------------------------------------------
async def test_tokens_expire_with_the_clock(pro: ProClient) -> None:
    assert (await pro.get("/users/me", who="manager")).status_code == 200
    pro.advance(pro.app.state.config.token_lifetime_s + 1)
    expired = await pro.get("/users/me", who="manager")
    assert expired.status_code == 401
    assert expired.json()["detail"] == ["CredentialsNotValid", "Authentication failed: token has expired."]
    assert expired.headers["www-authenticate"] == "Bearer"
    # The long-lived key still works, directly and through a fresh login.
    key = pro.app.state.demo_credentials["api_keys"]["manager"]
    assert (await pro.client.get("/users/me", headers={"Authorization": f"Bearer {key}"})).status_code == 200
    fresh = (await pro.client.post("/auth/login", data={"password": key})).json()["access_token"]
    assert (
        await pro.client.get("/users/me", headers={"Authorization": f"Bearer {fresh}"})
    ).status_code == 200


async def test_a_token_from_another_sandbox_is_not_valid(pro: ProClient) -> None:
    foreign = new_app().state.demo_credentials["tokens"]["admin"]
    response = await pro.client.get("/users/me", headers={"Authorization": f"Bearer {foreign}"})
    assert response.status_code == 401


# -- paging --------------------------------------------------------------------------------------
async def test_limit_above_100_is_a_validation_error_everywhere(pro: ProClient) -> None:
    org_id = await pro.org_id()
    for path in ("/workspaces", "/tenants", "/organizations", "/users", f"/organizations/{org_id}/members"):
        assert (await pro.get(path, params={"limit": 101})).status_code == 422, path
        assert (await pro.get(path, params={"offset": -1})).status_code == 422, path


async def test_offset_walks_every_user_once(pro: ProClient) -> None:
    everyone = (await pro.get("/users", params={"limit": 100})).json()
    walked: list[str] = []
    offset = 0
    while True:
        chunk = (await pro.get("/users", params={"offset": offset, "limit": 7})).json()
        walked += [u["id"] for u in chunk]
        if len(chunk) < 7:
            break
        offset += 7
    assert walked == [u["id"] for u in everyone]
    assert (await pro.get("/users", params={"offset": 10_000})).json() == []
