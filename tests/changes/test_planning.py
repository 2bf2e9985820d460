"""Planning from sheets against frames built here: diffs, summaries, and every kind of bad row."""

from __future__ import annotations

import pandas as pd
import pytest

from zpro_nb.errors import PlanHasErrors

from .bad_sheet import Names, bad_sheet
from .conftest import SheetSession


class Problems:
    """All messages and fixes reported on one row."""

    def __init__(self) -> None:
        self.message = ""
        self.fix = ""

    def add(self, message: str, fix: str) -> None:
        self.message += message + "\n"
        self.fix += fix + "\n"


pytestmark = pytest.mark.anyio

NAMES = Names(
    org="acme-ml",
    other_org="acme-research",
    user="alice@acme.example",
    username="alice",
    other_user="bob@acme.example",
    team="data-science",
    other_team="researchers",
    workspace="ml-prod",
    other_workspace="research-lab",
    other_workspace_id="w-lab",
    ambiguous_workspace="shared",
    org_role="Organization Member",
    ws_role="Workspace Developer",
    project_role="Project Reader",
    other_org_role_id="r-rs-workspace-viewer",
)


async def test_plan_diffs_against_the_live_state(session: SheetSession) -> None:
    sheet = pd.DataFrame(
        {
            "Email": ["alice@acme.example", "bob", "carol@acme.example", "alice", ""],
            "Team": ["", "", "", "", "data-science"],
            "Role Name": [
                "Workspace Viewer",
                "Workspace Admin",
                "Organization Viewer",
                "Organization Member",
                "Workspace Developer",
            ],
            "Workspace": ["ml-prod", "ml-staging", "", "", "ml-staging"],
            "Action": ["assign", "", "ASSIGN", "revoke", "revoke"],
        }
    )
    plan = await session.plan_role_assignments(sheet, organization="acme-ml")
    assert plan.frame["status"].tolist() == [
        "already in place",
        "to add",
        "to add",
        "to remove",
        "to remove",
    ]
    assert str(plan) == "2 to add, 2 to remove, 1 already in place, 0 errors"
    assert plan.summary() == str(plan)
    assert plan.frame["row"].tolist() == [2, 3, 4, 5, 6]
    change = plan.changes[1]
    assert (change.kind, change.user_id, change.role_id, change.workspace_id) == (
        "assign_role",
        "u-bob",
        "r-ml-workspace-admin",
        "w-staging",
    )
    assert plan.frame.loc[4, "team"] == "data-science"


async def test_organization_is_inferred_from_the_workspace_or_team(session: SheetSession) -> None:
    plan = await session.plan_role_assignments(
        "user,team,role,workspace\nbob,,Workspace Viewer,research-lab\n,platform,Workspace Viewer,ml-prod\n"
    )
    assert plan.errors == []
    assert [c.organization for c in plan.changes] == ["acme-research", "acme-ml"]


async def test_organization_role_without_organization_is_ambiguous_with_two_organizations(
    session: SheetSession,
) -> None:
    plan = await session.plan_role_assignments("user,role\nbob,Organization Viewer\n")
    [problem] = plan.errors
    assert "which organization" in problem.message
    assert "'organization' column" in problem.fix
    assert problem.row == 2


async def test_a_plan_with_errors_cannot_be_applied(session: SheetSession) -> None:
    plan = await session.plan_role_assignments(
        "user,role,workspace\nbob,Workspace Veiwer,ml-prod\n", organization="acme-ml"
    )
    assert str(plan) == "0 to add, 0 to remove, 0 already in place, 1 error"
    with pytest.raises(PlanHasErrors) as caught:
        await plan.apply()
    text = str(caught.value)
    assert "nothing was changed" in text
    assert "row 2" in text
    assert "did you mean 'Workspace Viewer'" in text


async def test_every_mistake_in_a_row_is_reported_at_once(session: SheetSession) -> None:
    plan = await session.plan_role_assignments(
        "user,role,workspace\nbob,Workspace Veiwer,ml-stagin\n", organization="acme-ml"
    )
    assert [p.column for p in plan.errors] == ["workspace", "role"]
    frame = plan.frame
    problem, fix = frame.loc[0, "problem"], frame.loc[0, "fix"]
    assert "no workspace called 'ml-stagin'" in problem
    assert "no role called 'Workspace Veiwer'" in problem
    assert "did you mean 'ml-staging'" in fix
    assert "did you mean 'Workspace Viewer'" in fix
    with pytest.raises(PlanHasErrors) as caught:
        await plan.apply()
    assert "ml-stagin" in str(caught.value)
    assert "Workspace Veiwer" in str(caught.value)


async def test_every_mistake_is_reported_without_the_organization_to_infer_from(
    session: SheetSession,
) -> None:
    # the workspace would have said which organization; its typo is one mistake, not two
    plan = await session.plan_role_assignments(
        "user,role,workspace,action\nbobb@acme.example,Workspace Veiwer,ml-stagin,asign\n"
    )
    columns = [p.column for p in plan.errors]
    assert sorted(c or "" for c in columns) == ["action", "role", "user", "workspace"], plan.errors
    assert not any("which organization" in p.message for p in plan.errors)


