"""Offboarding on the session: ``s.offboarding_plan(user)`` and ``s.offboarding_picker()``.
Mixed into the sync :class:`~zpro_nb.session.Session` only: the plan applies through its sync
methods, so these two have no async twin."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ..changes.offboarding import OffboardingPlan
    from ..widgets.offboarding_picker import OffboardingPicker
    from . import Session

__all__ = ["OffboardingMixin"]


class OffboardingMixin:
    """Offboarding methods for the sync ``Session``."""

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
        from ..changes.offboarding import offboarding_plan

        return offboarding_plan(cast("Session", self), user, progress=progress)

    def offboarding_picker(self) -> OffboardingPicker:
        """A search box and list of users: picking one shows their offboarding plan (``.plan``)."""
        from ..widgets.offboarding_picker import OffboardingPicker

        return OffboardingPicker(cast("Session", self))
