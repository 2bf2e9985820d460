"""The role panel against the sandbox: scope, role by level, searchable choice, preview, apply, revoke."""

from __future__ import annotations

from typing import Any

import pytest
from fixtures_sandbox import PanelSandbox

from zpro_nb.errors import InvalidArgument
from zpro_nb.notebook_session import Session
from zpro_nb.widgets.role_panel import RolePanel

ROLE = "Workspace Viewer"


TARGET = "role-target"


@pytest.fixture
def target(admin: Session) -> str:
    """A workspace nobody holds a role in yet (made before the panel lists the scopes)."""
    admin.create_workspace(TARGET, organization="acme-ml", wait=False)
    return TARGET


def workspace_scope(panel: RolePanel, workspace: str) -> tuple[str, str, str]:
    """The panel's scope for that workspace of acme-ml."""
    return next(v for _label, v in panel.scope.options if v == ("workspace", "acme-ml", workspace))


def holders(sandbox: PanelSandbox, role: str, workspace: str) -> set[str]:
    """Emails of users holding ``role`` directly in ``workspace``, read raw from the sandbox."""
    org_id = sandbox.org_id("acme-ml")
    role_id = next(r["id"] for r in sandbox.get(f"/organizations/{org_id}/roles") if r["name"] == role)
    found_ws = sandbox.get("/workspaces", workspace_name=workspace)
    ws_id = next(w["id"] for w in found_ws if w["name"] == workspace)
    found = sandbox.get(f"/roles/{role_id}/assignments", workspace_id=ws_id)
    return {a["user"]["email"] for a in found if a.get("user")}


def two_people(sandbox: PanelSandbox) -> list[str]:
    """Two active human users other than the demo admin, manager and viewer."""
    demo = {"admin", "manager", "viewer"}
    emails = sorted(
        u["email"]
        for u in sandbox.get("/users")
        if u.get("email")
        and u.get("is_active", True)
        and not u.get("is_service_account")
        and u["email"].split("@")[0] not in demo
    )
    return emails[:2]


def test_roles_follow_the_scopes_level(admin: Session, target: str) -> None:
    panel = RolePanel(admin)
    levels = {v[0] for _label, v in panel.scope.options if v is not None}
    assert levels == {"organization", "workspace"}
    panel.scope.value = ("organization", "acme-ml", "")
    assert "Organization Viewer" in panel.role_names
    assert ROLE not in panel.role_names
    panel.scope.value = workspace_scope(panel, target)
    assert ROLE in panel.role_names
    assert "Organization Viewer" not in panel.role_names


def test_search_filters_and_hidden_choices_are_kept(sandbox: PanelSandbox, admin: Session) -> None:
    panel = RolePanel(admin)
    panel.scope.value = ("organization", "acme-ml", "")
    first, second = two_people(sandbox)

    panel.search.value = first
    assert [p for _label, p in panel.members.options] == [("user", first)]
    panel.members.value = (("user", first),)
    panel.search.value = second
    assert [p for _label, p in panel.members.options] == [("user", second)]
    panel.members.value = (("user", second),)
    panel.search.value = "team:"
    assert panel.members.options  # the organization's teams are offered too
    assert all(p[0] == "team" for _label, p in panel.members.options)

    assert panel.selected == [("user", first), ("user", second)]
    assert "2 chosen" in panel.chosen.value
    panel.search.value = ""
    assert set(panel.members.value) == {("user", first), ("user", second)}


def test_preview_then_apply_assigns_the_role_to_two_users(
    sandbox: PanelSandbox, admin: Session, target: str
) -> None:
    panel = RolePanel(admin)
    panel.scope.value = workspace_scope(panel, target)
    panel.role.value = ROLE
    people = two_people(sandbox)
    panel.select(*people)

    panel.preview.click()
    assert panel.plan_view.value.count("gains the role") == 2
    assert not panel.apply.disabled
    assert holders(sandbox, ROLE, target) == set()  # a preview changes nothing

    panel.apply.click()
    assert panel.apply.disabled  # no double apply
    assert panel.result_view.value.count("assigned") == 2
    assert "2 row(s) in place, 0 failed" in panel.status.value
    assert holders(sandbox, ROLE, target) == set(people)

    panel.preview.click()  # the same choice again: nothing left to do
    assert panel.plan_view.value.count("already has it") == 2
    assert panel.apply.disabled


def test_revoke_mode_takes_the_role_away(sandbox: PanelSandbox, admin: Session, target: str) -> None:
    panel = RolePanel(admin)
    panel.scope.value = workspace_scope(panel, target)
    panel.role.value = ROLE
    people = two_people(sandbox)
    panel.select(*people)
    panel.preview.click()
    panel.apply.click()
    assert holders(sandbox, ROLE, target) == set(people)

    panel.mode.value = "revoke"
    assert panel.apply.disabled  # the old plan no longer matches the choice
    panel.preview.click()
    assert panel.plan_view.value.count("loses the role") == 2
    panel.apply.click()
    assert panel.result_view.value.count("revoked") == 2
    assert holders(sandbox, ROLE, target) == set()


def test_a_team_can_be_given_the_role_too(sandbox: PanelSandbox, admin: Session, target: str) -> None:
    panel = RolePanel(admin)
    panel.scope.value = workspace_scope(panel, target)
    panel.role.value = ROLE
    team = next(p for _label, p in panel.members.options if p[0] == "team")
    panel.members.value = (team,)
    panel.preview.click()
    assert f"team {team[1]}" in panel.plan_view.value
    panel.apply.click()
    assert "assigned" in panel.result_view.value
    org_id = sandbox.org_id("acme-ml")
    role_id = next(r["id"] for r in sandbox.get(f"/organizations/{org_id}/roles") if r["name"] == ROLE)
    ws_id = next(w["id"] for w in sandbox.get("/workspaces", workspace_name=target) if w["name"] == target)
    found = sandbox.get(f"/roles/{role_id}/assignments", workspace_id=ws_id)
    assert {a["team"]["name"] for a in found if a.get("team")} == {team[1]}


