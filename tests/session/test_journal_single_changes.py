"""Single changes made through Session methods enter the journal, and undo reverses them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import zpro_nb
from zpro_nb import Session


@pytest.fixture
def s() -> Iterator[Session]:
    session = zpro_nb.sandbox()
    yield session
    session.close()


def _holders(s: Session, role: str, workspace: str) -> set[str]:
    frame = s.role_assignments(workspace=workspace, progress=False)
    return set(frame.loc[frame["role_name"] == role, "username"].dropna())


def test_assign_and_revoke_are_journaled_and_undone(s: Session) -> None:
    workspace = s.workspaces(status="available")["name"].iloc[0]
    org = s.get_workspace(workspace).organization.name
    users = s.users()
    holders = _holders(s, "Workspace Viewer", workspace)
    newcomer = next(u for u in users["username"] if u not in holders)
    before = _holders(s, "Workspace Viewer", workspace)

    s.assign_role("Workspace Viewer", user=newcomer, workspace=workspace, organization=org)
    assert newcomer in _holders(s, "Workspace Viewer", workspace)
    journal = s.journal.frame
    assert list(journal["action"]) == ["assign_role"]
    assert journal["user"].iloc[0] == newcomer
    assert journal["actor"].iloc[0] == s.whoami().username

    s.journal.undo(last=1, confirm=True)
    assert _holders(s, "Workspace Viewer", workspace) == before


def test_a_refused_change_is_not_journaled(s: Session) -> None:
    workspace = s.workspaces(status="available")["name"].iloc[0]
    org = s.get_workspace(workspace).organization.name
    frame = s.role_assignments(workspace=workspace, progress=False)
    held = frame.dropna(subset=["username"]).iloc[0]
    with pytest.raises(zpro_nb.Conflict):
        s.assign_role(held["role_name"], user=held["username"], workspace=workspace, organization=org)
    assert s.journal.frame.empty


def test_team_membership_and_invitation_are_journaled(s: Session) -> None:
    team = s.teams()["name"].iloc[0]
    org = s.get_team(team).organization_id
    members = set(s.team_members(team)["username"])
    outsider = next(u for u in s.users()["username"] if u not in members)
    s.add_team_member(team, outsider)
    s.invite_user("new.person@acme.example", "Organization Member", organization=org)
    assert list(s.journal.frame["action"]) == ["add_team_member", "invite_user"]

    s.journal.undo(last=2, confirm=True)
    assert set(s.team_members(team)["username"]) == members
    pending = s.invitations(pending_only=True)
    assert "new.person@acme.example" not in set(pending["email"])
