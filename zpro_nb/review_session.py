"""Access reviews on the session: ``s.access_snapshot()`` and ``s.access_review(previous=...)``.
Mixed into :class:`~zpro_nb.session.AsyncSession` (and the sync twins into ``Session``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from ._core.loop import run_sync

if TYPE_CHECKING:
    from .session import AsyncSession
    from .views.access_review import AccessReview
    from .views.access_snapshot import AccessSnapshot

__all__ = ["AsyncReviewMixin", "ReviewMixin"]


class AsyncReviewMixin:
    """The async methods (the class mixing them in is an ``AsyncSession``)."""

    async def access_snapshot(
        self, organization: str | None = None, *, progress: bool = True
    ) -> AccessSnapshot:
        """Who holds which role where now: organization and workspace roles, held directly or through
        a team, with each holder's last sign-in. ``.save(path)`` keeps it for the next review."""
        from .views.access_snapshot import take_snapshot

        session: AsyncSession = self  # type: ignore[assignment]
        return await take_snapshot(session, organization, progress=progress)

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
        from .views.access_review import access_review

        session: AsyncSession = self  # type: ignore[assignment]
        return await access_review(
            session,
            previous,
            dormant_days=dormant_days,
            invitation_days=invitation_days,
            key_days=key_days,
            organization=organization,
            progress=progress,
            now=now,
        )


class ReviewMixin:
    """The sync twins, run on zpro_nb's loop thread."""

    aio: AsyncReviewMixin

    def access_snapshot(self, organization: str | None = None, *, progress: bool = True) -> AccessSnapshot:
        """See :meth:`AsyncReviewMixin.access_snapshot`."""
        return run_sync(self.aio.access_snapshot(organization, progress=progress))

    def access_review(
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
        """See :meth:`AsyncReviewMixin.access_review`."""
        return run_sync(
            self.aio.access_review(
                previous,
                dormant_days=dormant_days,
                invitation_days=invitation_days,
                key_days=key_days,
                organization=organization,
                progress=progress,
                now=now,
            )
        )
