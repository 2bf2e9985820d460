"""Analyses across resources, as session methods: the access matrix and table, the workspace
inventory, stale invitations and inactive users (computed in :mod:`zpro_nb.views`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..arguments import require_number
from .lookups import Lookups

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ViewMethods"]


class ViewMethods(Lookups):
    """``access_matrix()``, ``access_table()``, ``workspace_inventory()``, ``stale_invitations()``,
    ``inactive_users()``."""

    async def access_matrix(self, organization: str | None = None, *, progress: bool = True) -> pd.DataFrame:
        """Users x workspaces: the roles each user holds in each workspace, directly or via a team."""
        from ..views import access_matrix

        return await access_matrix(self._reader, organization=organization, progress=progress)

    async def access_table(self, organization: str | None = None, *, progress: bool = True) -> pd.DataFrame:
        """The access matrix in long form: one row per (user, workspace, role, via)."""
        from ..views import access_table

        return await access_table(self._reader, organization=organization, progress=progress)

    async def workspace_inventory(
        self, organization: str | None = None, *, progress: bool = True
    ) -> pd.DataFrame:
        """Every workspace with its status, URL, members and (when available) pipeline/run activity."""
        from ..views import workspace_inventory

        return await workspace_inventory(self._reader, organization=organization, progress=progress)

    async def stale_invitations(self, days: float = 30, organization: str | None = None) -> pd.DataFrame:
        """Invitations unanswered for more than ``days``."""
        from ..views import stale_invitations

        require_number("days", days)
        return await stale_invitations(self._reader, days, organization=organization)

    async def inactive_users(self, days: float = 90) -> pd.DataFrame:
        """Active users who have not signed in for ``days`` (or never)."""
        from ..views import inactive_users

        require_number("days", days)
        return await inactive_users(self._reader, days)
