"""Planning bulk changes: a sheet (or already-resolved changes) diffed against the live state.

The session composes a :class:`Planner` with what it needs (a :class:`PlanContext`: the list
methods, the Pro client, the journal, the caller's name); nothing here reaches back into it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..progress import Activity
from .change import Change
from .live_state import LiveState, load_state, read_live_state, read_memberships
from .plan import AsyncPlan
from .plan_context import PlanContext
from .planned_row import PlannedRow
from .planning import SheetKind, diff_rows, resolve_sheet
from .table_input import read_table

if TYPE_CHECKING:
    from .table_input import SheetSource

__all__ = ["Planner"]


class Planner:
    """Builds plans against the live state ``context`` reads."""

    def __init__(self, context: PlanContext) -> None:
        self.context = context

    async def plan_sheet(self, kind: SheetKind, source: SheetSource, organization: str | None) -> AsyncPlan:
        """Read ``source``, check every row against the live state and diff it: the plan."""
        table = read_table(source)
        context = self.context
        if table.problems and not table.rows:
            rows = resolve_sheet(kind, table, LiveState(), default_organization=organization)
            diff_rows(rows, LiveState())
            return AsyncPlan(kind, rows, context)
        async with Activity(f"Planning {len(table.rows)} rows") as activity:
            activity.stage("reading what is in place now")
            state = await read_live_state(
                context.source,
                assignments=kind == "role_assignments",
                invitations=kind == "invitations",
            )
            activity.stage("checking every row")
            rows = resolve_sheet(kind, table, state, default_organization=organization)
            if kind == "team_members":
                teams = {r.change.team_id for r in rows if r.change}
                await read_memberships(context.source, state, teams)
            diff_rows(rows, state)
        return AsyncPlan(kind, rows, context)

    async def plan_changes(self, changes: Sequence[Change], *, kind: str = "changes") -> AsyncPlan:
        """Plan already-resolved changes (what ``journal.undo`` builds), diffed against the live state."""
        context = self.context
        state = await load_state(context.source, changes)
        rows = [
            PlannedRow(number, {}, change=_with_invitation_id(change, state))
            for number, change in enumerate(changes, start=1)
        ]
        diff_rows(rows, state)
        return AsyncPlan(kind, rows, context)


def _with_invitation_id(change: Change, state: LiveState) -> Change:
    """Cancelling needs the invitation's id; an invite journaled without one finds it by email."""
    if change.kind != "cancel_invitation" or change.invitation_id:
        return change
    invitation = state.pending_invitation(change.organization_id, change.email)
    return replace(change, invitation_id=invitation.id) if invitation else change
