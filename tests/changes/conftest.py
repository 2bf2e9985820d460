"""Fixtures for the bulk-change tests."""

from __future__ import annotations

from typing import Any

import pytest

from zpro_nb.changes.journal import AsyncJournal, JournalStore
from zpro_nb.changes.plan import AsyncPlan
from zpro_nb.changes.plan_context import PlanContext
from zpro_nb.changes.planner import Planner
from zpro_nb.changes.table_input import SheetSource
from zpro_nb.models.pro import User

from .frame_source import FrameSource, demo_source


class SheetSession(FrameSource):
    """A planner over frames built in the test, composed as the session composes it (planning
    only: nothing is ever sent)."""

    pro: Any = None

    async def whoami(self, refresh: bool = False) -> User:
        return User(id="u-admin", username="admin", email="admin@acme.example")

    def _planner(self) -> Planner:
        async def who() -> str:
            return (await self.whoami()).username or ""

        return Planner(
            PlanContext(source=self, client=self.pro, journal=AsyncJournal(JournalStore()), who=who)
        )

    async def plan_role_assignments(
        self, source: SheetSource, *, organization: str | None = None
    ) -> AsyncPlan:
        return await self._planner().plan_sheet("role_assignments", source, organization)

    async def plan_team_members(self, source: SheetSource, *, organization: str | None = None) -> AsyncPlan:
        return await self._planner().plan_sheet("team_members", source, organization)

    async def plan_invitations(self, source: SheetSource, *, organization: str | None = None) -> AsyncPlan:
        return await self._planner().plan_sheet("invitations", source, organization)


@pytest.fixture
def session() -> SheetSession:
    base = demo_source()
    return SheetSession(**{k: getattr(base, k) for k in base.__dataclass_fields__})
