"""Contract of the sandbox's Pro API against reference/pro-api.md, row by row (in-process).

Each test is named after the table row it holds the sandbox to: ``test_<section>_<method>_<path>``.
"""

from __future__ import annotations

import pytest
from fixtures_sandbox import ProClient

pytestmark = pytest.mark.anyio

WORKSPACE_FIELDS = {
    "id", "name", "display_name", "description", "logo_url", "organization", "owner", "is_managed",
    "enrollment_key", "desired_state", "state_reason", "status", "status_updated", "created", "updated",
    "usage_counts", "zenml_service", "mlflow_service",
}  # fmt: skip
ORGANIZATION_FIELDS = {
    "id", "name", "description", "logo_url", "owner", "has_active_subscription", "trial_expiry", "created",
    "updated",
}  # fmt: skip
USER_FIELDS = {
    "id", "username", "email", "name", "avatar_url", "company", "job_title", "metadata", "oauth_provider",
    "oauth_id", "password_expired", "is_active", "is_superuser", "is_service_account", "organization_id",
    "is_onboarded",
}  # fmt: skip
ROLE_FIELDS = {"id", "name", "description", "organization_id", "level", "system_managed", "type"}
TEAM_FIELDS = {"id", "name", "description", "organization_id", "created", "updated", "member_count"}
INVITATION_FIELDS = {"id", "email", "organization_id", "role", "inviter", "status", "created", "expires"}
ASSIGNMENT_FIELDS = {
    "id", "role", "user", "team", "invitation", "organization_id", "workspace_id", "project_id", "created",
}  # fmt: skip


# -- §1.1 workspaces / tenants ---------------------------------------------------------------
async def test_1_1_get_workspaces_is_a_bare_array_of_workspace(pro: ProClient) -> None:
    response = await pro.get("/workspaces")
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body, list)
    assert body
    for ws in body:
        assert set(ws) >= WORKSPACE_FIELDS
        assert set(ws["organization"]) >= ORGANIZATION_FIELDS
        assert "password" not in ws["owner"]
        assert set(ws["zenml_service"]) == {"configuration", "status"}
        assert set(ws["zenml_service"]["configuration"]) == {"version", "analytics_enabled"}
        # ZenML's ZenMLServiceRead: a status only while the server is deployed and active.
        status = ws["zenml_service"]["status"]
        if ws["status"] == "available":
            assert set(status) == {"server_url", "version", "storage_size"}
        else:
            assert status is None
    assert {ws["status"] for ws in body} > {"available"}


async def test_1_1_get_workspaces_filters(pro: ProClient) -> None:
    org_id = await pro.org_id("acme-research")
    by_name = (await pro.get("/workspaces", params={"workspace_name": "staging"})).json()
    assert [w["name"] for w in by_name] == ["staging"]
    by_org = (await pro.get("/workspaces", params={"organization_id": org_id})).json()
    assert {w["organization"]["id"] for w in by_org} == {org_id}
    available = (await pro.get("/workspaces", params={"status": "available"})).json()
    assert available
    assert {w["status"] for w in available} == {"available"}
    url = available[0]["zenml_service"]["status"]["server_url"]
    assert [w["id"] for w in (await pro.get("/workspaces", params={"url": url})).json()] == [
        available[0]["id"]
    ]
    member_only = (await pro.get("/workspaces", params={"member_only": "True"})).json()
    assert len(member_only) == len((await pro.get("/workspaces")).json())


async def test_1_1_get_workspaces_id_by_id_and_by_name(pro: ProClient) -> None:
    by_name = await pro.workspace("production")
    by_id = (await pro.get(f"/workspaces/{by_name['id']}")).json()
    assert by_id == by_name
    assert (await pro.get("/workspaces/no-such-workspace")).status_code == 404


async def test_1_1_get_tenants_is_the_deprecated_alias(pro: ProClient) -> None:
    tenants = (await pro.get("/tenants")).json()
    workspaces = (await pro.get("/workspaces")).json()
    assert [t["id"] for t in tenants] == [w["id"] for w in workspaces]
    by_tenant_name = (await pro.get("/tenants", params={"tenant_name": "staging"})).json()
    assert [t["name"] for t in by_tenant_name] == ["staging"]
    filtered = (
        await pro.get("/tenants", params={"is_managed": "true", "owner_id": tenants[0]["owner"]["id"]})
    ).json()
    assert filtered
    assert all(t["is_managed"] and t["owner"]["id"] == tenants[0]["owner"]["id"] for t in filtered)


