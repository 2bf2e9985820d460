"""Bulk changes on the Session: ``plan_role_assignments``, ``plan_team_members``, ``plan_invitations``,
``plan_changes`` and ``journal``.

``AsyncChangesMixin`` is inherited by ``AsyncSession`` (it relies on its list methods, ``pro`` and
``whoami``); ``ChangesMixin`` by the sync ``Session`` (it relies on ``self.aio``). Both faces share one
journal per session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .._core.errors import ZProError
from ..models.pro import User
from ..views.progress import Activity
from .api_reader import ApiListSource
from .change import Change
from .journal import AsyncJournal, Journal, JournalEntry, JournalStore
from .live_state import LiveState, read_live_state, read_memberships
from .plan import AsyncPlan, Plan, PlanContext, load_state
from .planning import PlannedRow, SheetKind, diff_rows, resolve_sheet
from .table_input import read_table

if TYPE_CHECKING:
    from .table_input import SheetSource

_STORE_ATTRIBUTE = "_zpro_journal_store"


class AsyncChangesMixin:
    """Planning, applying and journaling bulk changes (``AsyncSession`` side)."""

    def _journal_store(self) -> JournalStore:
        store: JournalStore | None = self.__dict__.get(_STORE_ATTRIBUTE)
        if store is None:
            store = JournalStore()
            self.__dict__[_STORE_ATTRIBUTE] = store
        return store

    @property
    def journal(self) -> AsyncJournal:
        """Every change made through this session, with its inverse; ``await s.journal.undo(...)``."""
        return AsyncJournal(self._journal_store(), session=self)

    async def journal_change(self, change: Change | str, **fields: str) -> JournalEntry:
        """Journal one change a single Session call has just made (the hook for ``assign_role`` & co).

        ``change`` is a :class:`Change` or its kind (``"assign_role"``, ``"revoke_role"``,
        ``"add_team_member"``, ``"remove_team_member"``, ``"invite_user"``, ``"cancel_invitation"``) with
        the ids and names as keywords, e.g. ``role_id=, role=, user_id=, user=, workspace_id=, workspace=,
        organization_id=, organization=``. The actor is the signed-in user.
        """
        try:
            actor = await self._actor()
        except ZProError:
            actor = self._journal_store().actor  # the change is made: journal it even if whoami fails
        return self.journal.record(change, actor=actor, source="single", **fields)

    async def _actor(self) -> str:
        session: Any = self
        me: User = await session.whoami()
        for value in (me.username, me.email, me.name, me.id):
            if value:
                self._journal_store().actor = value
                return value
        return ""

    def _plan_context(self) -> PlanContext:
        session: Any = self
        limits = getattr(getattr(session, "transport", None), "limits", None)
        width = int(getattr(limits, "max_concurrency", 8) or 8)
        needed = ("organizations", "users", "teams", "team_members", "roles", "workspaces")
        has_lists = all(callable(getattr(session, name, None)) for name in needed)
        return PlanContext(
            source=session if has_lists else ApiListSource(session.pro),
            client=session.pro,
            journal=AsyncJournal(self._journal_store(), session=self),
            who=self._actor,
            width=width,
        )

    async def _plan_sheet(self, kind: SheetKind, source: Any, organization: str | None) -> AsyncPlan:
        table = read_table(source)
        context = self._plan_context()
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

    async def plan_role_assignments(
        self, source: SheetSource, *, organization: str | None = None
    ) -> AsyncPlan:
        """Plan role assignments from a sheet: columns ``user`` (email or username) or ``team``, ``role``,
        ``workspace`` (blank: organization scope), optional ``action`` (``assign``/``revoke``) and
        ``organization``.

        ``source`` is a CSV path, CSV text or bytes, a file object, or a DataFrame. Nothing changes until
        ``apply()``; the plan lists every problem by spreadsheet row (header = row 1) with its fix.
        ``organization`` is used for rows that do not name one.
        """
        return await self._plan_sheet("role_assignments", source, organization)

    async def plan_team_members(self, source: SheetSource, *, organization: str | None = None) -> AsyncPlan:
        """Plan team memberships from a sheet: ``team``, ``user``, optional ``action`` (``add``/``remove``)
        and ``organization``. See :meth:`plan_role_assignments`."""
        return await self._plan_sheet("team_members", source, organization)

    async def plan_invitations(self, source: SheetSource, *, organization: str | None = None) -> AsyncPlan:
        """Plan invitations from a sheet: ``email``, ``role`` (an organization role), optional ``action``
        (``invite``/``cancel``) and ``organization``. See :meth:`plan_role_assignments`."""
        return await self._plan_sheet("invitations", source, organization)

    async def plan_changes(self, changes: Sequence[Change], *, kind: str = "changes") -> AsyncPlan:
        """Plan already-resolved changes (what ``journal.undo`` builds), diffed against the live state."""
        context = self._plan_context()
        state = await load_state(context.source, changes)
        rows = [
            PlannedRow(number, {}, change=_with_invitation_id(change, state))
            for number, change in enumerate(changes, start=1)
        ]
        diff_rows(rows, state)
        return AsyncPlan(kind, rows, context)


class ChangesMixin:
    """The sync twins for ``Session`` (each runs the ``AsyncSession`` method on the loop thread)."""

    aio: Any

    @property
    def journal(self) -> Journal:
        """Every change made through this session, with its inverse; ``s.journal.undo(last=n)``."""
        return Journal(self.aio._journal_store(), session=self)

    def plan_role_assignments(self, source: SheetSource, *, organization: str | None = None) -> Plan:
        """See :meth:`AsyncChangesMixin.plan_role_assignments`."""
        from .._core.loop import run_sync

        return Plan(run_sync(self.aio.plan_role_assignments(source, organization=organization)))

    def plan_team_members(self, source: SheetSource, *, organization: str | None = None) -> Plan:
        """See :meth:`AsyncChangesMixin.plan_team_members`."""
        from .._core.loop import run_sync

        return Plan(run_sync(self.aio.plan_team_members(source, organization=organization)))

    def plan_invitations(self, source: SheetSource, *, organization: str | None = None) -> Plan:
        """See :meth:`AsyncChangesMixin.plan_invitations`."""
        from .._core.loop import run_sync

        return Plan(run_sync(self.aio.plan_invitations(source, organization=organization)))

    def journal_change(self, change: Change | str, **fields: str) -> JournalEntry:
        """See :meth:`AsyncChangesMixin.journal_change`."""
        from .._core.loop import run_sync

        entry: JournalEntry = run_sync(self.aio.journal_change(change, **fields))
        return entry

    def plan_changes(self, changes: Sequence[Change], *, kind: str = "changes") -> Plan:
        """See :meth:`AsyncChangesMixin.plan_changes`."""
        from .._core.loop import run_sync

        return Plan(run_sync(self.aio.plan_changes(changes, kind=kind)))


def _with_invitation_id(change: Change, state: LiveState) -> Change:
    """Cancelling needs the invitation's id; an invite journaled without one finds it by email."""
    if change.kind != "cancel_invitation" or change.invitation_id:
        return change
    invitation = state.pending_invitation(change.organization_id, change.email)
    return replace(change, invitation_id=invitation.id) if invitation else change
