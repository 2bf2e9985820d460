"""The workspace panel on the sandbox: live name checks, one create, progress, the URL or the error."""

from __future__ import annotations

from typing import Any

from fixtures_sandbox import PanelSandbox

from zpro_nb.notebook_session import Session
from zpro_nb.widgets.scheduling import ManualScheduler
from zpro_nb.widgets.workspace_panel import WorkspacePanel


def panel_for(session: Session, scheduler: ManualScheduler) -> WorkspacePanel:
    return WorkspacePanel(session, scheduler=scheduler, debounce_seconds=0.4, poll_seconds=2.0)


def held(sandbox: PanelSandbox, name: str) -> list[dict[str, Any]]:
    """Workspaces of that name the sandbox now holds."""
    found = sandbox.get("/workspaces", workspace_name=name)
    return [w for w in found if w["name"] == name]


def test_organizations_are_offered(admin: Session, scheduler: ManualScheduler) -> None:
    panel = panel_for(admin, scheduler)
    assert list(panel.organization.options) == ["acme-ml", "acme-research"]
    assert panel.organization.value == "acme-ml"
    assert panel.create.disabled


def test_a_name_against_the_rules_is_answered_locally(admin: Session, scheduler: ManualScheduler) -> None:
    panel = panel_for(admin, scheduler)
    panel.name.value = "Bad_Name"
    assert "lowercase letters" in panel.name_status.value
    assert scheduler.pending == 0  # no server check scheduled for a name the API would refuse anyway
    assert panel.create.disabled


def test_a_good_name_is_checked_by_the_server_once_typing_pauses(
    admin: Session, scheduler: ManualScheduler
) -> None:
    panel = panel_for(admin, scheduler)
    for partial in ("f", "fr", "fraud", "fraud-det", "fraud-detection"):
        panel.name.value = partial
    assert "Checking" in panel.name_status.value
    assert panel.create.disabled
    assert scheduler.advance(0.4) == 1  # one server call for the whole burst of typing
    assert "fraud-detection is available" in panel.name_status.value
    assert panel.valid
    assert not panel.create.disabled
    assert panel.display_name.value == "Fraud Detection"


def test_a_taken_name_shows_the_servers_words(
    sandbox: PanelSandbox, admin: Session, scheduler: ManualScheduler
) -> None:
    taken = next(w["name"] for w in sandbox.get("/workspaces", organization_id=sandbox.org_id("acme-ml")))
    panel = panel_for(admin, scheduler)
    panel.name.value = taken
    scheduler.advance(0.4)
    assert "zpro-msg-error" in panel.name_status.value
    assert "Already exists" in panel.name_status.value
    assert taken in panel.name_status.value
    assert panel.create.disabled


def test_a_display_name_typed_by_hand_is_kept(admin: Session, scheduler: ManualScheduler) -> None:
    panel = panel_for(admin, scheduler)
    panel.name.value = "churn"
    assert panel.display_name.value == "Churn"
    panel.display_name.value = "Customer churn models"
    panel.name.value = "churn-v2"
    assert panel.display_name.value == "Customer churn models"


def test_create_once_follow_the_deployment_and_show_the_url(
    sandbox: PanelSandbox, admin: Session, scheduler: ManualScheduler
) -> None:
    panel = panel_for(admin, scheduler)
    panel.organization.value = "acme-research"
    panel.name.value = "panel-made"
    panel.description.value = "made by the panel test"
    scheduler.advance(0.4)

    panel.create.click()
    assert panel.create.disabled  # no double create
    panel.create.click()  # a second click while it deploys does nothing
    assert "being deployed" in panel.result.value
    assert panel.progress.layout.display == "flex"
    [made] = held(sandbox, "panel-made")
    assert made["status"] == "pending"
    assert made["organization"]["name"] == "acme-research"
    assert made["display_name"] == "Panel Made"
    assert made["description"] == "made by the panel test"

    scheduler.advance(2.0)
    assert "pending" in panel.result.value  # still deploying in sandbox time
    assert "pending · 2 s waited" in panel.progress.value  # the state and the time, never a frozen 0/?

    sandbox.advance(10)
    scheduler.advance(2.0)
    assert "is available" in panel.result.value
    url = held(sandbox, "panel-made")[0]["zenml_service"]["status"]["server_url"]
    assert url
    assert f'href="{url}"' in panel.result.value
    assert panel.progress.layout.display == "none"
    assert scheduler.pending == 0  # polling stopped
    assert len(held(sandbox, "panel-made")) == 1
    assert panel.create.disabled  # the name is taken now


