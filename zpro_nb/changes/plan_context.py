"""What a plan stands on, below :mod:`.plan`: its context, the row hook, and the two protocols that let
the modules a plan uses name it without importing it back.

``apply_rows`` (:mod:`.applying`) and ``plan_html`` (:mod:`.rendering`) read a plan as a
:class:`PlanView`; a plan records what it did through a :class:`Recorder` (the session's journal,
whose ``undo`` builds plans). ``zpro_nb.changes.plan`` re-exports ``PlanContext`` and ``RowHook``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from .live_state import ListSource
from .planned_row import PlannedRow
from .sending import Sender

if TYPE_CHECKING:
    import pandas as pd

    from .change import Change
    from .journal_entry import JournalEntry
    from .problems import RowProblem

__all__ = ["PlanContext", "PlanView", "Recorder", "RowHook"]

#: a callback run after each row is applied (a progress bar, a test's interruption hook)
RowHook = Callable[[PlannedRow], None]


class Recorder(Protocol):
    """Where a plan records each change it made: ``journal.JournalBase`` (the session's journal)."""

    def record(
        self,
        change: Change,
        *,
        actor: str | None = None,
        source: str = "single",
        plan_id: str = "",
        note: str = "",
    ) -> JournalEntry:
        """Add one change that was made; returns the entry."""
        ...


class PlanView(Protocol):
    """What applying and showing a plan read of it: ``plan.AsyncPlan`` (and its sync twin ``Plan``)."""

    @property
    def id(self) -> str:
        """The plan's id (journal entries made by it carry it)."""
        ...

    @property
    def kind(self) -> str:
        """``role_assignments``, ``team_members``, ``invitations`` or ``undo``."""
        ...

    @property
    def rows(self) -> list[PlannedRow]:
        """The planned rows."""
        ...

    @property
    def errors(self) -> list[RowProblem]:
        """Every problem found, in row order."""
        ...

    @property
    def frame(self) -> pd.DataFrame:
        """One row per sheet row, with its status and outcome."""
        ...

    @property
    def results(self) -> pd.DataFrame:
        """The rows that change something, with their outcome and reason."""
        ...

    def outcomes(self) -> dict[str, int]:
        """How many changing rows are done, were already so, failed, or have not run."""
        ...

    def summary(self) -> str:
        """One line: what the plan adds, removes and leaves (plus results once applied)."""
        ...


@dataclass
class PlanContext:
    """What a plan needs from its session: list methods, the Pro client, the journal, the caller's name."""

    source: ListSource
    client: Sender
    journal: Recorder
    who: Callable[[], Awaitable[str]]
    #: at most this many changes in flight (the session's concurrency cap)
    width: int = 8