async def test_1_1_post_tenants_creates_a_workspace(pro: ProClient) -> None:
    org_id = await pro.org_id()
    body = {"name": "churn-model", "display_name": "Churn", "description": "d", "organization_id": org_id}
    response = await pro.post("/tenants", json=body)
    assert response.status_code == 200, response.text
    ws = response.json()
    assert (ws["name"], ws["display_name"], ws["status"], ws["desired_state"]) == (
        "churn-model", "Churn", "pending", "available",
    )  # fmt: skip
    assert ws["organization"]["id"] == org_id
    assert ws["zenml_service"]["status"] is None


async def test_1_1_post_workspaces_with_query_params_and_enroll(pro: ProClient) -> None:
    org_id = await pro.org_id()
    response = await pro.post(
        "/workspaces", params={"name": "self-hosted", "enroll": "true", "organization_id": org_id}
    )
    assert response.status_code == 200, response.text
    ws = response.json()
    assert ws["is_managed"] is False
    assert ws["enrollment_key"]
    again = (await pro.get(f"/workspaces/{ws['id']}")).json()
    assert again["enrollment_key"] is None


async def test_1_1_get_tenants_id_or_name(pro: ProClient) -> None:
    ws = await pro.workspace("staging")
    assert (await pro.get(f"/tenants/{ws['id']}")).json()["name"] == "staging"
    assert (await pro.get("/tenants/staging")).json()["id"] == ws["id"]


async def test_1_1_patch_tenants_id_updates(pro: ProClient) -> None:
    ws = await pro.workspace("staging")
    body = {"display_name": "Staging 2", "description": "new", "logo_url": "https://x.example/l.png"}
    response = await pro.patch(f"/tenants/{ws['id']}", json=body)
    assert response.status_code == 200, response.text
    assert {k: response.json()[k] for k in body} == body
    assert (await pro.get(f"/workspaces/{ws['id']}")).json()["display_name"] == "Staging 2"


async def test_1_1_delete_tenants_id_then_404(pro: ProClient) -> None:
    ws = await pro.workspace("staging")
    assert (await pro.delete(f"/tenants/{ws['id']}")).status_code == 204
    assert (await pro.get(f"/workspaces/{ws['id']}")).status_code == 404


async def test_1_1_patch_tenants_id_deactivate(pro: ProClient) -> None:
    ws = await pro.workspace("production")
    response = await pro.patch(f"/tenants/{ws['id']}/deactivate")
    assert response.status_code == 200
    assert response.json()["status"] == "deactivated"
    assert response.json()["zenml_service"]["status"] is None


async def test_1_1_patch_tenants_id_deploy(pro: ProClient) -> None:
    ws = await pro.workspace("legacy-batch")
    response = await pro.patch(f"/workspaces/{ws['id']}/deploy")
    assert response.status_code == 200
    assert response.json()["status"] == "pending"


async def test_1_1_tenants_id_members_get_post_delete(pro: ProClient) -> None:
    ws = await pro.workspace("production")
    viewer_id = (await pro.get("/users/me", who="viewer")).json()["id"]
    dev_role = await pro.role_id("Workspace Developer")
    before = (await pro.get(f"/tenants/{ws['id']}/members")).json()
    assert all(set(m) == {"id", "type", "user", "team", "invitation", "roles"} for m in before)
    added = await pro.post(
        f"/workspaces/{ws['id']}/members", params={"user_id": viewer_id, "role_id": dev_role}
    )
    assert added.status_code == 200, added.text
    assert added.json()["type"] == "user"
    assert [r["name"] for r in added.json()["roles"]] == ["Workspace Developer"]
    after = (await pro.get(f"/workspaces/{ws['id']}/members")).json()
    assert viewer_id in {m["id"] for m in after}
    assert (
        await pro.delete(f"/tenants/{ws['id']}/members", params={"user_id": viewer_id})
    ).status_code == 204
    assert viewer_id not in {m["id"] for m in (await pro.get(f"/workspaces/{ws['id']}/members")).json()}
    assert (
        await pro.delete(f"/tenants/{ws['id']}/members", params={"user_id": viewer_id})
    ).status_code == 404