def test_a_failed_deployment_shows_the_reason(
    sandbox: PanelSandbox, admin: Session, scheduler: ManualScheduler
) -> None:
    panel = panel_for(admin, scheduler)
    panel.name.value = "will-fail"
    scheduler.advance(0.4)
    panel.create.click()
    sandbox.advance(10)
    scheduler.advance(2.0)
    assert "failed to deploy" in panel.result.value
    reason = held(sandbox, "will-fail")[0]["state_reason"]
    assert reason
    assert reason.split(":")[0] in panel.result.value


def test_a_refused_create_shows_the_server_error_and_keeps_the_input(
    sandbox: PanelSandbox, scheduler: ManualScheduler
) -> None:
    viewer = sandbox.session("viewer")
    panel = panel_for(viewer, scheduler)
    panel.name.value = "viewer-try"
    panel.description.value = "kept"
    scheduler.advance(0.4)
    assert not panel.create.disabled  # the name is fine: the refusal comes with the create
    panel.create.click()
    assert "Not allowed: This needs the Organization Manager or Organization Admin role" in panel.result.value
    assert panel.name.value == "viewer-try"
    assert panel.description.value == "kept"
    assert held(sandbox, "viewer-try") == []


def test_rerunning_the_cell_gives_back_the_same_values(admin: Session) -> None:
    first: Any = admin.workspace_panel(scheduler=ManualScheduler())  # type: ignore[attr-defined]
    first.name.value = "keep-me"
    again = admin.workspace_panel()  # type: ignore[attr-defined]
    assert again is first
    assert again.name.value == "keep-me"


def test_closing_stops_the_polling(sandbox: PanelSandbox, admin: Session, scheduler: ManualScheduler) -> None:
    panel = panel_for(admin, scheduler)
    panel.name.value = "closing-soon"
    scheduler.advance(0.4)
    panel.create.click()
    assert scheduler.pending == 1
    panel.close()
    assert scheduler.pending == 0
    assert scheduler.advance(60) == 0


def test_the_same_name_is_checked_again_in_another_organization(
    sandbox: PanelSandbox, admin: Session, scheduler: ManualScheduler
) -> None:
    taken = next(w["name"] for w in sandbox.get("/workspaces", organization_id=sandbox.org_id("acme-ml")))
    panel = panel_for(admin, scheduler)
    panel.name.value = taken
    scheduler.advance(0.4)
    assert panel.create.disabled
    panel.organization.value = "acme-research"
    assert panel.create.disabled  # until the server has answered for the new organization
    scheduler.advance(0.4)
    assert f"{taken} is available" in panel.name_status.value
    assert not panel.create.disabled


def test_a_workspace_gone_while_deploying_is_reported_and_polling_ends(
    sandbox: PanelSandbox, admin: Session, scheduler: ManualScheduler
) -> None:
    panel = WorkspacePanel(admin, scheduler=scheduler, poll_seconds=2.0, max_wait_seconds=6.0)
    panel.name.value = "short-lived"
    scheduler.advance(0.4)
    panel.create.click()
    admin.delete_workspace("short-lived")

    scheduler.advance(2.0)
    assert "Could not check the workspace (Not found" in panel.result.value
    assert "still trying" in panel.result.value
    scheduler.advance(4.0)
    assert "gave up" in panel.result.value
    assert "dashboard" in panel.result.value
    assert "s.get_workspace(" not in panel.result.value  # a panel never advises code
    assert scheduler.pending == 0


def test_the_last_outcome_goes_when_the_next_name_is_typed(
    sandbox: PanelSandbox, admin: Session, scheduler: ManualScheduler
) -> None:
    panel = panel_for(admin, scheduler)
    panel.name.value = "first-of-two"
    scheduler.advance(0.4)
    panel.create.click()
    sandbox.advance(10)
    scheduler.advance(2.0)
    assert "first-of-two</b> is available" in panel.result.value
    panel.name.value = "second-of-two"
    assert "first-of-two" not in panel.result.value
