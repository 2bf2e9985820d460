"""Access reviews on the session: ``s.access_snapshot()`` and ``s.access_review(previous=...)``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from .lookups import Lookups

if TYPE_CHECKING:
    from ..views.access_review import AccessReview
    from ..views.access_snapshot import AccessSnapshot

__all__ = ["ReviewMethods"]


class ReviewMethods(Lookups):
    """``access_snapshot()`` and ``access_review()``."""

    async def access_snapshot(
        self, organization: str | None = None, *, progress: bool = True
    ) -> AccessSnapshot:
        """Who holds which role where now: organization and workspace roles, held directly or through
        a team, with each holder's last sign-in. ``.save(path)`` keeps it for the next review."""
        from ..views.access_snapshot import take_snapshot

        return await take_snapshot(self._reader, organization, progress=progress)

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
        from ..views.access_review import access_review

        return await access_review(
            self._reader,
            previous,
            dormant_days=dormant_days,
            invitation_days=invitation_days,
            key_days=key_days,
            organization=organization,
            progress=progress,
            now=now,
        )