# -- §1.2 organizations ------------------------------------------------------------------------
async def test_1_2_get_organizations(pro: ProClient) -> None:
    orgs = (await pro.get("/organizations")).json()
    assert [o["name"] for o in orgs] == ["acme-ml", "acme-research"]
    assert all(set(o) >= ORGANIZATION_FIELDS for o in orgs)
    assert [
        o["name"] for o in (await pro.get("/organizations", params={"name": "acme-research"})).json()
    ] == ["acme-research"]
    owned = (await pro.get("/organizations", params={"owner_username": "admin"})).json()
    assert [o["name"] for o in owned] == ["acme-ml"]
    assert [o["name"] for o in (await pro.get("/organizations", who="viewer")).json()] == ["acme-ml"]


async def test_1_2_post_organizations(pro: ProClient) -> None:
    response = await pro.post(
        "/organizations", who="viewer", json={"name": "vic-labs", "description": "mine"}
    )
    assert response.status_code == 200, response.text
    org = response.json()
    assert org["owner"]["username"] == "viewer"
    roles = (await pro.get(f"/organizations/{org['id']}/roles", who="viewer")).json()
    assert "Organization Admin" in {r["name"] for r in roles}
    # The owner already owns one: OrganizationLimitExceeded.
    again = await pro.post("/organizations", who="viewer", json={"name": "vic-labs-2"})
    assert again.status_code == 403
    assert again.json()["detail"][0] == "OrganizationLimitExceeded"


async def test_1_2_get_organizations_id_or_name(pro: ProClient) -> None:
    org_id = await pro.org_id("acme-ml")
    assert (await pro.get(f"/organizations/{org_id}")).json()["name"] == "acme-ml"
    assert (await pro.get("/organizations/nope")).status_code == 404


async def test_1_2_patch_organizations_id(pro: ProClient) -> None:
    org_id = await pro.org_id()
    response = await pro.patch(f"/organizations/{org_id}", json={"description": "Updated."})
    assert response.status_code == 200
    assert response.json()["description"] == "Updated."
    assert (
        await pro.patch(f"/organizations/{org_id}", who="manager", json={"description": "x"})
    ).status_code == 403


async def test_1_2_delete_organizations_id(pro: ProClient) -> None:
    org_id = await pro.org_id("acme-research")
    assert (await pro.delete(f"/organizations/{org_id}")).status_code == 403  # still has workspaces
    for ws in (await pro.get(f"/organizations/{org_id}/workspaces")).json():
        assert (await pro.delete(f"/workspaces/{ws['id']}")).status_code == 204
    assert (await pro.delete(f"/organizations/{org_id}")).status_code == 204
    assert (await pro.get(f"/organizations/{org_id}")).status_code == 404


async def test_1_2_get_organizations_id_trial(pro: ProClient) -> None:
    org_id = await pro.org_id()
    body = (await pro.get(f"/organizations/{org_id}/trial")).json()
    assert body["has_active_subscription"] is True


async def test_1_2_get_organizations_id_invitations(pro: ProClient) -> None:
    org_id = await pro.org_id()
    invitations = (await pro.get(f"/organizations/{org_id}/invitations")).json()
    assert invitations
    assert all(set(i) == INVITATION_FIELDS for i in invitations)
    assert {i["status"] for i in invitations} == {"pending", "expired"}
    pending = (await pro.get(f"/organizations/{org_id}/invitations", params={"only_pending": "True"})).json()
    assert pending
    assert {i["status"] for i in pending} == {"pending"}
    one = invitations[0]["email"]
    assert [
        i["email"]
        for i in (await pro.get(f"/organizations/{org_id}/invitations", params={"email": one})).json()
    ] == [one]


