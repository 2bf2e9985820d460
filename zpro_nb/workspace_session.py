"""``WorkspaceSession`` (sync) and ``AsyncWorkspaceSession``: one workspace's API as DataFrames.

Reach one from a Pro session with ``s.workspace("name-or-id")`` (it finds the workspace's URL and
signs in with the Pro credentials), or connect to any ZenML server with
``zpro_nb.connect_workspace(url, api_key=... | username=..., password=... | token=...)``; with no
arguments the ``ZENML_STORE_*`` variables are used, as the zenml client does.

Lists come back under the declared schemas of :mod:`zpro_nb.frames.workspace`; filters and sorting
go to the server (``field=op:value``, ``sort_by``). Names or ids are accepted everywhere.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import os
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import httpx

from ._core.clock import Clock
from ._core.credentials import Auth, StaticBearerAuth, WorkspaceLoginAuth
from ._core.errors import AuthenticationError, NotFound
from ._core.limits import Limits
from ._core.loop import background_loop, run_sync
from ._core.retry import RetryPolicy
from ._core.transport import ApiClient, Transport
from .api import lookup
from .api.workspace import api_keys as keys_api
from .api.workspace import named
from .api.workspace import resources as resources_api
from .api.workspace import service_accounts as accounts_api
from .api.workspace import users as users_api
from .api.workspace.filters import op
from .arguments import require_name, require_number
from .errors import InvalidArgument
from .models.workspace import ApiKey, NewApiKey, ServiceAccount, WorkspaceObject, WorkspaceUser
from .time_filters import Moment, created_between
from .workspace_lineage_session import AsyncLineageMethods, LineageMethods

if TYPE_CHECKING:
    from types import TracebackType

    import pandas as pd

    from .frames.schema import FrameSchema

__all__ = [
    "STORE_API_KEY_ENV",
    "STORE_PASSWORD_ENV",
    "STORE_TOKEN_ENV",
    "STORE_URL_ENV",
    "STORE_USERNAME_ENV",
    "AsyncWorkspaceSession",
    "WorkspaceSession",
    "connect_workspace",
    "connect_workspace_async",
]

STORE_URL_ENV = "ZENML_STORE_URL"
STORE_API_KEY_ENV = "ZENML_STORE_API_KEY"
STORE_TOKEN_ENV = "ZENML_STORE_API_TOKEN"
STORE_USERNAME_ENV = "ZENML_STORE_USERNAME"
STORE_PASSWORD_ENV = "ZENML_STORE_PASSWORD"

_UUID = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")


def _schema(name: str) -> FrameSchema:
    # Frames (and pandas) load on the first list, not at ``import zpro_nb``.
    from .frames import SCHEMAS

    return SCHEMAS[name]


def api_root(server_url: str) -> str:
    """``{server_url}/api/v1`` (a URL that already ends in ``/api/v1`` is kept)."""
    url = server_url.rstrip("/")
    return url if url.endswith("/api/v1") else f"{url}/api/v1"


def _pickle_refused(self: object) -> NoReturn:
    raise TypeError(f"a {type(self).__name__} cannot be pickled: it holds live credentials")


class AsyncWorkspaceSession(AsyncLineageMethods):
    """One workspace's API (async). Same method names as :class:`WorkspaceSession`."""

    def __init__(
        self,
        transport: Transport,
        server_url: str,
        auth: Auth,
        *,
        name: str | None = None,
        workspace_id: str | None = None,
        allow_insecure: bool = False,
        owns_transport: bool = False,
    ) -> None:
        self.transport = transport
        self.server_url = server_url.rstrip("/")
        self.name = name
        self.workspace_id = workspace_id
        self.client: ApiClient = transport.client(api_root(server_url), auth, allow_insecure=allow_insecure)
        self._owns_transport = owns_transport
        self._me: WorkspaceUser | None = None

    # --- identity ------------------------------------------------------------------------------

    async def whoami(self, refresh: bool = False) -> WorkspaceUser:
        """The signed-in workspace user (``GET /current-user``), cached after the first call."""
        if self._me is None or refresh:
            self._me = await users_api.get_current_user(self.client)
        return self._me

    # --- lists ---------------------------------------------------------------------------------

    async def _frame(
        self, schema: str, records: list[dict[str, Any]], **values: Sequence[Any]
    ) -> pd.DataFrame:
        return _schema(schema).build(records, values=values or None)

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
        records = await resources_api.list_resource(
            self.client, resource, filters=filters, sort_by=sort_by, max_items=max_items
        )
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
            key = "pipeline_id" if _UUID.match(pipeline) else "pipeline_name"
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

    # --- single objects ------------------------------------------------------------------------

    @property
    def _where(self) -> str:
        return f" in workspace {self.name or self.server_url}"

    async def get_user(self, user: str) -> WorkspaceUser:
        """One user by name or id (a name in another case is found through the server's name filter)."""
        try:
            return await users_api.get_user(self.client, user)
        except NotFound:
            pass  # outside the except block, so the server's 404 does not trail the lookup's error
        found = await named.find_named(self.client, "/users", user, "user", where=self._where)
        return await users_api.get_user(self.client, str(found["id"]))

    async def get_service_account(self, service_account: str) -> ServiceAccount:
        """One service account by name or id."""
        try:
            return await accounts_api.get_service_account(self.client, service_account)
        except NotFound:
            pass
        found = await named.find_named(
            self.client, "/service_accounts", service_account, "service account", where=self._where
        )
        return await accounts_api.get_service_account(self.client, str(found["id"]))

    async def _account_and_key(self, service_account: str, key: str) -> tuple[str, ApiKey]:
        account = await self.get_service_account(service_account)
        try:
            return account.id, await keys_api.get_api_key(self.client, account.id, key)
        except NotFound:
            pass
        path = f"/service_accounts/{account.id}/api_keys"
        found = await named.find_named(
            self.client, path, key, f"API key of {account.name}", where=self._where
        )
        return account.id, await keys_api.get_api_key(self.client, account.id, str(found["id"]))

    async def get_api_key(self, service_account: str, key: str) -> ApiKey:
        """One API key (name or id) of a service account (name or id)."""
        return (await self._account_and_key(service_account, key))[1]

    async def get(self, resource: str, name_or_id: str) -> WorkspaceObject:
        """One object by name or id: a project, pipeline, run, run template, stack, component, tag,
        secret, artifact, artifact version (id), model, model version, step or schedule (the
        resource is the list's name: ``"runs"``, ``"artifact_versions"``, ...).

        An id is read directly; a name is found with the server's ``name`` filter (never by
        listing every object), case-insensitively, then read by its id.
        """
        if resource not in resources_api.ENDPOINTS:
            known = ", ".join(sorted(resources_api.ENDPOINTS))
            raise InvalidArgument(f"resource must be one of {known}, not {resource!r}")
        path, _ = resources_api.ENDPOINTS[resource]
        noun = resource.rstrip("s").replace("_", " ")
        by_id = bool(_UUID.match(name_or_id.strip()))
        if by_id or resource in resources_api.NAME_IN_PATH:
            try:
                return await resources_api.get_resource(self.client, resource, name_or_id.strip())
            except NotFound:
                pass  # outside the except block, so the server's 404 does not trail the lookup's error
            if by_id:
                raise lookup.NameNotFound(f"no {noun} with id {name_or_id!r}{self._where}")
        found = await named.find_named(self.client, path, name_or_id, noun, where=self._where)
        return await resources_api.get_resource(self.client, resource, str(found["id"]))

    # --- changes -------------------------------------------------------------------------------

    async def create_service_account(self, name: str, description: str | None = None) -> ServiceAccount:
        """Create a service account (admin only)."""
        require_name("name", name)
        return await accounts_api.create_service_account(self.client, name=name, description=description)

    async def create_api_key(
        self, service_account: str, name: str, description: str | None = None
    ) -> NewApiKey:
        """Create an API key for a service account. The value is shown masked; ``.show_key()`` reveals it."""
        require_name("name", name)
        account = await self.get_service_account(service_account)
        return await keys_api.create_api_key(self.client, account.id, name=name, description=description)

    async def rotate_api_key(self, service_account: str, key: str, retain_minutes: int = 0) -> NewApiKey:
        """Rotate a key: a new value (masked) now, the old one valid for ``retain_minutes`` more."""
        require_number("retain_minutes", retain_minutes)
        account_id, current = await self._account_and_key(service_account, key)
        return await keys_api.rotate_api_key(
            self.client, account_id, current.id, retain_minutes=retain_minutes
        )

    async def deactivate_api_key(self, service_account: str, key: str) -> ApiKey:
        """Deactivate a key: it stops working at once (it can be reactivated)."""
        account_id, current = await self._account_and_key(service_account, key)
        return await keys_api.deactivate_api_key(self.client, account_id, current.id)

    async def deactivate_service_account(self, service_account: str) -> ServiceAccount:
        """Deactivate a service account: none of its keys work any more."""
        account = await self.get_service_account(service_account)
        return await accounts_api.deactivate_service_account(self.client, account.id)

    async def deactivate_user(self, user: str) -> WorkspaceUser:
        """Deactivate a workspace user (admin only)."""
        found = await self.get_user(user)
        return await users_api.deactivate_user(self.client, found.id)

    # --- display and lifecycle -----------------------------------------------------------------

    def _describe(self) -> list[tuple[str, str]]:
        rows = [("url", self.server_url)]
        if self.name:
            rows.insert(0, ("workspace", self.name))
        if self._me is not None:
            rows.append(("user", self._me.label()))
        auth = self.client.auth
        rows.append(("credential", str(getattr(auth, "description", "token"))))
        return rows

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{k}={v!r}" for k, v in self._describe()) + ")"

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
            f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
            for k, v in self._describe()
        )
        return f"<div><b>ZenML workspace session</b><table>{body}</table></div>"

    __reduce__ = _pickle_refused

    async def aclose(self) -> None:
        """Close the connections if this session owns them (one reached through Pro shares them)."""
        if self._owns_transport:
            await self.transport.aclose()

    async def __aenter__(self) -> AsyncWorkspaceSession:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


