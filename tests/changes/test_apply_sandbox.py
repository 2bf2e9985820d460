"""Bulk changes against the in-process sandbox: apply, faults, interruptions, resume, undo, bad sheets."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import pandas as pd
import pytest
from fixtures_sandbox import CountedSandbox, async_session, new_sandbox, sync_session

from zpro_nb.changes.api_reader import ApiListSource
from zpro_nb.errors import ApplyInterrupted, PlanHasErrors
from zpro_nb.notebook_session import AsyncSession

from .bad_sheet import Names, bad_sheet
from .role_sheet import role_sheet

pytestmark = pytest.mark.anyio

ORG = "acme-ml"


async def _assignments(aio: AsyncSession) -> set[tuple[str, str, str, str]]:
    """Every (role, user, team, workspace) held in the organization, read raw through the API."""
    source = ApiListSource(aio.pro)
    orgs = await source.organizations()
    held: set[tuple[str, str, str, str]] = set()
    for org_id in orgs["id"]:
        frame = await source.role_assignments(str(org_id))
        for r in frame.fillna("").itertuples():
            held.add((str(r.role_id), str(r.user_id), str(r.team_id), str(r.workspace_id)))
    return held


async def _sheet(aio: AsyncSession, rows: int) -> pd.DataFrame:
    """``rows`` workspace-role assignments for members of acme-ml (some already held)."""
    return await role_sheet(aio, rows)


@pytest.fixture
def sandbox() -> CountedSandbox:
    return new_sandbox()


async def test_plan_apply_read_back_and_undo(sandbox: CountedSandbox) -> None:
    aio = await async_session(sandbox)
    try:
        before = await _assignments(aio)
        sheet = await _sheet(aio, 40)
        sheet.loc[35:, "action"] = "revoke"  # some revokes of things not held: already so
        plan = await aio.plan_role_assignments(sheet)
        assert plan.errors == []
        counts = plan.counts()
        assert counts["to add"] > 0
        results = await plan.apply()
        assert set(results["outcome"]) <= {"done", "already in place"}
        assert sandbox.counter.count("POST", "/assignments") == counts["to add"]
        again = await aio.plan_role_assignments(sheet)
        assert again.counts()["to add"] == 0
        assert again.counts()["to remove"] == 0
        assert len(aio.journal) == counts["to add"] + counts["to remove"]
        assert (await _assignments(aio)) != before
        undo = await aio.journal.undo(plan=plan)
        assert undo.counts()["to remove"] == counts["to add"]
        await undo.apply()
        assert (await _assignments(aio)) == before
        assert {e.source for e in aio.journal.entries} == {"plan", "undo"}
    finally:
        await aio.aclose()


async def test_three_hundred_rows_under_faults_land_exactly_once(sandbox: CountedSandbox) -> None:
    aio = await async_session(sandbox)
    try:
        before = await _assignments(aio)
        sheet = await _sheet(aio, 300)
        plan = await aio.plan_role_assignments(sheet)
        to_add = plan.counts()["to add"]
        assert plan.errors == []
        assert to_add > 250
        sandbox.faults(error_rate=0.10, error_statuses=(503,), throttle_rate=0.05, drop_rate=0.02)
        results = await plan.apply()
        sandbox.faults(error_rate=0, throttle_rate=0, drop_rate=0)
        assert set(results["outcome"]) == {"done"}
        # exactly once: the server made each assignment once, and the read-back holds all of them
        assert sandbox.counter.count("POST", "/assignments") == to_add
        after = await _assignments(aio)
        assert len(after - before) == to_add
        assert (await aio.plan_role_assignments(sheet)).counts()["already in place"] == 300
        assert len({e.change.target for e in aio.journal.entries}) == len(aio.journal) == to_add
        assert len(sandbox.clock.sleeps) > 10  # the faults were felt, and waited out without real sleeping
    finally:
        await aio.aclose()


async def test_unretried_500s_fail_their_rows_and_the_next_apply_finishes_them(
    sandbox: CountedSandbox,
) -> None:
    aio = await async_session(sandbox)
    try:
        sheet = await _sheet(aio, 120)
        plan = await aio.plan_role_assignments(sheet)
        to_add = plan.counts()["to add"]
        sandbox.faults(error_rate=0.15, error_statuses=(500,))
        results = await plan.apply()
        failed = results[results["outcome"] == "failed"]
        assert len(failed) > 0  # the core leaves a 500 on a write to the caller: it may have acted
        assert set(failed["reason"]) == {"An unexpected error occurred."}
        rounds = 1
        while (results["outcome"] == "failed").any():
            rounds += 1
            assert rounds < 20
            results = await plan.apply()
        sandbox.faults(error_rate=0)
        assert set(results["outcome"]) == {"done"}
        assert sandbox.counter.count("POST", "/assignments") == to_add
        assert len(aio.journal) == to_add
    finally:
        await aio.aclose()


def test_token_expiry_stops_cleanly_and_a_new_login_finishes_the_rest(sandbox: CountedSandbox) -> None:
    s = sync_session(sandbox)
    try:
        sheet = await_sheet(s, 60)
        plan = s.plan_role_assignments(sheet)
        to_add = plan.counts()["to add"]
        seen: list[int] = []

        def expire_after_ten(row: Any) -> None:
            seen.append(row.row)
            if len(seen) == 10:
                sandbox.app.state.clock.advance(sandbox.app.state.config.token_lifetime_s + 5)

        with pytest.raises(ApplyInterrupted) as caught:
            plan.apply(on_row=expire_after_ten)
        message = str(caught.value)
        assert "s.login" in message
        assert "apply() again" in message
        from zpro_nb.widgets.plain_errors import plain_error

        shown = plain_error(caught.value)  # what the role panel shows: no code
        assert "sign in again in the sign-in panel" in shown.lower()
        assert "s.login" not in shown
        assert "apply()" not in shown
        done = plan.outcomes()["done"]
        assert 10 <= done < to_add
        assert caught.value.results is not None
        assert (caught.value.results["outcome"] == "not run").sum() == to_add - done
        assert sandbox.counter.count("POST", "/assignments") == done
        admin = sandbox.app.state.pro.store.users_by_email["admin@acme.example"]
        s.login(token=sandbox.app.state.pro.issue_token(sandbox.app.state.pro.store.users[admin])[0])
        results = plan.apply()
        assert set(results["outcome"]) == {"done"}
        assert sandbox.counter.count("POST", "/assignments") == to_add
        assert len(s.journal) == to_add
    finally:
        s.close()


def await_sheet(s: Any, rows: int) -> pd.DataFrame:
    from zpro_nb._core.loop import run_sync

    return run_sync(_sheet(s.aio, rows))


def test_keyboard_interrupt_from_a_hook_stops_new_requests_and_apply_resumes(sandbox: CountedSandbox) -> None:
    s = sync_session(sandbox)
    try:
        plan = s.plan_role_assignments(await_sheet(s, 50))
        to_add = plan.counts()["to add"]
        calls = 0

        def interrupt(row: Any) -> None:
            nonlocal calls
            calls += 1
            if calls == 5:
                raise KeyboardInterrupt

        with pytest.raises(ApplyInterrupted, match="KeyboardInterrupt"):
            plan.apply(on_row=interrupt)
        done = plan.outcomes()["done"]
        # in-flight requests finished, none started after the stop
        assert 5 <= done <= 5 + sandbox_width(s)
        assert sandbox.counter.count("POST", "/assignments") == done
        assert "not done" in str(plan)
        plan.apply()
        assert plan.outcomes() == {"done": to_add, "already": 0, "failed": 0, "not run": 0}
        assert sandbox.counter.count("POST", "/assignments") == to_add
    finally:
        s.close()


def sandbox_width(s: Any) -> int:
    return int(s.aio.transport.limits.max_concurrency)


async def test_cancelling_apply_keeps_what_was_done_and_resume_never_repeats(sandbox: CountedSandbox) -> None:
    aio = await async_session(sandbox)
    try:
        before = await _assignments(aio)
        sandbox.faults(latency_ms=1)
        plan = await aio.plan_role_assignments(await _sheet(aio, 80))
        to_add = plan.counts()["to add"]
        task = asyncio.create_task(plan.apply())
        while plan.outcomes()["done"] < 20:  # noqa: ASYNC110 - polling the plan's own progress
            await asyncio.sleep(0.001)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert plan.outcomes()["done"] < to_add
        await plan.apply()
        assert plan.outcomes()["done"] == to_add
        # requests cut off by the cancel may still have landed: the resume confirmed them from the live
        # state instead of resending (a resend would have come back 409, "already")
        assert plan.outcomes()["already"] == 0
        assert sandbox.counter.count("POST", "/assignments") <= to_add
        assert len((await _assignments(aio)) - before) == to_add
        assert len(aio.journal) == to_add
    finally:
        await aio.aclose()


async def test_lost_answers_are_confirmed_and_journaled_once(sandbox: CountedSandbox) -> None:
    aio = await async_session(sandbox)
    try:
        plan = await aio.plan_role_assignments(await _sheet(aio, 60))
        to_add = plan.counts()["to add"]
        sandbox.faults(lost_response_rate=0.2)
        while True:
            try:
                await plan.apply()
                break
            except ApplyInterrupted:
                continue
        sandbox.faults(lost_response_rate=0)
        assert plan.outcomes()["done"] == to_add
        assert len(aio.journal) == to_add
        undo = await aio.journal.undo(plan=plan, confirm=True)
        assert undo.outcomes()["done"] + undo.outcomes()["already"] == to_add
        assert (await aio.plan_role_assignments(await _sheet(aio, 60))).counts()["to add"] == to_add
    finally:
        await aio.aclose()


async def test_thirty_kinds_of_bad_row_change_nothing_and_are_all_reported(sandbox: CountedSandbox) -> None:
    aio = await async_session(sandbox)
    try:
        source = ApiListSource(aio.pro)
        orgs = {r.name: str(r.id) for r in (await source.organizations()).itertuples()}
        for org_id in orgs.values():  # one workspace name in both organizations
            await aio.pro.post(
                "/workspaces", json={"name": "shared-ws", "display_name": "Shared", "organization_id": org_id}
            )
        users = (await source.users())["email"].dropna().tolist()
        ml_members = await aio.pro.get(f"/organizations/{orgs[ORG]}/members", {"include_teams": False})
        emails = sorted(
            m["user"]["email"] for m in ml_members if m.get("user") and "." in m["user"]["username"]
        )
        other_ws = (await source.workspaces(orgs["acme-research"])).iloc[0]
        other_role = (await source.roles(orgs["acme-research"])).iloc[0]
        names = Names(
            org=ORG,
            other_org="acme-research",
            user=emails[0],
            username=emails[0],
            other_user=emails[1],
            team=str((await source.teams(orgs[ORG]))["name"].iloc[0]),
            other_team=str((await source.teams(orgs["acme-research"]))["name"].iloc[0]),
            workspace="production",
            other_workspace=str(other_ws["name"]),
            other_workspace_id=str(other_ws["id"]),
            ambiguous_workspace="shared-ws",
            org_role="Organization Viewer",
            ws_role="Workspace Developer",
            project_role="Project Viewer",
            other_org_role_id=str(other_role["id"]),
        )
        assert users
        data, bad, good = bad_sheet(names)
        writes = len(sandbox.counter.writes)
        before = await _assignments(aio)
        plan = await aio.plan_role_assignments(io.BytesIO(data))
        reported = {p.row for p in plan.errors}
        assert {row: why for row, why in bad.items() if row not in reported} == {}
        assert f"{len(plan.errors)} error" in str(plan)
        with pytest.raises(PlanHasErrors):
            await plan.apply()
        assert len(sandbox.counter.writes) == writes
        assert (await _assignments(aio)) == before
        del good
    finally:
        await aio.aclose()


async def test_team_members_and_invitations_apply_and_undo(sandbox: CountedSandbox) -> None:
    aio = await async_session(sandbox)
    try:
        source = ApiListSource(aio.pro)
        orgs = {r.name: str(r.id) for r in (await source.organizations()).itertuples()}
        team = str((await source.teams(orgs[ORG]))["name"].iloc[0])
        ml_members = await aio.pro.get(f"/organizations/{orgs[ORG]}/members", {"include_teams": False})
        emails = sorted(m["user"]["email"] for m in ml_members if m.get("user"))[:6]
        members = await aio.plan_team_members(pd.DataFrame({"team": [team] * 6, "user": emails}))
        assert members.errors == []
        await members.apply()
        invites = await aio.plan_invitations(
            "email,role,organization\nnew.one@acme.example,Organization Member,acme-ml\n"
            "new.two@acme.example,Organization Viewer,acme-ml\n"
        )
        assert invites.counts()["to add"] == 2
        await invites.apply()
        invited = await source.invitations(orgs[ORG])
        assert {"new.one@acme.example", "new.two@acme.example"} <= set(invited["email"])
        undo = await aio.journal.undo(last=2, confirm=True)
        assert undo.outcomes()["done"] == 2
        pending = await source.invitations(orgs[ORG])
        assert not {"new.one@acme.example", "new.two@acme.example"} & set(
            pending.loc[pending["status"] == "pending", "email"]
        )
        undo_members = await aio.journal.undo(plan=members, confirm=True)
        assert undo_members.outcomes()["done"] == members.outcomes()["done"]
        again = await aio.plan_team_members(pd.DataFrame({"team": [team] * 6, "user": emails}))
        assert again.counts()["to add"] == members.outcomes()["done"]
    finally:
        await aio.aclose()


async def test_journal_survives_a_file_and_undoes_from_it(sandbox: CountedSandbox, tmp_path: Any) -> None:
    aio = await async_session(sandbox)
    try:
        before = await _assignments(aio)
        plan = await aio.plan_role_assignments(await _sheet(aio, 10))
        await plan.apply()
        path = aio.journal.to_jsonl(tmp_path / "journal.jsonl")
    finally:
        await aio.aclose()
    fresh = await async_session(sandbox)
    try:
        journal = fresh.journal.load(path)
        assert len(journal) == plan.counts()["to add"]
        assert {e.actor for e in journal.entries} == {"admin"}
        await fresh.journal.undo(plan=plan.id, confirm=True)
        assert (await _assignments(fresh)) == before
    finally:
        await fresh.aclose()


async def test_a_single_change_journaled_through_the_hook_can_be_undone(sandbox: CountedSandbox) -> None:
    aio = await async_session(sandbox)
    try:
        before = await _assignments(aio)
        source = ApiListSource(aio.pro)
        orgs = {r.name: str(r.id) for r in (await source.organizations()).itertuples()}
        roles = await source.roles(orgs[ORG])
        role = roles.loc[roles["name"] == "Organization Viewer"].iloc[0]
        users = await source.users()
        user = users.loc[users["username"] == "manager"].iloc[0]
        # what Session.assign_role does on the wire, then its journal hook
        await aio.pro.post(f"/roles/{role['id']}/assignments", params={"user_id": user["id"]})
        entry = await aio.journal_change(
            "assign_role",
            role_id=str(role["id"]),
            role="Organization Viewer",
            user_id=str(user["id"]),
            user="manager@acme.example",
            organization_id=orgs[ORG],
            organization=ORG,
        )
        assert (entry.actor, entry.source) == ("admin", "single")
        assert aio.journal.frame.loc[0, "description"] == (
            "assign 'Organization Viewer' to manager@acme.example in organization 'acme-ml'"
        )
        undo = await aio.journal.undo(last=1)
        assert str(undo) == "0 to add, 1 to remove, 0 already in place, 0 errors"
        await undo.apply()
        assert (await _assignments(aio)) == before
    finally:
        await aio.aclose()


def test_over_real_http(sandbox_server: Any) -> None:
    from zpro_nb.notebook_session import connect

    s = connect(sandbox_server.tokens["admin"], url=sandbox_server.url)
    try:
        plan = s.plan_team_members(
            "team,user,organization\nresearch-core,admin@acme.example,acme-research\n"
            "research-core,nobody@acme.example,acme-research\n"
        )
        assert [p.row for p in plan.errors] == [3]
        good = s.plan_team_members("team,user,organization\nresearch-core,admin@acme.example,acme-research\n")
        results = good.apply()
        assert results["outcome"].tolist() in (["done"], ["already in place"])
        again = s.plan_team_members(
            "team,user,organization\nresearch-core,admin@acme.example,acme-research\n"
        )
        assert again.counts()["already in place"] == 1
        if results["outcome"].tolist() == ["done"]:
            s.journal.undo(plan=good, confirm=True)
    finally:
        s.close()


async def test_a_viewer_plans_but_each_row_fails_with_the_servers_words(sandbox: CountedSandbox) -> None:
    aio = await async_session(sandbox, "viewer")
    try:
        plan = await aio.plan_role_assignments(
            "user,role,workspace,organization\nmanager@acme.example,Workspace Viewer,production,acme-ml\n"
        )
        assert str(plan) == "1 to add, 0 to remove, 0 already in place, 0 errors"
        results = await plan.apply()
        assert results["outcome"].tolist() == ["failed"]
        assert "may not" in str(results.loc[0, "reason"])
        assert len(aio.journal) == 0
    finally:
        await aio.aclose()


async def test_refresh_rediffs_rows_against_changes_made_meanwhile(sandbox: CountedSandbox) -> None:
    aio = await async_session(sandbox)
    try:
        sheet = await _sheet(aio, 3)
        plan = await aio.plan_role_assignments(sheet)
        assert plan.counts()["to add"] == 3
        first = plan.changes[0]
        params = {"user_id": first.user_id, "workspace_id": first.workspace_id}
        await aio.pro.post(f"/roles/{first.role_id}/assignments", params=params)
        await plan.refresh()
        assert plan.frame["status"].tolist() == ["already in place", "to add", "to add"]
        await plan.apply()
        assert plan.outcomes() == {"done": 2, "already": 0, "failed": 0, "not run": 0}
        # the row that was already in place reads so after apply, not "not run" like a failure
        assert plan.frame["outcome"].tolist() == ["already in place", "done", "done"]
        assert "not run" not in plan._repr_html_()
    finally:
        await aio.aclose()


async def test_a_token_pasted_into_a_cell_never_shows(sandbox: CountedSandbox) -> None:
    import base64
    import os

    canary = "ZENPROKEY_" + base64.b64encode(os.urandom(15)).decode()
    aio = await async_session(sandbox)
    try:
        plan = await aio.plan_role_assignments(f"user,role,workspace\n{canary},Workspace Viewer,production\n")
        shown = plan.frame.to_string() + plan._repr_html_() + str(plan.errors) + repr(plan)
        assert canary not in shown
        assert plan.errors
    finally:
        await aio.aclose()
