"""``s.offboarding_plan(user)`` on the in-process sandbox: what a person holds, the plans, apply."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import zpro_nb
from zpro_nb.notebook_session import Session

LEAVER = "noah.romero@acme.example"  # the seed's example leaver: 3 direct roles, 4 teams


@pytest.fixture
def s() -> Iterator[Session]:
    session = zpro_nb.sandbox()
    yield session
    session.close()


def held_by(s: Session, user_id: str) -> tuple[int, set[str]]:
    """Direct role assignments and team names of one user, read without the view."""
    roles = s.role_assignments(progress=False)
    teams = {
        str(t.name) for t in s.teams().itertuples() if (s.team_members(t.id)["user_id"] == user_id).any()
    }
    return int((roles["user_id"] == user_id).sum()), teams


def test_plan_lists_what_the_person_holds_as_a_table_and_changes_nothing(s: Session) -> None:
    person = s.get_user(LEAVER)
    roles_before, teams_before = held_by(s, person.id)
    plan = s.offboarding_plan(LEAVER, progress=False)

    assert plan.who == LEAVER
    table = plan.table
    assert list(table.columns) == ["kind", "what", "organization", "workspace", "plan"]
    assert set(table[table["kind"] == "team"]["what"]) == teams_before
    assert (table["kind"] == "role").sum() == roles_before
    assert set(table[table["kind"] == "role"]["plan"]) == {"revoke"}
    kept = table[table["kind"] == "role through a team"]
    assert len(kept)
    assert set(kept["plan"]) == {"gone with the team; the team keeps it"}
    assert (
        plan.plans["teams"].summary()
        == f"0 to add, {len(teams_before)} to remove, 0 already in place, 0 errors"
    )
    assert (
        plan.plans["roles"].summary() == f"0 to add, {roles_before} to remove, 0 already in place, 0 errors"
    )
    assert plan.problems == []
    assert (
        plan.summary()
        == f"{LEAVER}: remove from {len(teams_before)} team(s), revoke {roles_before} role(s), "
        "cancel 0 invitation(s)"
    )
    assert plan.dry_run_text(deactivate=True).startswith(f"DRY RUN: nothing was changed for {LEAVER}.")
    assert plan.dry_run_text(deactivate=True).endswith("and deactivate the account.")
    html = plan._repr_html_()
    assert "zpro-offboard-table" in html
    assert "data-science" in html
    assert held_by(s, person.id) == (roles_before, teams_before)  # building the plan changed nothing


def test_pending_invitation_to_the_email_is_planned_for_cancelling(s: Session) -> None:
    s.invite_user(LEAVER, "Organization Viewer", organization="acme-research")
    plan = s.offboarding_plan(LEAVER, progress=False)
    invitations = plan.table[plan.table["kind"] == "invitation"]
    assert list(invitations["organization"]) == ["acme-research"]
    assert list(invitations["plan"]) == ["cancel"]
    assert plan.plans["invitations"].summary() == "0 to add, 1 to remove, 0 already in place, 0 errors"


def test_apply_takes_everything_away_and_says_what_was_not_changed(s: Session) -> None:
    person = s.get_user(LEAVER)
    plan = s.offboarding_plan(LEAVER, progress=False)
    outcome = plan.apply()

    assert held_by(s, person.id) == (0, set())
    assert outcome.left == 0
    assert not outcome.deactivated
    text = str(outcome)
    assert f"CHANGED for {LEAVER}:" in text
    assert "removed from team: data-science / acme-ml" in text
    assert "revoked role: Workspace Developer / forecasting / acme-ml" in text
    assert "the account (deactivate=False): still active" in text
    assert "Left after the changes: 0 direct role(s)" in text
    assert set(outcome.results["outcome"]) == {"done"}
    # Running it again (as after an interruption) sends nothing twice.
    again = plan.apply()
    assert set(again.results["outcome"]) == {"done"}
    assert held_by(s, person.id) == (0, set())


def test_apply_with_deactivate_locks_the_account(s: Session) -> None:
    outcome = s.offboarding_plan("viewer", progress=False).apply(deactivate=True)
    assert outcome.deactivated
    assert "Account of viewer@acme.example: deactivated" in str(outcome)
    assert "account deactivated: they can no longer sign in" in str(outcome)


def test_a_person_offboarded_from_every_organization_is_no_longer_found(s: Session) -> None:
    outcome = s.offboarding_plan(LEAVER, progress=False).apply()
    # Organizations stop listing a person whose organization role is gone: the report says so.
    assert outcome.account == "no longer listed in your organizations"
    with pytest.raises(zpro_nb.NotFound):
        s.offboarding_plan(LEAVER, progress=False)


def test_unknown_user_is_refused_before_anything_is_read(s: Session) -> None:
    with pytest.raises(zpro_nb.NotFound):
        s.offboarding_plan("nobody@nowhere.example", progress=False)
