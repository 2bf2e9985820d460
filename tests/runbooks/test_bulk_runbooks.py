"""Runbooks 03 (onboard a team) and 04 (offboard a user), headless against a sandbox server.

The kernel is pointed at a sandbox server process (signed in with the run's canary token), so what
the runbook changed can be read back over HTTP from here: the in-process sandbox would live and die
inside the kernel. Each test gets its own server, so the seed is the same every time.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import nbformat
import pandas as pd
import pytest
from canary_plugin import CanaryCredentials, canary_credentials
from fixtures_sandbox import start_sandbox_server

import zpro_nb
from zpro_nb.changes import Journal
from zpro_nb.runbooks import (
    SANDBOX_URL_ENV,
    TOKEN_ENV,
    URL_ENV,
    RunResult,
    SandboxServer,
    execute_notebook,
)

from .notebook_files import ROOT, all_text

ONBOARD = ROOT / "notebooks" / "03-onboard-team.ipynb"
OFFBOARD = ROOT / "notebooks" / "04-offboard-user.ipynb"
LEAVER = "noah.romero@acme.example"  # 04's default: 3 direct roles, 4 teams

# What notebooks/data/onboard-team.csv adds to the seed: (principal, role, workspace, organization).
ONBOARDED = {
    ("team mlops-oncall", "Workspace Contributor", "production", "acme-ml"),
    ("team mlops-oncall", "Workspace Contributor", "staging", "acme-ml"),
    ("team mlops-oncall", "Organization Viewer", "", "acme-ml"),
    ("jonas.varga@acme.example", "Workspace Developer", "forecasting", "acme-ml"),
    ("dalia.sato@acme.example", "Workspace Developer", "forecasting", "acme-ml"),
}

Assignment = tuple[str, str, str, str]


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with start_sandbox_server("--ready-delay", "0") as running:
        yield running


@pytest.fixture
def kernel_on_server(server: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> CanaryCredentials:
    """Point the runbooks' kernels at ``server`` with the canary token (its repr hides it)."""
    canaries = canary_credentials()
    monkeypatch.setenv(URL_ENV, server.url)
    monkeypatch.setenv(TOKEN_ENV, canaries.token)
    monkeypatch.setenv(SANDBOX_URL_ENV, server.url)
    return canaries


@pytest.fixture
def reader(server: SandboxServer) -> Iterator[zpro_nb.Session]:
    """A session of our own on the same server, to read back what the runbook did."""
    s = zpro_nb.connect(server.tokens["admin"], url=server.url)
    yield s
    s.close()


def run(path: Path, **parameters: object) -> RunResult:
    # secrets=[]: no scrubbing, so a token that reached an output would still be there to find.
    return execute_notebook(path, parameters, timeout=180, secrets=[])


def succeeded(result: RunResult) -> str:
    assert result.ok, result.failure.report() if result.failure else ""
    return all_text(result.notebook)


def assignments(s: zpro_nb.Session) -> set[Assignment]:
    orgs = dict(zip(s.organizations()["id"], s.organizations()["name"], strict=True))
    found: set[Assignment] = set()
    for a in s.role_assignments(progress=False).itertuples():
        if not pd.isna(a.team_name):
            who = f"team {a.team_name}"
        elif not pd.isna(a.invitation_email):
            who = f"invitation {a.invitation_email}"
        else:
            who = str(a.username)
        workspace = "" if pd.isna(a.workspace_name) else str(a.workspace_name)
        found.add((who, str(a.role_name), workspace, orgs[a.organization_id]))
    return found


def memberships(s: zpro_nb.Session) -> dict[str, set[str]]:
    return {str(t.name): set(s.team_members(t.id)["username"]) for t in s.teams().itertuples()}


def pending_invitations(s: zpro_nb.Session, email: str) -> list[str]:
    frame = s.invitations(pending_only=True)
    return list(frame[frame["email"].str.casefold() == email.casefold()]["id"])


def journal_lines(path: Path, canaries: CanaryCredentials) -> list[dict[str, object]]:
    text = path.read_text(encoding="utf-8")
    leaked = canaries.token in text  # asserted on a bool, so a failure report cannot print the token
    assert not leaked, f"{path.name} holds the token"
    return [json.loads(line) for line in text.splitlines()]