async def test_1_2_post_organizations_id_invitations(pro: ProClient) -> None:
    org_id = await pro.org_id()
    member_role = await pro.role_id("Organization Member")
    response = await pro.post(
        f"/organizations/{org_id}/invitations",
        who="manager",
        json={"email": "new.hire@acme.example", "role_id": member_role},
    )
    assert response.status_code == 200, response.text
    invitation = response.json()
    assert (invitation["email"], invitation["status"], invitation["role"]["id"]) == (
        "new.hire@acme.example",
        "pending",
        member_role,
    )
    assert invitation["inviter"]["username"] == "manager"
    duplicate = await pro.post(
        f"/organizations/{org_id}/invitations",
        json={"email": "new.hire@acme.example", "role_id": member_role},
    )
    assert duplicate.status_code == 409
    members = (
        await pro.get(f"/organizations/{org_id}/members", params={"limit": 100, "include_users": "false"})
    ).json()
    assert invitation["id"] in {m["id"] for m in members if m["type"] == "invitation"}


async def test_1_2_delete_organizations_id_invitations_id(pro: ProClient) -> None:
    org_id = await pro.org_id()
    invitation = (
        await pro.get(f"/organizations/{org_id}/invitations", params={"only_pending": "true"})
    ).json()[0]
    assert (await pro.delete(f"/organizations/{org_id}/invitations/{invitation['id']}")).status_code == 204
    assert (await pro.delete(f"/organizations/{org_id}/invitations/{invitation['id']}")).status_code == 404


async def test_1_2_get_organizations_id_members(pro: ProClient) -> None:
    org_id = await pro.org_id()
    members = (await pro.get(f"/organizations/{org_id}/members", params={"limit": 100})).json()
    assert {m["type"] for m in members} == {"user", "service_account", "team", "invitation"}
    assert all(set(m) == {"id", "type", "user", "team", "invitation", "roles"} for m in members)
    admin_role = await pro.role_id("Organization Admin")
    admins = (await pro.get(f"/organizations/{org_id}/members", params={"role_id": admin_role})).json()
    assert [m["user"]["username"] for m in admins] == ["admin"]
    no_sas = (
        await pro.get(
            f"/organizations/{org_id}/members", params={"include_service_accounts": "False", "limit": 100}
        )
    ).json()
    assert "service_account" not in {m["type"] for m in no_sas}


async def test_1_2_delete_organizations_id_members(pro: ProClient) -> None:
    org_id = await pro.org_id()
    viewer_id = (await pro.get("/users/me", who="viewer")).json()["id"]
    assert (
        await pro.delete(f"/organizations/{org_id}/members", params={"user_id": viewer_id})
    ).status_code == 204
    assert (await pro.get("/workspaces", who="viewer")).json() == []
    sa = next(
        m
        for m in (await pro.get(f"/organizations/{org_id}/members", params={"limit": 100})).json()
        if m["type"] == "service_account"
    )
    refused = await pro.delete(f"/organizations/{org_id}/members", params={"user_id": sa["id"]})
    assert refused.status_code == 403
    assert refused.json()["detail"][0] == "IllegalOperationError"


async def test_1_2_get_organizations_id_roles(pro: ProClient) -> None:
    org_id = await pro.org_id()
    roles = (await pro.get(f"/organizations/{org_id}/roles")).json()
    assert all(set(r) == ROLE_FIELDS for r in roles)
    org_level = (await pro.get(f"/organizations/{org_id}/roles", params={"level": "organization"})).json()
    assert {r["name"] for r in org_level} == {
        "Organization Admin", "Organization Manager", "Organization Viewer", "Billing Admin",
        "Organization Member",
    }  # fmt: skip
    ws_level = (await pro.get(f"/organizations/{org_id}/roles", params={"level": "workspace"})).json()
    assert {r["name"] for r in ws_level} == {
        "Workspace Admin", "Workspace Developer", "Workspace Contributor", "Workspace Viewer", "Stack Admin",
    }  # fmt: skip
    assert [
        r["name"]
        for r in (await pro.get(f"/organizations/{org_id}/roles", params={"name": "Stack Admin"})).json()
    ] == ["Stack Admin"]


async def test_1_2_get_organizations_id_teams(pro: ProClient) -> None:
    teams = (await pro.get(f"/organizations/{await pro.org_id()}/teams")).json()
    assert len(teams) == 4
    assert all(set(t) == TEAM_FIELDS for t in teams)
    assert all(t["member_count"] >= 3 for t in teams)


