"""The journal: recording, the frame, JSON Lines round trips, choosing what to undo, no secrets."""

from __future__ import annotations

import base64
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from zpro_nb.changes import Change, Journal
from zpro_nb.changes.journal import JOURNAL_COLUMNS, JournalStore
from zpro_nb.errors import InvalidArgument

ASSIGN = Change(
    kind="assign_role",
    organization_id="org-ml",
    organization="acme-ml",
    role_id="r-wv",
    role="Workspace Viewer",
    user_id="u-bob",
    user="bob@acme.example",
    workspace_id="w-prod",
    workspace="ml-prod",
)
ADD = Change(
    kind="add_team_member",
    organization_id="org-ml",
    team_id="t-ds",
    team="data-science",
    user_id="u-bob",
    user="bob@acme.example",
)


def _journal() -> Journal:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    ticks = iter(range(1000))
    store = JournalStore(actor="admin", now=lambda: start + timedelta(seconds=next(ticks)))
    return Journal(store)


def test_record_keeps_time_actor_change_and_inverse() -> None:
    journal = _journal()
    entry = journal.record(ASSIGN, source="plan", plan_id="p1")
    assert entry.actor == "admin"
    assert entry.inverse.kind == "revoke_role"
    assert entry.inverse.target == ASSIGN.target
    keyword = journal.record(
        "add_team_member",
        team_id="t-ds",
        team="data-science",
        user_id="u-bob",
        user="bob@acme.example",
        actor="someone",
    )
    assert keyword.change == Change(
        kind="add_team_member", team_id="t-ds", team="data-science", user_id="u-bob", user="bob@acme.example"
    )
    assert keyword.actor == "someone"
    assert len(journal) == 2


def test_record_refuses_unknown_kinds_and_mixed_arguments() -> None:
    journal = _journal()
    with pytest.raises(ValueError, match="unknown change kind"):
        journal.record("grant_everything")
    with pytest.raises(InvalidArgument, match="not both"):
        journal.record(ASSIGN, role="x")


def test_frame_has_fixed_columns_even_when_empty() -> None:
    assert list(_journal().frame.columns) == list(JOURNAL_COLUMNS)
    journal = _journal()
    journal.record(ASSIGN)
    frame = journal.frame
    assert (
        frame.loc[0, "description"] == "assign 'Workspace Viewer' to bob@acme.example in workspace 'ml-prod'"
    )
    assert frame.loc[0, "undo_action"] == "revoke_role"
    assert str(frame["time"].dtype).endswith(", UTC]")


def test_jsonl_round_trip(tmp_path: Path) -> None:
    journal = _journal()
    journal.record(ASSIGN, plan_id="p1", source="plan")
    journal.record(ADD)
    path = journal.to_jsonl(tmp_path / "changes.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["inverse"]["kind"] == "revoke_role"
    assert first["actor"] == "admin"
    again = Journal.from_jsonl(path)
    assert again.entries == journal.entries
    # loading into a journal that already has the entries adds nothing
    assert len(journal.load(path)) == 2


def test_bad_jsonl_line_is_reported_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    path.write_text('{"time": "2026-11-01T00:00:00+00:00", "change": {"kind": "assign_role"}}\nnot json\n')
    with pytest.raises(ValueError, match="line 2"):
        Journal.from_jsonl(path)


def test_undo_last_reverses_newest_first_and_restores_the_earliest_state() -> None:
    journal = _journal()
    journal.record(ASSIGN)
    journal.record(ADD)
    journal.record(ASSIGN.inverse())  # revoked again
    assert [c.kind for c in journal.undo_changes(last=1)] == ["assign_role"]
    # over the last three, ASSIGN's target ends where it started (nothing), so undo revokes it
    assert [c.kind for c in journal.undo_changes(last=3)] == ["revoke_role", "remove_team_member"]
    with pytest.raises(ValueError, match="say what to undo"):
        journal.undo_changes()


def test_undo_by_plan_picks_that_plans_entries() -> None:
    journal = _journal()
    journal.record(ASSIGN, plan_id="p1")
    journal.record(ADD, plan_id="p2")
    assert journal.undo_changes(plan="p2") == [ADD.inverse()]
    with pytest.raises(ValueError, match="no changes made by plan"):
        journal.undo_changes(plan="p3")


def test_undo_needs_a_session() -> None:
    journal = _journal()
    journal.record(ASSIGN)
    with pytest.raises(RuntimeError, match="not tied to a session"):
        journal.undo(last=1)


def test_secrets_never_enter_the_journal(tmp_path: Path) -> None:
    # canaries built at run time, shaped like a Pro key and a JWT
    key = "ZENPROKEY_" + base64.b64encode(os.urandom(15)).decode()
    jwt = "eyJ" + base64.urlsafe_b64encode(os.urandom(9)).decode() + ".eyJ" + "a" * 12 + ".sig"
    journal = _journal()
    journal.actor = f"Bearer {jwt}"
    journal.record(
        "assign_role", role="Workspace Viewer", user=key, user_id="u-1", role_id="r-1", note=f"pasted {jwt}"
    )
    text = journal.to_jsonl(tmp_path / "j.jsonl").read_text()
    shown = text + journal.frame.to_string() + journal._repr_html_() + repr(journal)
    assert key not in shown
    assert jwt not in shown
