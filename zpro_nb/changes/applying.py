"""Running a plan: concurrently under the session's cap, stopping cleanly, resumable without repeats.

Row states live on the plan's rows. A row whose request may have reached the server without an answer
is marked *in doubt*. Every change here is one the server refuses to repeat (409 for a second
assignment, membership or invitation; 404 for a second removal), so the next ``apply()`` simply sends
it again: the server never makes it twice, and a refusal of an in-doubt row means our earlier request
landed, so it is journaled as done (and stays undoable) rather than counted as "already".

An answer that is no answer (a redirect, an HTML page, an odd status: ``UnexpectedResponse``) says
nothing about what the server did, so its row is never done on its word: the apply stops and those
rows are read back. A change found in place is journaled as done; one not found stays to do.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING

from .._core.errors import (
    AuthenticationError,
    Conflict,
    ConnectionFailed,
    NotFound,
    RateLimited,
    ServerError,
    UnexpectedResponse,
    ZProError,
)
from ..errors import ApplyInterrupted
from .apply_progress import ApplyProgress
from .change import Change
from .live_state import load_state
from .planned_row import Outcome, PlannedRow
from .sending import send_change

if TYPE_CHECKING:
    from .plan_context import PlanContext, PlanView, RowHook

#: failures that say the service or the connection is unusable right now: stop starting new changes
STOPPING = (AuthenticationError, RateLimited, ConnectionFailed)


async def apply_rows(
    plan: PlanView, context: PlanContext, *, on_row: RowHook | None = None, progress: bool = True
) -> None:
    """Apply every row of ``plan`` that still has to run; raise :class:`ApplyInterrupted` if stopped.

    With ``progress`` a line counts the rows as they settle, with the failures so far and the time.
    """
    todo = [
        r for r in plan.rows if r.status in ("to add", "to remove") and r.outcome in ("not run", "failed")
    ]
    if not todo:
        return
    async with ApplyProgress(len(todo), show=progress) as line:
        try:
            await _apply_all(todo, plan, context, on_row, line)
        finally:
            line.finish(todo)


async def _apply_all(
    todo: list[PlannedRow],
    plan: PlanView,
    context: PlanContext,
    on_row: RowHook | None,
    line: ApplyProgress,
) -> None:
    actor = await context.who()
    gate = asyncio.Semaphore(max(1, context.width))
    stop: list[BaseException] = []
    unanswered: list[PlannedRow] = []

    async def run(row: PlannedRow) -> None:
        async with gate:
            if stop:
                return  # stopping: no new request starts
            await _apply_one(row, plan, context, actor, stop, unanswered)
        line.settled(row)
        if on_row is not None and not stop:
            try:
                on_row(row)
            # The hook is the caller's code: whatever it raises (a KeyboardInterrupt too) stops the apply
            # cleanly, resumable (test_keyboard_interrupt_from_a_hook_stops_new_requests_and_apply_resumes).
            except (Exception, KeyboardInterrupt) as exc:
                stop.append(exc)

    await asyncio.gather(*(run(row) for row in todo))
    if unanswered:
        await _read_back(unanswered, plan, context, actor)
    if stop:
        raise _interrupted(plan, stop[0])


async def _apply_one(
    row: PlannedRow,
    plan: PlanView,
    context: PlanContext,
    actor: str,
    stop: list[BaseException],
    unanswered: list[PlannedRow],
) -> None:
    change = row.change
    assert change is not None
    # Sent before without an answer? Then a repeat's 409 (or 404 on a removal) is our own earlier
    # request having landed: every change here answers a repeat that way, so resending is safe.
    resent = row.in_doubt
    row.in_doubt = True
    try:
        answer = await send_change(context.client, change)
    except Conflict as exc:
        if not change.adds:
            _settle(row, "failed", exc.message or str(exc))
        elif resent or _earlier_attempt_landed(exc):
            _record_done(row, change, plan, context, actor, "an earlier attempt landed; its answer was lost")
        else:
            _settle(row, "already", f"already in place ({exc.message})")
    except NotFound as exc:
        if change.adds:
            _settle(row, "failed", exc.message or str(exc))
        elif resent or _earlier_attempt_landed(exc):
            _record_done(row, change, plan, context, actor, "an earlier attempt landed; its answer was lost")
        else:
            _settle(row, "already", f"already gone ({exc.message})")
    except UnexpectedResponse as exc:
        # Not an answer: unknown whether the change was made. Stop (the server is misbehaving) and
        # read the row back once the changes in flight are over.
        row.in_doubt = True
        row.outcome = "not run"
        row.reason = f"unknown: {exc.message or exc}"
        unanswered.append(row)
        stop.append(exc)
    except STOPPING as exc:
        # 401 and 429 prove the server did nothing; a lost connection may not have
        row.in_doubt = isinstance(exc, ConnectionFailed)
        row.outcome = "not run"
        row.reason = f"not done: {exc.message or exc}"
        stop.append(exc)
    except ServerError as exc:
        row.outcome = "failed"
        row.reason = exc.message or str(exc)
        row.in_doubt = True  # a 500 may come after the change was made
    except ZProError as exc:
        _settle(row, "failed", exc.message or str(exc))
    else:
        if change.kind == "invite_user" and answer.get("id"):
            change = replace(change, invitation_id=str(answer["id"]))
            row.change = change
        _record_done(row, change, plan, context, actor, "")


async def _read_back(rows: list[PlannedRow], plan: PlanView, context: PlanContext, actor: str) -> None:
    """Settle rows whose answer was no answer by reading the live state: done only if in place."""
    changes = [row.change for row in rows if row.change is not None]
    try:
        state = await load_state(context.source, changes)
    except ZProError as exc:
        for row in rows:
            row.reason += f"; reading it back failed too ({exc.message or exc}): apply() again checks it"
        return
    for row in rows:
        assert row.change is not None
        said = row.reason.removeprefix("unknown: ")
        if state.in_place(row.change):
            _record_done(row, row.change, plan, context, actor, f"read back in place after: {said}")
        else:
            _settle(row, "not run", f"not done (read back): {said}")


def _earlier_attempt_landed(exc: ZProError) -> bool:
    # The row was not in place when planned and the core sent it more than once: the repeat's 409/404
    # means our earlier attempt did the change and only its answer was lost.
    return (exc.attempts or 1) > 1


def _record_done(
    row: PlannedRow, change: Change, plan: PlanView, context: PlanContext, actor: str, note: str
) -> None:
    entry = context.journal.record(change, actor=actor, source=_source(plan), plan_id=plan.id, note=note)
    row.journal_id = entry.id
    _settle(row, "done", note)


def _settle(row: PlannedRow, outcome: Outcome, reason: str) -> None:
    row.outcome = outcome
    row.reason = reason
    row.in_doubt = False


def _source(plan: PlanView) -> str:
    return "undo" if plan.kind == "undo" else "plan"


def _interrupted(plan: PlanView, cause: BaseException, when: str = "") -> ApplyInterrupted:
    o = plan.outcomes()
    why = (
        cause.message
        if isinstance(cause, ZProError)
        else (type(cause).__name__ + (f": {cause}" if str(cause) else ""))
    )
    expired = isinstance(cause, AuthenticationError)
    error = ApplyInterrupted(
        f"stopped applying plan {plan.id} ({why}{'; ' + when if when else ''}): {o['done']} done, "
        f"{o['already']} already in place, "
        f"{o['failed']} failed, {o['not run']} not done yet. Nothing was done twice",
        fix=("sign in again with s.login(...), then " if expired else "")
        + "call apply() again to do the rest",
        # The panel says "press Apply again" itself; it only needs to know about signing in.
        panel_fix="sign in again in the sign-in panel first" if expired else None,
    )
    error.results = plan.results
    error.cause = cause
    error.__cause__ = cause
    return error