async def test_1_2_get_organizations_id_tenants_and_workspaces(pro: ProClient) -> None:
    org_id = await pro.org_id()
    tenants = (await pro.get(f"/organizations/{org_id}/tenants")).json()
    workspaces = (await pro.get(f"/organizations/{org_id}/workspaces")).json()
    assert [w["id"] for w in tenants] == [w["id"] for w in workspaces]
    assert len(workspaces) == 6
    pending = (await pro.get(f"/organizations/{org_id}/tenants", params={"status": "pending"})).json()
    assert [w["name"] for w in pending] == ["forecasting"]
    assert (await pro.get(f"/organizations/{org_id}/tenants", params={"limit": 101})).status_code == 422


async def test_1_2_get_organizations_id_tenant_name(pro: ProClient) -> None:
    org_id = await pro.org_id()
    assert (await pro.get(f"/organizations/{org_id}/tenant/production")).json()["name"] == "production"
    assert (await pro.get(f"/organizations/{org_id}/tenant/vision-lab")).status_code == 404  # other org


async def test_1_2_get_organizations_id_entitlement_feature(pro: ProClient) -> None:
    ml = await pro.org_id("acme-ml")
    research = await pro.org_id("acme-research")
    assert (await pro.get(f"/organizations/{ml}/entitlement/workspace")).status_code == 200
    assert (
        await pro.post("/workspaces", json={"name": "third", "organization_id": research})
    ).status_code == 200
    full = await pro.get(f"/organizations/{research}/entitlement/workspace")
    assert full.status_code == 402
    assert full.json()["detail"][0] == "SubscriptionUpgradeRequiredError"
    assert (
        await pro.post("/workspaces", json={"name": "fourth", "organization_id": research})
    ).status_code == 402


async def test_1_2_get_organizations_validation_name(pro: ProClient) -> None:
    assert (await pro.get("/organizations/validation/name/brand-new")).json() is True
    assert (await pro.get("/organizations/validation/name/acme-ml")).status_code == 409
    assert (await pro.get("/organizations/validation/name/Bad_Name")).status_code == 422


async def test_1_2_get_organizations_id_validation_tenant_name(pro: ProClient) -> None:
    org_id = await pro.org_id()
    assert (await pro.get(f"/organizations/{org_id}/validation/tenant_name/fresh-name")).json() is True
    assert (await pro.get(f"/organizations/{org_id}/validation/tenant_name/production")).status_code == 409
    assert (await pro.get(f"/organizations/{org_id}/validation/tenant_name/-bad")).status_code == 422


# -- §1.3 users --------------------------------------------------------------------------------
async def test_1_3_get_users(pro: ProClient) -> None:
    users = (await pro.get("/users", params={"limit": 100})).json()
    assert len(users) >= 40
    assert all(set(u) >= USER_FIELDS for u in users)
    assert all("password" not in u for u in users)
    by_email = (await pro.get("/users", params={"email": "MANAGER@acme.example"})).json()
    assert [u["username"] for u in by_email] == ["manager"]


async def test_1_3_get_users_id_or_email(pro: ProClient) -> None:
    me = (await pro.get("/users/me", who="manager")).json()
    assert (await pro.get(f"/users/{me['id']}")).json()["email"] == "manager@acme.example"
    assert (await pro.get("/users/manager@acme.example")).json()["id"] == me["id"]
    assert (await pro.get("/users/nobody@acme.example")).status_code == 404


async def test_1_3_patch_users_id_is_active_false_deactivates(pro: ProClient) -> None:
    viewer_id = (await pro.get("/users/me", who="viewer")).json()["id"]
    assert (
        await pro.patch(f"/users/{viewer_id}", who="manager", json={"is_active": False})
    ).status_code == 403
    response = await pro.patch(f"/users/{viewer_id}", json={"is_active": False})
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    locked_out = await pro.get("/users/me", who="viewer")
    assert locked_out.status_code == 401
    assert locked_out.json()["detail"][0] == "CredentialsNotValid"


async def test_1_3_delete_users_id_needs_a_superuser(pro: ProClient) -> None:
    viewer_id = (await pro.get("/users/me", who="viewer")).json()["id"]
    assert (await pro.delete(f"/users/{viewer_id}")).status_code == 403