async def test_team_and_invitation_rows_report_every_mistake(session: SheetSession) -> None:
    teams = await session.plan_team_members("team,user\ndata-scince,bobb@acme.example\n")
    assert sorted(p.column or "" for p in teams.errors) == ["team", "user"]
    invites = await session.plan_invitations(
        "email,role,organization\nnot-an-email,Organization Membr,acme-ml\n"
    )
    assert sorted(p.column or "" for p in invites.errors) == ["email", "role"]


async def test_thirty_kinds_of_bad_row_are_each_reported_on_their_row(session: SheetSession) -> None:
    data, bad, good = bad_sheet(NAMES)
    plan = await session.plan_role_assignments(data)
    reported = {p.row for p in plan.errors}
    missing = {row: why for row, why in bad.items() if row not in reported}
    assert missing == {}
    assert not reported & set(good)
    assert all(p.fix for p in plan.errors)
    frame = plan.frame
    for row in good:
        assert frame.loc[frame["row"] == row, "status"].tolist() == ["to add"]
    by_row: dict[int | None, Problems] = {}
    for p in plan.errors:
        by_row.setdefault(p.row, Problems()).add(p.message, p.fix)
    assert "did you mean 'alice@acme.example'" in by_row[4].fix
    assert "did you mean 'Workspace Developer'" in by_row[7].fix
    assert "did you mean 'ml-prod'" in by_row[9].fix
    assert "organization role" in by_row[11].message
    assert "needs a workspace" in by_row[12].message
    assert "repeats row 2" in by_row[18].message
    assert "undoes row 2" in by_row[19].message
    assert "several organizations" in by_row[21].message
    assert "repeats row 2" in by_row[27].message
    assert "not UTF-8" in by_row[29].message
    assert "malformed" in by_row[33].message
    with pytest.raises(PlanHasErrors):
        await plan.apply()


async def test_team_member_sheet(session: SheetSession) -> None:
    plan = await session.plan_team_members(
        "Team Name,User,action\ndata-science,bob@acme.example,add\ndata-science,carol,\n"
        "platform,carol,remove\n"
        "platform,dave,leave\nresearchers,erin,join\n"
    )
    assert plan.frame["status"].tolist() == [
        "already in place",
        "to add",
        "to remove",
        "already in place",
        "to add",
    ]
    assert "team_members:t-ds" in session.calls
    assert "team_members:t-rs" in session.calls


async def test_invitation_sheet(session: SheetSession) -> None:
    plan = await session.plan_invitations(
        "email,role,organization\n"
        "pending@acme.example,Organization Member,acme-ml\n"
        "old@acme.example,Organization Member,acme-ml\n"
        "new@acme.example,Organization Viewer,acme-research\n"
        "not-an-email,Organization Member,acme-ml\n"
        "x@acme.example,Workspace Viewer,acme-ml\n"
    )
    assert plan.frame["status"].tolist() == ["already in place", "to add", "to add", "error", "error"]
    problems = {p.row: p for p in plan.errors}
    assert "not an email address" in problems[5].message
    assert "organization role" in problems[6].message


async def test_cancelling_an_invitation_resolves_its_id(session: SheetSession) -> None:
    plan = await session.plan_invitations(
        "email,role,action\npending@acme.example,Organization Member,cancel\n"
        "none@acme.example,Organization Member,cancel\n",
        organization="acme-ml",
    )
    assert plan.frame["status"].tolist() == ["to remove", "already in place"]
    assert plan.changes[0].invitation_id == "i-1"


async def test_header_problems_stop_row_checks_and_name_the_fix(session: SheetSession) -> None:
    plan = await session.plan_role_assignments("usr,rol\nalice,Workspace Viewer\n")
    assert [p.row for p in plan.errors] == [1, 1]
    assert {p.fix for p in plan.errors} >= {"rename it to 'role'"}
    assert "1 error" not in str(plan)


async def test_unreadable_input_reads_nothing_live(session: SheetSession) -> None:
    plan = await session.plan_role_assignments(b"\xff\xfeu\x00")
    assert "UTF-16" in plan.errors[0].message
    assert session.calls == []


async def test_live_state_is_read_concurrently_once_per_organization(session: SheetSession) -> None:
    await session.plan_role_assignments("user,role,workspace\nbob,Workspace Viewer,ml-prod\n")
    assert sorted(session.calls) == sorted(
        ["organizations", "users"]
        + [
            f"{what}:{org}"
            for org in ("org-ml", "org-rs")
            for what in ("teams", "roles", "workspaces", "role_assignments")
        ]
    )


async def test_a_plan_with_errors_is_a_zpro_error_with_advice(session: SheetSession) -> None:
    import pickle

    from zpro_nb import ZProError

    plan = await session.plan_role_assignments("user,role,workspace\nbob,Workspace Veiwer,ml-prod\n")
    with pytest.raises(PlanHasErrors) as caught:
        await plan.apply()
    assert isinstance(caught.value, ZProError)
    assert isinstance(caught.value, ValueError)
    assert "plan.frame" in (caught.value.fix or "")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert copy.problems == caught.value.problems
