"""Header matching: aliases, case and spaces, misspellings with the right name, missing columns."""

from __future__ import annotations

from zpro_nb.changes.columns import match_columns, normalize_header
from zpro_nb.changes.planning import SPECS


def test_normalize_header_ignores_case_spaces_and_hyphens() -> None:
    assert normalize_header("  Role Name ") == "role_name"
    assert normalize_header("Workspace-Name") == "workspace_name"
    assert normalize_header("E.Mail") == "e_mail"


def test_aliases_map_to_canonical_columns() -> None:
    match = match_columns(
        ["Email", "Role Name", "WORKSPACE_NAME", "Org"], SPECS["role_assignments"], one_of=[("user", "team")]
    )
    assert match.problems == []
    assert match.positions == {"user": 0, "role": 1, "workspace": 2, "organization": 3}


def test_unrelated_columns_are_ignored() -> None:
    match = match_columns(["user", "role", "notes"], SPECS["role_assignments"], one_of=[("user", "team")])
    assert match.problems == []
    assert match.ignored == ["notes"]


def test_misspelt_column_gets_the_right_name() -> None:
    match = match_columns(["user", "rol", "worksapce"], SPECS["role_assignments"], one_of=[("user", "team")])
    fixes = {p.column: p.fix for p in match.problems}
    assert fixes == {"rol": "rename it to 'role'", "worksapce": "rename it to 'workspace'"}
    assert all(p.row == 1 for p in match.problems)


def test_missing_required_column_names_what_the_header_has() -> None:
    match = match_columns(["user", "workspace"], SPECS["role_assignments"], one_of=[("user", "team")])
    [problem] = match.problems
    assert "'role' is missing" in problem.message
    assert "'user', 'workspace'" in problem.message
    assert problem.fix.startswith("add a 'role' column")


def test_neither_user_nor_team_column() -> None:
    match = match_columns(["role", "workspace"], SPECS["role_assignments"], one_of=[("user", "team")])
    assert any("'user' or 'team'" in p.message for p in match.problems)


def test_two_columns_for_the_same_thing_are_a_problem() -> None:
    match = match_columns(["email", "user", "role"], SPECS["role_assignments"], one_of=[("user", "team")])
    assert ["both give the user" in p.message for p in match.problems] == [True]
