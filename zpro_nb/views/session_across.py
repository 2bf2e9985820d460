"""Org-wide questions in one call, as session methods: runs, pipelines, stacks, service accounts,
API keys, artifacts and models of every available workspace, as one frame.

Every method takes the workspace session's filters, plus ``organization=`` (name or id),
``workspaces=`` (names or ids; default: every available workspace) and ``progress=``. The frame has
``workspace`` and ``workspace_id`` first, then the workspace frame's columns; workspaces that could
not be read are listed in ``df.zpro.errors`` and named in one warning.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Coroutine, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .._core.loop import run_sync
from .._core.paging import check_sizes
from ..errors import InvalidArgument
from ..session.lookups import Lookups
from ..time_filters import created_between
from .across import warn_left_out
from .across_call import across
from .reader import reader_of

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AcrossMethods", "Since", "across_result"]

Since = dt.datetime | dt.timedelta | str | None

# Set while a sync twin runs an org-wide call: the warning is then given on the caller's thread
# (where a notebook shows it under the cell), not on zpro_nb's loop thread.
_QUIET: contextvars.ContextVar[bool] = contextvars.ContextVar("zpro_nb_across_quiet", default=False)


async def _quietly(call: Coroutine[Any, Any, pd.DataFrame]) -> pd.DataFrame:
    token = _QUIET.set(True)
    try:
        return await call
    finally:
        _QUIET.reset(token)


def across_result(method: str, call: Coroutine[Any, Any, pd.DataFrame]) -> pd.DataFrame:
    """Run an org-wide ``call`` on the loop thread and warn here about workspaces left out."""
    frame = run_sync(_quietly(call))
    warn_left_out(method, frame.zpro.errors)
    return frame


class AcrossMethods(Lookups):
    """Org-wide lists: one workspace method run on every available workspace."""

    async def _across(
        self,
        method: str,
        kwargs: Mapping[str, Any],
        organization: str | None,
        workspaces: Sequence[str] | None,
        progress: bool,
        *,
        warn: bool = True,
    ) -> pd.DataFrame:
        if isinstance(workspaces, str):
            raise InvalidArgument(f"workspaces must be a list of names or ids, e.g. [{workspaces!r}]")
        # Refused here, before the workspaces are listed: every workspace would refuse them alike,
        # and a row of errors per workspace (with an empty frame) would hide the typo.
        now = dt.datetime.fromtimestamp(self.transport.clock.time(), dt.UTC)
        created_between(kwargs.get("since"), None, now)
        check_sizes(1, kwargs.get("max_items"))
        return await across(
            reader_of(self),
            method,
            kwargs,
            organization=organization,
            workspaces=workspaces,
            progress=progress,
            warn=warn and not _QUIET.get(),
        )

    async def runs(
        self,
        *,
        since: Since = None,
        status: str | Sequence[str] | None = None,
        pipeline: str | None = None,
        project: str | None = None,
        sort_by: str | None = "desc:created",
        max_items: int | None = None,
        organization: str | None = None,
        workspaces: Sequence[str] | None = None,
        progress: bool = True,
    ) -> pd.DataFrame:
        """Pipeline runs of every available workspace (newest first within each); ``max_items`` and
        ``since`` bound what is read from each workspace. See ``WorkspaceSession.runs``."""
        kwargs = {
            "since": since,
            "status": status,
            "pipeline": pipeline,
            "project": project,
            "sort_by": sort_by,
            "max_items": max_items,
        }
        return await self._across("runs", kwargs, organization, workspaces, progress)

    async def pipelines(
        self,
        *,
        project: str | None = None,
        name: str | None = None,
        sort_by: str | None = None,
        organization: str | None = None,
        workspaces: Sequence[str] | None = None,
        progress: bool = True,
    ) -> pd.DataFrame:
        """Pipelines of every available workspace, with their latest run's status."""
        kwargs = {"project": project, "name": name, "sort_by": sort_by}
        return await self._across("pipelines", kwargs, organization, workspaces, progress)

    async def stacks(
        self,
        *,
        sort_by: str | None = None,
        organization: str | None = None,
        workspaces: Sequence[str] | None = None,
        progress: bool = True,
    ) -> pd.DataFrame:
        """Stacks of every available workspace."""
        return await self._across("stacks", {"sort_by": sort_by}, organization, workspaces, progress)

    async def service_accounts(
        self,
        *,
        active: bool | None = None,
        sort_by: str | None = None,
        max_items: int | None = None,
        organization: str | None = None,
        workspaces: Sequence[str] | None = None,
        progress: bool = True,
    ) -> pd.DataFrame:
        """Service accounts of every available workspace."""
        kwargs = {"active": active, "sort_by": sort_by, "max_items": max_items}
        return await self._across("service_accounts", kwargs, organization, workspaces, progress)

    async def api_keys(
        self,
        service_account: str | None = None,
        *,
        active: bool | None = None,
        organization: str | None = None,
        workspaces: Sequence[str] | None = None,
        progress: bool = True,
    ) -> pd.DataFrame:
        """Every API key of every service account (or of the one named, where it exists) in every
        available workspace; never a key's value."""
        kwargs = {"service_account": service_account, "active": active}
        return await self._across("api_keys", kwargs, organization, workspaces, progress)

    async def artifacts(
        self,
        *,
        name: str | None = None,
        project: str | None = None,
        sort_by: str | None = None,
        max_items: int | None = None,
        organization: str | None = None,
        workspaces: Sequence[str] | None = None,
        progress: bool = True,
    ) -> pd.DataFrame:
        """Artifacts (with their latest version) of every available workspace."""
        kwargs = {"name": name, "project": project, "sort_by": sort_by, "max_items": max_items}
        return await self._across("artifacts", kwargs, organization, workspaces, progress)

    async def models(
        self,
        *,
        name: str | None = None,
        project: str | None = None,
        sort_by: str | None = None,
        max_items: int | None = None,
        organization: str | None = None,
        workspaces: Sequence[str] | None = None,
        progress: bool = True,
    ) -> pd.DataFrame:
        """Models (with their latest version) of every available workspace."""
        kwargs = {"name": name, "project": project, "sort_by": sort_by, "max_items": max_items}
        return await self._across("models", kwargs, organization, workspaces, progress)
