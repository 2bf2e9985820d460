"""How plans and journals look in a notebook: statuses spelled out, tints that work on both themes."""

from __future__ import annotations

import pytest

from zpro_nb.changes import Change, Journal
from zpro_nb.changes.rendering import TINTS

from .conftest import SheetSession

pytestmark = pytest.mark.anyio


async def test_plan_html_shows_summary_statuses_and_problems(session: SheetSession) -> None:
    plan = await session.plan_role_assignments(
        "user,role,workspace\nalice,Workspace Viewer,ml-prod\nbob,Workspace Viewer,ml-prod\n"
        "<script>,Workspace Viewer,ml-prod\n",
        organization="acme-ml",
    )
    page = plan._repr_html_()
    assert "1 to add, 0 to remove, 1 already in place, 1 error" in page
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    for status in ("to add", "already in place", "error"):
        assert f"<b>{status}</b>" in page
        assert TINTS[status] in page
    assert "fix" in page
    # translucent tints over the theme's background, text colour left to the theme
    assert all(t.startswith("rgba(") for t in TINTS.values())
    assert "color:inherit" in page


async def test_plan_html_hides_problem_columns_when_there_are_none(session: SheetSession) -> None:
    plan = await session.plan_role_assignments(
        "user,role,workspace\nbob,Workspace Viewer,ml-prod\n", organization="acme-ml"
    )
    assert ">problem<" not in plan._repr_html_()
    assert ">outcome<" not in plan._repr_html_()


def test_journal_html_lists_changes_newest_first() -> None:
    journal = Journal()
    journal.record(Change(kind="add_team_member", team="a", team_id="1", user="x@y.z", user_id="2"))
    journal.record(Change(kind="add_team_member", team="b", team_id="3", user="x@y.z", user_id="2"))
    page = journal._repr_html_()
    assert "Journal: 2 changes" in page
    assert page.index("team &#x27;b&#x27;") < page.index("team &#x27;a&#x27;")