def test_onboarding_dry_run_changes_nothing_and_apply_lands(
    kernel_on_server: CanaryCredentials, reader: zpro_nb.Session, server: SandboxServer, tmp_path: Path
) -> None:
    canaries = kernel_on_server
    seed, seed_members = assignments(reader), memberships(reader)
    assert not ONBOARDED & seed

    dry_journal = tmp_path / "dry.journal.jsonl"
    dry = run(ONBOARD, journal_path=str(dry_journal))
    text = succeeded(dry)
    assert f"runbooks run on the sandbox at {server.url}" in text
    assert "role assignments: 5 to add, 0 to remove, 1 already in place, 0 errors" in text
    assert "team memberships: 2 to add, 0 to remove, 1 already in place, 0 errors" in text
    assert "Dry run: nothing was changed. 7 change(s) are planned above." in text
    assert "-p apply=True" in text
    assert assignments(reader) == seed
    assert memberships(reader) == seed_members
    assert not dry_journal.exists()

    journal = tmp_path / "onboard.journal.jsonl"
    wet = run(ONBOARD, apply=True, journal_path=str(journal))
    text = succeeded(wet)
    assert "applied: 5 done, 0 already, 0 failed, 0 not done" in text
    assert "applied: 2 done, 0 already, 0 failed, 0 not done" in text
    assert assignments(reader) == seed | ONBOARDED  # exactly the sheet's changes, nothing else
    after_members = memberships(reader)
    assert after_members["mlops-oncall"] == seed_members["mlops-oncall"] | {
        "jonas.varga@acme.example",
        "dalia.sato@acme.example",
    }
    assert {k: v for k, v in after_members.items() if k != "mlops-oncall"} == {
        k: v for k, v in seed_members.items() if k != "mlops-oncall"
    }

    lines = journal_lines(journal, canaries)
    assert Counter(str(line["action"]) for line in lines) == {"assign_role": 5, "add_team_member": 2}
    assert {str(line["actor"]) for line in lines} == {"admin"}
    assert len(Journal.from_jsonl(journal)) == 7  # a file the journal can load back, to undo from
    assert f"Journal: 7 change(s) written to {journal}" in text
    for result in (dry, wet):
        leaked = canaries.token in nbformat.writes(result.notebook)
        assert not leaked, "the executed notebook holds the token"


def test_onboarding_sheet_with_mistakes_shows_rows_and_fixes_and_changes_nothing(
    kernel_on_server: CanaryCredentials, reader: zpro_nb.Session, tmp_path: Path
) -> None:
    seed = assignments(reader)
    journal = tmp_path / "onboard.journal.jsonl"
    sheet = ROOT / "notebooks" / "data" / "onboard-team-with-mistakes.csv"
    result = run(ONBOARD, sheet=str(sheet), members_sheet=None, apply=True, journal_path=str(journal))
    assert result.failure is not None
    assert result.failure.ename == "ValueError"
    assert "Not applied: the sheets have 3 mistake(s)" in result.failure.evalue
    assert "Nothing was changed" in result.failure.evalue
    text = all_text(result.notebook)
    assert "0 to add, 0 to remove, 0 already in place, 3 errors" in text
    # Each mistake on its spreadsheet row, with the fix.
    assert (
        "role assignments, row 2, column 'workspace': no workspace called 'prodution' was found"
        " — fix: did you mean 'production'?"
    ) in text
    assert "role assignments, row 3, column 'role': no role called 'Workspace Develper' was found" in text
    assert "row 4, column 'workspace': 'Organization Viewer' is an organization role" in text
    assert "fix: leave the workspace cell blank" in text
    assert assignments(reader) == seed
    assert not journal.exists()