def test_a_refused_change_is_reported_with_the_servers_words(sandbox: PanelSandbox, target: str) -> None:
    viewer = sandbox.session("viewer")
    panel = RolePanel(viewer)
    panel.scope.value = workspace_scope(panel, target)
    panel.role.value = ROLE
    users = [p for _label, p in panel.members.options if p[0] == "user"][:2]
    panel.members.value = tuple(users)
    panel.preview.click()
    panel.apply.click()
    assert "zpro-msg-error" in panel.status.value
    assert "0 row(s) in place, 2 failed" in panel.status.value
    assert panel.result_view.value.count("failed: You may not manage workspace") == 2  # the server's words
    assert holders(sandbox, ROLE, target) == set()


def test_preview_needs_people_and_a_role(admin: Session) -> None:
    panel = RolePanel(admin)
    assert panel.preview.disabled
    panel.preview.click()
    assert "Choose a scope, a role, at least one user or team" in panel.status.value
    assert panel.plan is None
    assert panel.apply.disabled


def test_the_sheet_is_what_a_runbook_would_pass(sandbox: PanelSandbox, admin: Session, target: str) -> None:
    panel = RolePanel(admin)
    panel.scope.value = workspace_scope(panel, target)
    panel.role.value = ROLE
    people = two_people(sandbox)
    panel.select(*people)
    sheet: Any = panel.sheet()
    assert list(sheet["user"]) == people
    assert set(sheet["workspace"]) == {target}
    assert set(sheet["role"]) == {ROLE}
    assert set(sheet["action"]) == {"assign"}


def test_rerunning_the_cell_keeps_the_choices(admin: Session, target: str) -> None:
    first: Any = admin.role_panel()  # type: ignore[attr-defined]
    first.scope.value = workspace_scope(first, target)
    first.role.value = ROLE
    again = admin.role_panel()  # type: ignore[attr-defined]
    assert again is first
    assert again.role.value == ROLE


def test_a_new_scope_clears_the_role_so_nothing_unchosen_is_granted(
    sandbox: PanelSandbox, admin: Session, target: str
) -> None:
    panel = RolePanel(admin)
    panel.scope.value = workspace_scope(panel, target)
    panel.role.value = ROLE
    panel.select(two_people(sandbox)[0])
    panel.preview.click()
    assert not panel.apply.disabled

    panel.scope.value = ("organization", "acme-ml", "")
    assert panel.role.value == ""  # not the first organization role in alphabetical order
    assert panel.apply.disabled
    assert panel.preview.disabled
    assert panel.plan_view.value == ""  # the old preview no longer describes the choice
    assert "Choose a role" in panel.status.value
    panel.apply.click()
    assert holders(sandbox, ROLE, target) == set()


def test_roles_run_from_least_to_most_privilege_with_their_descriptions(admin: Session) -> None:
    panel = RolePanel(admin)
    panel.scope.value = ("organization", "acme-ml", "")
    names = panel.role_names
    assert names.index("Organization Viewer") < names.index("Organization Manager")
    assert names.index("Organization Manager") < names.index("Organization Admin")
    assert names[-1] == "Organization Admin"
    assert panel.role.options[0] == ("Choose a role…", "")
    panel.role.value = "Organization Viewer"
    assert "Reads everything" in panel.role_help.value


def test_an_admin_role_needs_a_second_confirmation_naming_role_and_people(
    sandbox: PanelSandbox, admin: Session, target: str
) -> None:
    panel = RolePanel(admin)
    panel.scope.value = workspace_scope(panel, target)
    panel.role.value = "Workspace Admin"
    people = two_people(sandbox)
    panel.select(*people)
    panel.preview.click()
    assert panel.apply.disabled
    assert panel.confirm.layout.display != "none"
    assert "Workspace Admin" in panel.confirm.description
    assert all(p in panel.confirm.description for p in people)
    panel.apply.click()  # without the confirmation nothing happens
    assert holders(sandbox, "Workspace Admin", target) == set()

    panel.confirm.value = True
    assert not panel.apply.disabled
    panel.apply.click()
    assert holders(sandbox, "Workspace Admin", target) == set(people)


def test_changing_anything_withdraws_the_confirmation(
    sandbox: PanelSandbox, admin: Session, target: str
) -> None:
    panel = RolePanel(admin)
    panel.scope.value = workspace_scope(panel, target)
    panel.role.value = "Workspace Admin"
    first, second = two_people(sandbox)
    panel.select(first)
    panel.preview.click()
    panel.confirm.value = True
    panel.select(second)  # one more person: the confirmation named only the first
    assert panel.confirm.value is False
    assert panel.apply.disabled


def test_messages_follow_every_change(sandbox: PanelSandbox, admin: Session, target: str) -> None:
    panel = RolePanel(admin)
    panel.scope.value = workspace_scope(panel, target)
    panel.role.value = ROLE
    assert "at least one user or team" in panel.status.value
    panel.select(*two_people(sandbox))
    assert "at least one user or team" not in panel.status.value
    assert "Press Preview" in panel.status.value
    panel.role.value = ""
    assert "Choose a role" in panel.status.value


def test_a_name_nobody_has_is_refused_naming_it(admin: Session) -> None:
    panel = RolePanel(admin)
    panel.scope.value = ("organization", "acme-ml", "")
    with pytest.raises(InvalidArgument, match=r"ghost@nowhere\.example"):
        panel.select("ghost@nowhere.example")