class WorkspaceSession(LineageMethods):
    """One workspace's API. Every method runs the :class:`AsyncWorkspaceSession` one (``aio``) on
    zpro_nb's loop thread, so it works in scripts, Jupyter and widget callbacks alike."""

    aio: AsyncWorkspaceSession

    def __init__(self, aio: AsyncWorkspaceSession) -> None:
        self.aio = aio

    @property
    def server_url(self) -> str:
        """The workspace server's URL."""
        return self.aio.server_url

    @property
    def name(self) -> str | None:
        """The workspace's name (when reached through Pro)."""
        return self.aio.name

    def whoami(self, refresh: bool = False) -> WorkspaceUser:
        """The signed-in workspace user."""
        return run_sync(self.aio.whoami(refresh))

    def users(
        self,
        *,
        active: bool | None = None,
        name: str | None = None,
        sort_by: str | None = None,
        max_items: int | None = None,
    ) -> pd.DataFrame:
        """See :meth:`AsyncWorkspaceSession.users`."""
        return run_sync(self.aio.users(active=active, name=name, sort_by=sort_by, max_items=max_items))

    def service_accounts(
        self, *, active: bool | None = None, sort_by: str | None = None, max_items: int | None = None
    ) -> pd.DataFrame:
        """See :meth:`AsyncWorkspaceSession.service_accounts`."""
        return run_sync(self.aio.service_accounts(active=active, sort_by=sort_by, max_items=max_items))

    def api_keys(self, service_account: str | None = None, *, active: bool | None = None) -> pd.DataFrame:
        """See :meth:`AsyncWorkspaceSession.api_keys`."""
        return run_sync(self.aio.api_keys(service_account, active=active))

    def projects(self, *, sort_by: str | None = None) -> pd.DataFrame:
        """See :meth:`AsyncWorkspaceSession.projects`."""
        return run_sync(self.aio.projects(sort_by=sort_by))

    def pipelines(
        self, *, project: str | None = None, name: str | None = None, sort_by: str | None = None
    ) -> pd.DataFrame:
        """See :meth:`AsyncWorkspaceSession.pipelines`."""
        return run_sync(self.aio.pipelines(project=project, name=name, sort_by=sort_by))

    def runs(
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
        """See :meth:`AsyncWorkspaceSession.runs`."""
        return run_sync(
            self.aio.runs(
                since=since,
                until=until,
                status=status,
                pipeline=pipeline,
                project=project,
                sort_by=sort_by,
                max_items=max_items,
            )
        )

    def run_templates(self, *, project: str | None = None, sort_by: str | None = None) -> pd.DataFrame:
        """See :meth:`AsyncWorkspaceSession.run_templates`."""
        return run_sync(self.aio.run_templates(project=project, sort_by=sort_by))

    def stacks(self, *, sort_by: str | None = None) -> pd.DataFrame:
        """See :meth:`AsyncWorkspaceSession.stacks`."""
        return run_sync(self.aio.stacks(sort_by=sort_by))

    def components(self, *, type: str | None = None, sort_by: str | None = None) -> pd.DataFrame:
        """See :meth:`AsyncWorkspaceSession.components`."""
        return run_sync(self.aio.components(type=type, sort_by=sort_by))

    def tags(self, *, sort_by: str | None = None) -> pd.DataFrame:
        """See :meth:`AsyncWorkspaceSession.tags`."""
        return run_sync(self.aio.tags(sort_by=sort_by))

    def secrets(self, *, value_names: bool = True, sort_by: str | None = None) -> pd.DataFrame:
        """See :meth:`AsyncWorkspaceSession.secrets`."""
        return run_sync(self.aio.secrets(value_names=value_names, sort_by=sort_by))

    def get_user(self, user: str) -> WorkspaceUser:
        """See :meth:`AsyncWorkspaceSession.get_user`."""
        return run_sync(self.aio.get_user(user))

    def get_service_account(self, service_account: str) -> ServiceAccount:
        """See :meth:`AsyncWorkspaceSession.get_service_account`."""
        return run_sync(self.aio.get_service_account(service_account))

    def get_api_key(self, service_account: str, key: str) -> ApiKey:
        """See :meth:`AsyncWorkspaceSession.get_api_key`."""
        return run_sync(self.aio.get_api_key(service_account, key))

    def get(self, resource: str, name_or_id: str) -> WorkspaceObject:
        """See :meth:`AsyncWorkspaceSession.get`."""
        return run_sync(self.aio.get(resource, name_or_id))

    def create_service_account(self, name: str, description: str | None = None) -> ServiceAccount:
        """See :meth:`AsyncWorkspaceSession.create_service_account`."""
        return run_sync(self.aio.create_service_account(name, description))

    def create_api_key(self, service_account: str, name: str, description: str | None = None) -> NewApiKey:
        """See :meth:`AsyncWorkspaceSession.create_api_key`."""
        return run_sync(self.aio.create_api_key(service_account, name, description))

    def rotate_api_key(self, service_account: str, key: str, retain_minutes: int = 0) -> NewApiKey:
        """See :meth:`AsyncWorkspaceSession.rotate_api_key`."""
        return run_sync(self.aio.rotate_api_key(service_account, key, retain_minutes))

    def deactivate_api_key(self, service_account: str, key: str) -> ApiKey:
        """See :meth:`AsyncWorkspaceSession.deactivate_api_key`."""
        return run_sync(self.aio.deactivate_api_key(service_account, key))

    def deactivate_service_account(self, service_account: str) -> ServiceAccount:
        """See :meth:`AsyncWorkspaceSession.deactivate_service_account`."""
        return run_sync(self.aio.deactivate_service_account(service_account))

    def deactivate_user(self, user: str) -> WorkspaceUser:
        """See :meth:`AsyncWorkspaceSession.deactivate_user`."""
        return run_sync(self.aio.deactivate_user(user))

    def close(self) -> None:
        """Close the connections (when this session owns them)."""
        run_sync(self.aio.aclose())

    def __enter__(self) -> WorkspaceSession:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return repr(self.aio).replace("AsyncWorkspaceSession(", "WorkspaceSession(", 1)

    def _repr_html_(self) -> str:
        return self.aio._repr_html_()

    __reduce__ = _pickle_refused


def workspace_auth(
    login: ApiClient,
    *,
    api_key: str | None = None,
    username: str | None = None,
    password: str | None = None,
    token: str | None = None,
    environ: Mapping[str, str] | None = None,
    clock: Clock | None = None,
) -> Auth:
    """The auth for a standalone ZenML server: arguments first, then ``ZENML_STORE_*``.

    Order: ``token=``, ``api_key=``, ``username=`` (+ ``password=``); then ``ZENML_STORE_API_KEY``,
    ``ZENML_STORE_API_TOKEN``, ``ZENML_STORE_USERNAME`` (+ ``ZENML_STORE_PASSWORD``).
    """
    if token:
        return StaticBearerAuth(token)
    if api_key:
        return WorkspaceLoginAuth.with_api_key(login, api_key, clock=clock)
    if username:
        return WorkspaceLoginAuth.with_password(login, username, password, clock=clock)
    env = os.environ if environ is None else environ
    if env_key := env.get(STORE_API_KEY_ENV, "").strip():
        return WorkspaceLoginAuth.with_api_key(login, env_key, clock=clock)
    if env_token := env.get(STORE_TOKEN_ENV, "").strip():
        return StaticBearerAuth(env_token)
    if env_user := env.get(STORE_USERNAME_ENV, "").strip():
        return WorkspaceLoginAuth.with_password(login, env_user, env.get(STORE_PASSWORD_ENV), clock=clock)
    env_vars = f"{STORE_API_KEY_ENV}, {STORE_TOKEN_ENV} or {STORE_USERNAME_ENV}/{STORE_PASSWORD_ENV}"
    raise AuthenticationError(
        "No credentials for the ZenML server",
        fix=f"pass api_key=, token= or username=/password= to connect_workspace(), or set {env_vars}",
        cli_fix=f"set {env_vars}",
        panel_fix=f"set {env_vars} before opening the panel",
    )


def _standalone(
    url: str | None,
    *,
    api_key: str | None,
    username: str | None,
    password: str | None,
    token: str | None,
    allow_insecure: bool,
    max_concurrency: int,
    rate_limit: float | None,
    transport: httpx.AsyncBaseTransport | None,
    retry: RetryPolicy | None,
    clock: Clock | None,
    loop: asyncio.AbstractEventLoop,
) -> AsyncWorkspaceSession:
    server_url = (url or os.environ.get(STORE_URL_ENV, "")).strip()
    if not server_url:
        raise InvalidArgument(f"pass the ZenML server URL (url=...) or set {STORE_URL_ENV}")
    if not server_url.startswith(("http://", "https://")):
        raise InvalidArgument(f"{server_url!r} is not a ZenML server URL (http:// or https://)")
    core = Transport(
        limits=Limits(max_concurrency, rate_limit, clock=clock),
        retry=retry,
        transport=transport,
        clock=clock,
        loop=loop,
    )
    login = core.client(api_root(server_url), None, allow_insecure=allow_insecure)
    auth = workspace_auth(
        login, api_key=api_key, username=username, password=password, token=token, clock=clock
    )
    return AsyncWorkspaceSession(core, server_url, auth, allow_insecure=allow_insecure, owns_transport=True)


def connect_workspace(
    url: str | None = None,
    *,
    api_key: str | None = None,
    username: str | None = None,
    password: str | None = None,
    token: str | None = None,
    allow_insecure: bool = False,
    max_concurrency: int = 16,
    rate_limit: float | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    retry: RetryPolicy | None = None,
    clock: Clock | None = None,
) -> WorkspaceSession:
    """Connect to one ZenML server (a Pro workspace or an OSS server) and check the credentials.

    ``url`` defaults to ``ZENML_STORE_URL``; credentials to ``ZENML_STORE_API_KEY``,
    ``ZENML_STORE_API_TOKEN`` or ``ZENML_STORE_USERNAME``/``ZENML_STORE_PASSWORD``.
    """
    aio = _standalone(
        url,
        api_key=api_key,
        username=username,
        password=password,
        token=token,
        allow_insecure=allow_insecure,
        max_concurrency=max_concurrency,
        rate_limit=rate_limit,
        transport=transport,
        retry=retry,
        clock=clock,
        loop=background_loop(),
    )
    try:
        run_sync(aio.whoami())
    except BaseException:
        run_sync(aio.aclose())
        raise
    return WorkspaceSession(aio)


async def connect_workspace_async(
    url: str | None = None,
    *,
    api_key: str | None = None,
    username: str | None = None,
    password: str | None = None,
    token: str | None = None,
    allow_insecure: bool = False,
    max_concurrency: int = 16,
    rate_limit: float | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    retry: RetryPolicy | None = None,
    clock: Clock | None = None,
) -> AsyncWorkspaceSession:
    """The async twin of :func:`connect_workspace` (on the running loop)."""
    aio = _standalone(
        url,
        api_key=api_key,
        username=username,
        password=password,
        token=token,
        allow_insecure=allow_insecure,
        max_concurrency=max_concurrency,
        rate_limit=rate_limit,
        transport=transport,
        retry=retry,
        clock=clock,
        loop=asyncio.get_running_loop(),
    )
    try:
        await aio.whoami()
    except BaseException:
        await aio.aclose()
        raise
    return aio