def test_offboarding_dry_run_changes_nothing_and_apply_takes_everything_away(
    kernel_on_server: CanaryCredentials, reader: zpro_nb.Session, server: SandboxServer, tmp_path: Path
) -> None:
    canaries = kernel_on_server
    # A pending invitation to the leaver's email, in the other organization: 04 must cancel it too.
    reader.invite_user(LEAVER, "Organization Viewer", organization="acme-research")
    seed, seed_members = assignments(reader), memberships(reader)
    held = {a for a in seed if a[0] in (LEAVER, f"invitation {LEAVER}")}
    assert len(held) == 4  # 3 roles, and the role the invitation carries
    teams = {team for team, members in seed_members.items() if LEAVER in members}
    assert teams == {"data-science", "ml-platform", "analytics", "mlops-oncall"}
    assert len(pending_invitations(reader, LEAVER)) == 1

    dry = run(OFFBOARD, deactivate=True, journal_path=str(tmp_path / "dry.journal.jsonl"))
    text = succeeded(dry)
    assert "SANDBOX" in text
    assert "teams: 0 to add, 4 to remove, 0 already in place, 0 errors" in text
    assert "roles: 0 to add, 3 to remove, 0 already in place, 0 errors" in text
    assert "invitations: 0 to add, 1 to remove, 0 already in place, 0 errors" in text
    assert f"DRY RUN: nothing was changed for {LEAVER}." in text
    assert "and deactivate the account." in text
    assert assignments(reader) == seed
    assert memberships(reader) == seed_members
    assert len(pending_invitations(reader, LEAVER)) == 1
    assert reader.get_user(LEAVER).is_active
    assert not (tmp_path / "dry.journal.jsonl").exists()

    journal = tmp_path / "offboard.journal.jsonl"
    wet = run(OFFBOARD, apply=True, journal_path=str(journal))
    text = succeeded(wet)
    after = assignments(reader)
    assert after == seed - held  # and nothing else: the team roles stay for the other members
    assert {a for a in after if a[0].startswith("team ")} == {a for a in seed if a[0].startswith("team ")}
    after_members = memberships(reader)
    assert all(LEAVER not in members for members in after_members.values())
    for team, members in seed_members.items():
        assert after_members[team] == members - {LEAVER}
    assert pending_invitations(reader, LEAVER) == []

    assert f"CHANGED for {LEAVER}:" in text
    assert "removed from team: data-science / acme-ml" in text
    assert "revoked role: Workspace Developer / forecasting / acme-ml" in text
    assert "cancelled invitation: noah.romero@acme.example / acme-research" in text
    assert "NOT CHANGED:" in text
    assert "the account (deactivate=False): still active" in text
    assert "the teams keep them for their other members" in text
    assert "Left after the changes: 0 direct role(s)" in text

    lines = journal_lines(journal, canaries)
    assert Counter(str(line["action"]) for line in lines) == {
        "remove_team_member": 4,
        "revoke_role": 3,
        "cancel_invitation": 1,
    }
    for result in (dry, wet):
        leaked = canaries.token in nbformat.writes(result.notebook)
        assert not leaked, "the executed notebook holds the token"


def test_offboarding_with_deactivate_locks_the_account(
    kernel_on_server: CanaryCredentials, reader: zpro_nb.Session, server: SandboxServer, tmp_path: Path
) -> None:
    # "viewer" is a demo user with a token of its own: once deactivated, the server must refuse it.
    me = httpx.get(f"{server.url}/users/me", headers={"Authorization": f"Bearer {server.tokens['viewer']}"})
    assert me.status_code == 200
    reader.add_team_member("analytics", "viewer")
    assert "viewer" in memberships(reader)["analytics"]

    result = run(
        OFFBOARD, user="viewer", apply=True, deactivate=True, journal_path=str(tmp_path / "v.journal.jsonl")
    )
    text = succeeded(result)
    assert "Account of viewer@acme.example: deactivated" in text
    assert "account deactivated: they can no longer sign in" in text

    me = httpx.get(f"{server.url}/users/me", headers={"Authorization": f"Bearer {server.tokens['viewer']}"})
    assert me.status_code == 401
    assert "viewer" not in memberships(reader)["analytics"]
    assert not {a for a in assignments(reader) if a[0] == "viewer"}
    lines = journal_lines(tmp_path / "v.journal.jsonl", kernel_on_server)
    assert Counter(str(line["action"]) for line in lines) == {"remove_team_member": 1, "revoke_role": 1}
