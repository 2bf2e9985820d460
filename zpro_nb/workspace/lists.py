"""A workspace's lists as DataFrames: users, service accounts, API keys, projects, pipelines, runs,
run templates, stacks, components, tags and secrets. Filters and sorting go to the server."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..api.workspace import api_keys as keys_api
from ..api.workspace import resources as resources_api
from ..api.workspace import service_accounts as accounts_api
from ..api.workspace import users as users_api
from ..api.workspace.filters import op
from ..time_filters import Moment, created_between
from .core import UUID
from .objects import WorkspaceObjects

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["WorkspaceLists"]


class WorkspaceLists(WorkspaceObjects):
    """The lists of a workspace."""

    async def users(
        self,
        *,
        active: bool | None = None,
        name: str | None = None,
        sort_by: str | None = None,
        max_items: int | None = None,
    ) -> pd.DataFrame:
        """The workspace's (human) users. ``name`` filters on the server (``contains:`` match)."""
        filters = {"active": active, "name": op("contains", name) if name else None}
        records = await users_api.list_users(
            self.client, filters=filters, sort_by=sort_by, max_items=max_items
        )
        return await self._frame("workspace_users", records)

    async def service_accounts(
        self, *, active: bool | None = None, sort_by: str | None = None, max_items: int | None = None
    ) -> pd.DataFrame:
        """The workspace's service accounts."""
        records = await accounts_api.list_service_accounts(
            self.client, filters={"active": active}, sort_by=sort_by, max_items=max_items
        )
        return await self._frame("service_accounts", records)

    async def api_keys(
        self, service_account: str | None = None, *, active: bool | None = None
    ) -> pd.DataFrame:
        """API keys of one service account (name or id), or of all of them (fetched concurrently)."""
        if service_account is not None:
            account = await self.get_service_account(service_account)
            accounts = [(account.id, account.name)]
        else:
            listed = await accounts_api.list_service_accounts(self.client, hydrate=False)
            accounts = [(str(a.get("id")), a.get("name")) for a in listed]
        per_account = await asyncio.gather(
            *(
                keys_api.list_api_keys(self.client, account_id, filters={"active": active})
                for account_id, _ in accounts
            )
        )
        records: list[dict[str, Any]] = []
        owner_ids: list[str] = []
        owner_names: list[Any] = []
        for (account_id, account_name), keys in zip(accounts, per_account, strict=True):
            records.extend(keys)
            owner_ids += [account_id] * len(keys)
            owner_names += [account_name] * len(keys)
        return await self._frame(
            "api_keys", records, service_account_id=owner_ids, service_account_name=owner_names
        )

    async def _resource(
        self,
        resource: str,
        filters: Mapping[str, Any] | None = None,
        *,
        sort_by: str | None = None,
        max_items: int | None = None,
    ) -> pd.DataFrame:
        records = await self._listed(resource, filters, sort_by=sort_by, max_items=max_items)
        return await self._frame(resource, records)

    async def projects(self, *, sort_by: str | None = None) -> pd.DataFrame:
        """The workspace's projects."""
        return await self._resource("projects", sort_by=sort_by)

    async def pipelines(
        self, *, project: str | None = None, name: str | None = None, sort_by: str | None = None
    ) -> pd.DataFrame:
        """Pipelines, with their latest run's status (``project``: name or id)."""
        filters = {"project": project, "name": op("contains", name) if name else None}
        return await self._resource("pipelines", filters, sort_by=sort_by)

    async def runs(
        self,
        *,
        since: Moment | None = None,
        until: Moment | None = None,
        status: str | Sequence[str] | None = None,
        pipeline: str | None = None,
        project: str | None = None,
        sort_by: str | None = "desc:created",
        max_items: int | None = None,
    ) -> pd.DataFrame:
        """Pipeline runs, newest first. Every filter is applied by the server.

        ``since``/``until`` bound the run's creation time (both inclusive, to the second). Each takes
        a datetime (a naive one is read as UTC), a date (midnight UTC), a timedelta back from now,
        ``"30d"``, ``"12h"``, ``"2w"`` or ``"90m"`` (days, hours, weeks, minutes back from now),
        ``"2026-12-02"`` or an ISO timestamp (``"2026-12-02T08:30:00Z"``; without an offset, UTC).
        Anything else raises ``InvalidArgument`` before a request is sent. ``status``: one status
        or several. ``pipeline``: a pipeline's name or id.
        """
        filters: dict[str, Any] = {"project": project}
        now = dt.datetime.fromtimestamp(self.transport.clock.time(), dt.UTC)
        filters["created"] = created_between(since, until, now)
        if isinstance(status, str):
            filters["status"] = status
        elif status is not None:
            filters["status"] = op("oneof", list(status))
        if pipeline is not None:
            key = "pipeline_id" if UUID.match(pipeline) else "pipeline_name"
            filters[key] = pipeline
        return await self._resource("runs", filters, sort_by=sort_by, max_items=max_items)

    async def run_templates(self, *, project: str | None = None, sort_by: str | None = None) -> pd.DataFrame:
        """Run templates."""
        return await self._resource("run_templates", {"project": project}, sort_by=sort_by)

    async def stacks(self, *, sort_by: str | None = None) -> pd.DataFrame:
        """Stacks."""
        return await self._resource("stacks", sort_by=sort_by)

    async def components(self, *, type: str | None = None, sort_by: str | None = None) -> pd.DataFrame:
        """Stack components (``type``: e.g. ``orchestrator``, ``artifact_store``)."""
        return await self._resource("components", {"type": type}, sort_by=sort_by)

    async def tags(self, *, sort_by: str | None = None) -> pd.DataFrame:
        """Tags."""
        return await self._resource("tags", sort_by=sort_by)

    async def secrets(self, *, value_names: bool = True, sort_by: str | None = None) -> pd.DataFrame:
        """Secrets: names, owners and the names of the values each holds; never the values.

        A list says nothing of what a secret holds, so ``value_names=True`` reads each secret once
        (concurrently) and keeps only the names of its values; ``False`` skips those reads and
        leaves ``value_names`` NA.
        """
        records = await resources_api.list_resource(self.client, "secrets", sort_by=sort_by)
        if value_names:
            records = await resources_api.with_value_names(self.client, records)
        return await self._frame("secrets", records)
