"""What the changes add to the sync session by hand: ``s.journal`` (the sync journal, whose
``undo`` plans through the sync session) and ``s.offboarding_plan(user)``, which applies through the
sync methods and so has no async twin."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from .journal import Journal
from .offboarding import OffboardingPlan, OffboardingSession, offboarding_plan

if TYPE_CHECKING:
    from .session_methods import JournalMethods

__all__ = ["ChangeSyncMethods"]


class ChangeSyncMethods:
    """The journal and offboarding of the sync ``Session``."""

    aio: JournalMethods

    @property
    def journal(self) -> Journal:
        """Every change made through this session, with its inverse; ``s.journal.undo(last=n)``."""
        return Journal(self.aio._journal_store(), session=self)

    def offboarding_plan(self, user: str, *, progress: bool = True) -> OffboardingPlan:
        """Everything ``user`` (email, username or id) holds and the plans that take it away.

        Reads, in every organization you can see, the roles given to the person directly, their
        teams, the roles those teams give them and invitations pending to their email. Shows as a
        table (``.table``: one row per thing held, and what the plan does with it); nothing changes
        until ``.apply(deactivate=False)``, which returns what was and was not changed.

        Example:
            ```python
            plan = s.offboarding_plan("noah.romero@acme.example")
            plan                       # the table
            plan.apply(deactivate=True)
            ```
        """
        # The list and change methods come from the composed Session; the plan reads them through
        # its OffboardingSession protocol.
        return offboarding_plan(cast("OffboardingSession", self), user, progress=progress)
