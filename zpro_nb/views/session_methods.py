"""The analyses as session methods: the access matrix and table, the workspace inventory, stale
invitations, inactive users and access reviews (computed in this package from a :class:`ProReader`),
and the org-wide lists (:mod:`.session_across`). The notebook session inherits
:class:`AnalysisMethods`; the base session below knows nothing of them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from ..arguments import require_number
from ..session.lookups import Lookups
from .access import access_matrix, access_table
from .access_review import AccessReview, access_review
from .access_snapshot import AccessSnapshot, take_snapshot
from .activity import inactive_users, stale_invitations
from .inventory import workspace_inventory
from .reader import reader_of
from .session_across import AcrossMethods

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AnalysisMethods", "ReviewMethods", "ViewMethods"]


class ViewMethods(Lookups):
    """``access_matrix()``, ``access_table()``, ``workspace_inventory()``, ``stale_invitations()``,
    ``inactive_users()``."""

    async def access_matrix(self, organization: str | None = None, *, progress: bool = True) -> pd.DataFrame:
        """Users x workspaces: the roles each user holds in each workspace, directly or via a team."""
        return await access_matrix(reader_of(self), organization=organization, progress=progress)

    async def access_table(self, organization: str | None = None, *, progress: bool = True) -> pd.DataFrame:
        """The access matrix in long form: one row per (user, workspace, role, via)."""
        return await access_table(reader_of(self), organization=organization, progress=progress)

    async def workspace_inventory(
        self, organization: str | None = None, *, progress: bool = True
    ) -> pd.DataFrame:
        """Every workspace with its status, URL, members and (when available) pipeline/run activity."""
        return await workspace_inventory(reader_of(self), organization=organization, progress=progress)

    async def stale_invitations(self, days: float = 30, organization: str | None = None) -> pd.DataFrame:
        """Invitations unanswered for more than ``days``."""
        require_number("days", days)
        return await stale_invitations(reader_of(self), days, organization=organization)

    async def inactive_users(self, days: float = 90) -> pd.DataFrame:
        """Active users who have not signed in for ``days`` (or never)."""
        require_number("days", days)
        return await inactive_users(reader_of(self), days)


class ReviewMethods(Lookups):
    """``access_snapshot()`` and ``access_review()``."""

    async def access_snapshot(
        self, organization: str | None = None, *, progress: bool = True
    ) -> AccessSnapshot:
        """Who holds which role where now: organization and workspace roles, held directly or through
        a team, with each holder's last sign-in. ``.save(path)`` keeps it for the next review."""
        return await take_snapshot(reader_of(self), organization, progress=progress)

    async def access_review(
        self,
        previous: str | Path | AccessSnapshot | None = None,
        *,
        dormant_days: float = 90,
        invitation_days: float = 30,
        key_days: float = 90,
        organization: str | None = None,
        progress: bool = True,
        now: dt.datetime | None = None,
    ) -> AccessReview:
        """A snapshot now and the review's tables: ``diff`` (against ``previous``, a saved snapshot's
        path), ``privileged``, ``dormant`` (no sign-in for ``dormant_days``), ``stale_invitations``
        (older than ``invitation_days``) and ``stale_keys`` (service-account keys across workspaces
        not rotated for ``key_days``). ``now``: the moment ages count from (default: the session's
        clock)."""
        return await access_review(
            reader_of(self),
            previous,
            dormant_days=dormant_days,
            invitation_days=invitation_days,
            key_days=key_days,
            organization=organization,
            progress=progress,
            now=now,
        )


class AnalysisMethods(ViewMethods, AcrossMethods, ReviewMethods):
    """Everything the views add to a session (its sync twins: :mod:`._sync_session`)."""