async def test_1_3_get_and_patch_users_me(pro: ProClient) -> None:
    me = (await pro.get("/users/me")).json()
    assert me["username"] == "admin"
    response = await pro.patch("/users/me", json={"job_title": "Head of ML", "password": "ignored-pass"})
    assert response.status_code == 200
    assert response.json()["job_title"] == "Head of ML"
    assert "password" not in response.json()


async def test_1_3_get_users_authorize_server(pro: ProClient) -> None:
    ws = await pro.workspace("production")
    response = await pro.get("/users/authorize_server", params={"server_id": ws["id"]})
    assert response.status_code == 200
    assert set(response.json()) == {
        "id", "username", "email", "name", "is_superuser", "is_service_account", "avatar_url", "oidc_claims",
    }  # fmt: skip
    assert (
        await pro.get("/users/authorize_server", params={"server_id": "00000000-0000-4000-8000-000000000000"})
    ).status_code == 404
    key = pro.app.state.demo_credentials["api_keys"]["viewer"]
    by_key = await pro.get(
        "/users/authorize_server", params={"server_id": ws["id"]}, headers={"Authorization": f"Bearer {key}"}
    )
    assert by_key.json()["username"] == "viewer"
    bad = await pro.get(
        "/users/authorize_server", params={"server_id": ws["id"]}, headers={"Authorization": "Bearer nope"}
    )
    assert bad.status_code == 401


# -- §1.4 invitations, health, server info -------------------------------------------------------
async def test_1_4_get_post_invitations_id_accept(pro: ProClient) -> None:
    org_id = await pro.org_id()
    member_role = await pro.role_id("Organization Member")
    invited = (
        await pro.post(
            f"/organizations/{org_id}/invitations",
            json={"email": "joiner@acme.example", "role_id": member_role},
        )
    ).json()
    store = pro.app.state.pro.store
    from zpro_nb.emulator.pro.state import User

    joiner = store.add_user(
        User(
            id=store.new_id(),
            username="joiner@acme.example",
            email="joiner@acme.example",
            name="Jo",
            created=0,
            updated=0,
        )
    )
    headers = {"Authorization": f"Bearer {pro.token_for(joiner.id)}"}
    assert [i["id"] for i in (await pro.get("/invitations", headers=headers)).json()] == [invited["id"]]
    assert (await pro.get(f"/invitations/{invited['id']}", headers=headers)).json()["status"] == "pending"
    assert (await pro.post(f"/invitations/{invited['id']}", who="viewer")).status_code == 403
    accepted = await pro.post(f"/invitations/{invited['id']}", headers=headers)
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert [o["name"] for o in (await pro.get("/organizations", headers=headers)).json()] == ["acme-ml"]
    assert (await pro.post(f"/invitations/{invited['id']}", headers=headers)).status_code == 409


async def test_1_4_get_health(pro: ProClient) -> None:
    response = await pro.client.get("/health")
    assert response.status_code == 200
    assert response.json() == "OK"


async def test_1_4_get_server_info(pro: ProClient) -> None:
    info = (await pro.client.get("/server/info")).json()
    assert set(info) == {"id", "name", "version", "url", "status", "metadata"}
    assert info["url"] == "http://sandbox.localhost"


# -- §1.5 roles, role assignments, teams --------------------------------------------------------
async def test_1_5_post_roles_and_get_patch_delete_roles_id(pro: ProClient) -> None:
    org_id = await pro.org_id()
    created = await pro.post(
        "/roles", json={"name": "Auditor", "organization_id": org_id, "level": "organization"}
    )
    assert created.status_code == 200, created.text
    role = created.json()
    assert (role["system_managed"], role["type"], role["level"]) == (False, "custom", "organization")
    assert (await pro.post("/roles", json={"name": "Auditor", "organization_id": org_id})).status_code == 409
    assert (
        await pro.post("/roles", who="manager", json={"name": "X", "organization_id": org_id})
    ).status_code == 403
    assert (await pro.get(f"/roles/{role['id']}")).json() == role
    assert (await pro.patch(f"/roles/{role['id']}", json={"description": "Reads"})).json()[
        "description"
    ] == "Reads"
    system = await pro.role_id("Organization Viewer")
    assert (await pro.patch(f"/roles/{system}", json={"name": "Mine"})).status_code == 403
    assert (await pro.delete(f"/roles/{role['id']}")).status_code == 204
    assert (await pro.get(f"/roles/{role['id']}")).status_code == 404


