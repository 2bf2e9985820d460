"""Bulk changes as session methods: ``plan_role_assignments``, ``plan_team_members``,
``plan_invitations`` and ``plan_changes``. The session composes a :class:`~zpro_nb.changes.planner.Planner`
with what it needs (its list methods, the Pro client, its journal, who is signed in)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from ..changes.plan import AsyncPlan, PlanContext
from ..changes.planner import Planner
from .lookups import Lookups

if TYPE_CHECKING:
    from ..changes.change import Change
    from ..changes.live_state import ListSource
    from ..changes.table_input import SheetSource

__all__ = ["ChangeMethods"]


class ChangeMethods(Lookups):
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
