"""The role panel against the sandbox: scope, role by level, searchable choice, preview, apply, revoke."""

from __future__ import annotations

from typing import Any

from zpro_nb.session import Session
from zpro_nb.widgets.role_panel import RolePanel

from .conftest import Sandbox

ROLE = "Workspace Viewer"


def workspace_scope(panel: RolePanel, org: str = "acme-ml") -> tuple[str, str, str]:
    """The first workspace scope of ``org`` offered by the panel."""
    return next(v for _label, v in panel.scope.options if v[0] == "workspace" and v[1] == org)


def holders(sandbox: Sandbox, role: str, workspace: str) -> set[str]:
    """Emails of users holding ``role`` directly in ``workspace``, read raw from the sandbox."""
    org_id = sandbox.org_id("acme-ml")
    role_id = next(r["id"] for r in sandbox.get(f"/organizations/{org_id}/roles") if r["name"] == role)
    ws_id = next(
        w["id"] for w in sandbox.get("/workspaces", workspace_name=workspace) if w["name"] == workspace
    )
    found = sandbox.get(f"/roles/{role_id}/assignments", workspace_id=ws_id)
    return {a["user"]["email"] for a in found if a.get("user")}


def two_newcomers(sandbox: Sandbox, workspace: str) -> list[str]:
    """Two active human users without the role in that workspace yet."""
    have = holders(sandbox, ROLE, workspace)
    users = sandbox.get("/users")
    free = [
        u["email"]
        for u in users
        if u.get("email")
        and u.get("is_active", True)
        and not u.get("is_service_account")
        and u["email"] not in have
    ]
    return sorted(free)[:2]


def test_roles_follow_the_scopes_level(admin: Session) -> None:
    panel = RolePanel(admin)
    levels = {v[0] for _label, v in panel.scope.options}
    assert levels == {"organization", "workspace"}
    panel.scope.value = next(v for _label, v in panel.scope.options if v[0] == "organization")
    assert "Organization Viewer" in panel.role.options
    assert ROLE not in panel.role.options
    panel.scope.value = workspace_scope(panel)
    assert ROLE in panel.role.options
    assert "Organization Viewer" not in panel.role.options


def test_search_filters_and_hidden_choices_are_kept(sandbox: Sandbox, admin: Session) -> None:
    panel = RolePanel(admin)
    panel.scope.value = workspace_scope(panel)
    first, second = two_newcomers(sandbox, panel.scope.value[2])

    panel.search.value = first
    assert [p for _label, p in panel.members.options] == [("user", first)]
    panel.members.value = (("user", first),)
    panel.search.value = second
    assert [p for _label, p in panel.members.options] == [("user", second)]
    panel.members.value = (("user", second),)
    panel.search.value = "team"
    assert all(p[0] == "team" for _label, p in panel.members.options)
    assert panel.members.options  # the teams of the organization are offered too

    assert panel.selected == [("user", first), ("user", second)]
    assert "2 chosen" in panel.chosen.value


def test_preview_then_apply_assigns_the_role_to_two_users(sandbox: Sandbox, admin: Session) -> None:
    panel = RolePanel(admin)
    scope = workspace_scope(panel)
    panel.scope.value = scope
    panel.role.value = ROLE
    people = two_newcomers(sandbox, scope[2])
    panel.select(*people)

    panel.preview.click()
    assert panel.plan_view.value.count("gains the role") == 2
    assert not panel.apply.disabled
    assert holders(sandbox, ROLE, scope[2]).isdisjoint(people)  # a preview changes nothing

    panel.apply.click()
    assert panel.apply.disabled  # no double apply
    assert panel.result_view.value.count("assigned") == 2
    assert "2 row(s) in place, 0 failed" in panel.status.value
    assert set(people) <= holders(sandbox, ROLE, scope[2])

    panel.preview.click()  # the same choice again: nothing left to do
    assert panel.plan_view.value.count("already has it") == 2
    assert panel.apply.disabled


def test_revoke_mode_takes_the_role_away(sandbox: Sandbox, admin: Session) -> None:
    panel = RolePanel(admin)
    scope = workspace_scope(panel)
    panel.scope.value = scope
    panel.role.value = ROLE
    people = two_newcomers(sandbox, scope[2])
    panel.select(*people)
    panel.preview.click()
    panel.apply.click()
    assert set(people) <= holders(sandbox, ROLE, scope[2])

    panel.mode.value = "revoke"
    assert panel.apply.disabled  # the old plan no longer matches the choice
    panel.preview.click()
    assert panel.plan_view.value.count("loses the role") == 2
    panel.apply.click()
    assert panel.result_view.value.count("revoked") == 2
    assert holders(sandbox, ROLE, scope[2]).isdisjoint(people)


def test_a_refused_change_is_reported_per_row_with_the_reason(sandbox: Sandbox) -> None:
    viewer = sandbox.session("viewer")
    panel = RolePanel(viewer)
    scope = workspace_scope(panel)
    panel.scope.value = scope
    panel.role.value = ROLE
    people = two_newcomers(sandbox, scope[2])
    panel.select(*people)
    panel.preview.click()
    panel.apply.click()
    assert panel.result_view.value.count("failed") == 2
    assert "zpro-msg-error" in panel.status.value
    assert holders(sandbox, ROLE, scope[2]).isdisjoint(people)


def test_preview_needs_people_and_a_role(admin: Session) -> None:
    panel = RolePanel(admin)
    panel.preview.click()
    assert "Choose at least one" in panel.status.value
    assert panel.apply.disabled


def test_the_sheet_is_what_a_runbook_would_pass(sandbox: Sandbox, admin: Session) -> None:
    panel = RolePanel(admin)
    scope = workspace_scope(panel)
    panel.scope.value = scope
    panel.role.value = ROLE
    people = two_newcomers(sandbox, scope[2])
    panel.select(*people)
    sheet: Any = panel.sheet()
    assert list(sheet["user"]) == people
    assert set(sheet["workspace"]) == {scope[2]}
    assert set(sheet["role"]) == {ROLE}
    assert set(sheet["action"]) == {"assign"}


def test_rerunning_the_cell_keeps_the_choices(admin: Session) -> None:
    first: Any = admin.role_panel()  # type: ignore[attr-defined]
    first.scope.value = workspace_scope(first)
    first.role.value = ROLE
    again = admin.role_panel()  # type: ignore[attr-defined]
    assert again is first
    assert again.role.value == ROLE