async def test_1_5_get_roles_id_assignments(pro: ProClient) -> None:
    dev = await pro.role_id("Workspace Developer")
    everything = (await pro.get(f"/roles/{dev}/assignments", params={"limit": 100})).json()
    assert everything
    assert all(set(a) == ASSIGNMENT_FIELDS for a in everything)
    assert {a["role"]["id"] for a in everything} == {dev}
    ws = await pro.workspace("production")
    scoped = (await pro.get(f"/roles/{dev}/assignments", params={"workspace_id": ws["id"]})).json()
    assert {a["workspace_id"] for a in scoped} <= {ws["id"]}
    assert len(scoped) <= len(everything)


async def test_1_5_post_and_delete_roles_id_assignments(pro: ProClient) -> None:
    viewer_role = await pro.role_id("Workspace Viewer")
    ws = await pro.workspace("staging")
    manager_id = (await pro.get("/users/me", who="manager")).json()["id"]
    params = {"user_id": manager_id, "workspace_id": ws["id"]}
    created = await pro.post(f"/roles/{viewer_role}/assignments", params=params)
    assert created.status_code == 200, created.text
    assignment = created.json()
    assert (assignment["user"]["id"], assignment["workspace_id"], assignment["team"]) == (
        manager_id,
        ws["id"],
        None,
    )
    assert (await pro.post(f"/roles/{viewer_role}/assignments", params=params)).status_code == 409
    assert (await pro.delete(f"/roles/{viewer_role}/assignments", params=params)).status_code == 204
    assert (await pro.delete(f"/roles/{viewer_role}/assignments", params=params)).status_code == 404


async def test_1_5_post_teams_and_get_patch_delete_teams_id(pro: ProClient) -> None:
    org_id = await pro.org_id()
    created = await pro.post(
        "/teams",
        who="manager",
        json={"name": "llm-guild", "description": "LLM folk", "organization_id": org_id},
    )
    assert created.status_code == 200, created.text
    team = created.json()
    assert set(team) == TEAM_FIELDS
    assert team["member_count"] == 0
    assert (
        await pro.post("/teams", json={"name": "llm-guild", "organization_id": org_id})
    ).status_code == 409
    assert (await pro.post("/teams", json={"name": "x" * 51, "organization_id": org_id})).status_code == 422
    assert (await pro.get(f"/teams/{team['id']}")).json()["name"] == "llm-guild"
    assert (await pro.patch(f"/teams/{team['id']}", json={"name": "llm-squad"})).json()["name"] == "llm-squad"
    assert (await pro.delete(f"/teams/{team['id']}", who="viewer")).status_code == 403
    assert (await pro.delete(f"/teams/{team['id']}")).status_code == 204
    assert (await pro.get(f"/teams/{team['id']}")).status_code == 404


async def test_1_5_teams_id_members_get_post_delete(pro: ProClient) -> None:
    org_id = await pro.org_id()
    team = (await pro.get(f"/organizations/{org_id}/teams")).json()[0]
    members = (await pro.get(f"/teams/{team['id']}/members")).json()
    assert all(set(m) >= USER_FIELDS for m in members)
    viewer_id = (await pro.get("/users/me", who="viewer")).json()["id"]
    added = await pro.post(f"/teams/{team['id']}/members", params={"user_id": viewer_id})
    assert added.status_code == 200
    assert viewer_id in {m["id"] for m in (await pro.get(f"/teams/{team['id']}/members")).json()}
    assert (await pro.post(f"/teams/{team['id']}/members", params={"user_id": viewer_id})).status_code == 409
    assert (
        await pro.delete(f"/teams/{team['id']}/members", params={"user_id": viewer_id})
    ).status_code == 204
    assert (
        await pro.delete(f"/teams/{team['id']}/members", params={"user_id": viewer_id})
    ).status_code == 404
    invitation = (
        await pro.get(f"/organizations/{org_id}/invitations", params={"only_pending": "true"})
    ).json()[-1]
    with_invitation = await pro.post(
        f"/teams/{team['id']}/members", params={"invitation_id": invitation["id"]}
    )
    assert with_invitation.status_code in (200, 409)


