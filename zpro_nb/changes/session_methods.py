"""Bulk changes and the journal as session methods: ``plan_role_assignments``, ``plan_team_members``,
``plan_invitations``, ``plan_changes``, ``journal`` and ``journal_change``.

:class:`JournalMethods` implements the base session's ``_changed`` hook, so every change a single
call makes (``assign_role`` & co) lands in the journal; :class:`ChangeMethods` composes a
:class:`~zpro_nb.changes.planner.Planner` with what it needs (the list methods, the Pro client, the
journal, who is signed in). Both take the base session from below; the notebook session inherits
:class:`ChangeMethods`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from .._core.errors import ZProError
from ..session.lookups import Lookups
from .change import Change
from .journal import AsyncJournal, JournalEntry, JournalStore
from .plan import AsyncPlan
from .plan_context import PlanContext
from .planner import Planner

if TYPE_CHECKING:
    from .live_state import ListSource
    from .table_input import SheetSource

__all__ = ["ChangeMethods", "JournalMethods"]


class JournalMethods(Lookups):
    """The session's journal: every change made through it, with its inverse."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: one journal per session, shared by its sync and async faces
        self._journal = JournalStore()

    def _journal_store(self) -> JournalStore:
        return self._journal

    @property
    def journal(self) -> AsyncJournal:
        """Every change made through this session, with its inverse; ``await s.journal.undo(...)``."""
        return AsyncJournal(self._journal, session=self)

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
            actor = self._journal.actor  # the change is made: journal it even if whoami fails
        return self.journal.record(change, actor=actor, source="single", **fields)

    async def _changed(self, change: str, **fields: str) -> None:
        await self.journal_change(change, **fields)

    async def _actor(self) -> str:
        me = await self.whoami()
        for value in (me.username, me.email, me.name, me.id):
            if value:
                self._journal.actor = value
                return value
        return ""


class ChangeMethods(JournalMethods):
    """Planning and applying bulk changes; every applied change lands in ``journal``."""

    def _planner(self) -> Planner:
        # The list methods come from the composed AsyncSession (people, roles, organizations);
        # the changes read them through their ListSource protocol.
        lists = cast("ListSource", self)
        context = PlanContext(
            source=lists,
            client=self.pro,
            journal=self.journal,
            who=self._actor,
            width=int(self.transport.limits.max_concurrency or 8),
        )
        return Planner(context)

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
        return await self._planner().plan_sheet("role_assignments", source, organization)

    async def plan_team_members(self, source: SheetSource, *, organization: str | None = None) -> AsyncPlan:
        """Plan team memberships from a sheet: ``team``, ``user``, optional ``action`` (``add``/``remove``)
        and ``organization``. See :meth:`plan_role_assignments`."""
        return await self._planner().plan_sheet("team_members", source, organization)

    async def plan_invitations(self, source: SheetSource, *, organization: str | None = None) -> AsyncPlan:
        """Plan invitations from a sheet: ``email``, ``role`` (an organization role), optional ``action``
        (``invite``/``cancel``) and ``organization``. See :meth:`plan_role_assignments`."""
        return await self._planner().plan_sheet("invitations", source, organization)

    async def plan_changes(self, changes: Sequence[Change], *, kind: str = "changes") -> AsyncPlan:
        """Plan already-resolved changes (what ``journal.undo`` builds), diffed against the live state."""
        return await self._planner().plan_changes(changes, kind=kind)