# -- §1.6 auth -----------------------------------------------------------------------------------
async def test_1_6_post_auth_login_with_password_form(pro: ProClient) -> None:
    key = pro.app.state.demo_credentials["api_keys"]["manager"]
    response = await pro.client.post("/auth/login", data={"password": key})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "device_id", "device_metadata"}
    assert (body["token_type"], body["expires_in"], body["device_id"], body["device_metadata"]) == (
        "bearer",
        3600,
        None,
        None,
    )
    me = await pro.client.get("/users/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["username"] == "manager"


async def test_1_6_post_auth_login_with_bearer_key(pro: ProClient) -> None:
    key = pro.app.state.demo_credentials["api_keys"]["viewer"]
    response = await pro.client.post("/auth/login", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json()["access_token"].count(".") == 2


async def test_1_6_post_auth_login_rejects_unknown_keys(pro: ProClient) -> None:
    canary = "ZENPROKEY_" + "q" * 48
    response = await pro.client.post("/auth/login", data={"password": canary})
    assert response.status_code == 401
    assert response.json()["detail"][0] == "CredentialsNotValid"
    assert canary not in response.text
    assert (await pro.client.post("/auth/login", data={})).status_code == 400


# -- §1.7 rbac -----------------------------------------------------------------------------------
async def test_1_7_post_and_get_rbac_check_permissions(pro: ProClient) -> None:
    ws = await pro.workspace("production")
    viewer_id = (await pro.get("/users/me", who="viewer")).json()["id"]
    resources = ["stack", "00000000-0000-4000-8000-000000000001:pipeline"]
    headers = {**pro.headers(), "zenml-server-id": str(ws["id"])}
    read = await pro.client.post(
        "/rbac/check_permissions",
        params={"user_id": viewer_id, "action": "read"},
        json=resources,
        headers=headers,
    )
    assert read.json() == dict.fromkeys(resources, True)
    delete = await pro.client.get(
        "/rbac/check_permissions",
        params={"user_id": viewer_id, "action": "delete", "resources": resources},
        headers=headers,
    )
    assert delete.json() == dict.fromkeys(resources, False)


async def test_1_7_get_rbac_allowed_resource_ids(pro: ProClient) -> None:
    ws = await pro.workspace("production")
    admin_id = (await pro.get("/users/me")).json()["id"]
    response = await pro.get(
        "/rbac/allowed_resource_ids",
        params={"user_id": admin_id, "resource": "stack", "action": "delete", "workspace_id": ws["id"]},
    )
    assert response.json() == {"full_access": True, "ids": []}


# -- §3.6 errors and docs --------------------------------------------------------------------------
async def test_3_6_missing_token_is_fastapis_plain_401(pro: ProClient) -> None:
    response = await pro.client.get("/organizations")
    assert response.status_code == 401
    assert response.json() == {"detail": "Not authenticated"}
    assert response.headers["www-authenticate"] == "Bearer"


async def test_3_6_unknown_token_is_credentials_not_valid(pro: ProClient) -> None:
    response = await pro.client.get("/organizations", headers={"Authorization": "Bearer a.b.c"})
    assert response.status_code == 401
    assert response.json()["detail"][0] == "CredentialsNotValid"


async def test_3_6_request_validation_keeps_fastapis_422(pro: ProClient) -> None:
    response = await pro.get("/organizations", params={"limit": 0})
    assert response.status_code == 422
    assert {"loc", "msg", "type"} <= set(response.json()["detail"][0])


async def test_openapi_and_docs_are_served(pro: ProClient) -> None:
    spec = (await pro.client.get("/openapi.json")).json()
    for path in (
        "/workspaces",
        "/tenants",
        "/organizations/{organization_id}/members",
        "/roles/{role_id}/assignments",
        "/auth/login",
        "/_sandbox/faults",
    ):
        assert path in spec["paths"], path
    assert (await pro.client.get("/docs")).status_code == 200
