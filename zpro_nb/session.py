"""``Session`` (sync) and ``AsyncSession``: one signed-in connection to ZenML Pro.

``connect()`` walks the credential chain (arguments, ``ZENML_PRO_API_TOKEN``, ``ZENML_PRO_API_KEY``,
the ZenML CLI's stored Pro login, then a prompt) and returns a ``Session``. The async API is the
real one; ``Session`` runs each of its methods on zpro_nb's private loop thread and has the same
method names.

In an interactive notebook with no credentials, ``connect()`` returns at once, in an "awaiting
token" state that shows a masked paste field; calls made before a token arrives raise
``AuthenticationError`` saying to paste it above. The pasted value is read once and cleared from
the widget immediately, so it never reaches the notebook file or the saved widget state.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import logging
import os
import re
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NoReturn

import httpx

from ._core.bounds import ReadBounds
from ._core.clock import Clock
from ._core.credentials import (
    Auth,
    PendingAuth,
    ProCredential,
    ProKeyAuth,
    ProTokenAuth,
    WorkspaceLoginAuth,
    classify,
    resolve_pro_credentials,
)
from ._core.durations import format_duration
from ._core.errors import NotFound
from ._core.in_process import InProcessTransport
from ._core.limits import Limits
from ._core.loop import background_loop, run_sync
from ._core.redaction import redact_text
from ._core.retry import RetryPolicy
from ._core.transport import ApiClient, Transport
from .across_session import AcrossMixin, AsyncAcrossMixin
from .api import lookup
from .api.pro import invitations as inv_api
from .api.pro import organizations as orgs_api
from .api.pro import roles as roles_api
from .api.pro import teams as teams_api
from .api.pro import users as users_api
from .api.pro import workspaces as ws_api
from .api.pro.workspace_names import workspace_name_problem
from .arguments import require_number
from .changes.session_methods import AsyncChangesMixin, ChangesMixin
from .errors import InvalidArgument
from .models.pro import Invitation, Organization, Role, RoleAssignment, Team, User, Workspace
from .offboarding_session import OffboardingMixin
from .review_session import AsyncReviewMixin, ReviewMixin
from .widgets.session_methods import PanelsMixin
from .workspace_session import AsyncWorkspaceSession, WorkspaceSession, api_root

if TYPE_CHECKING:
    from types import TracebackType

    import pandas as pd

    from zpro_nb.emulator import SandboxConfig

    from .frames.schema import FrameSchema

__all__ = [
    "DEFAULT_PRO_API_URL",
    "AsyncSession",
    "Session",
    "connect",
    "connect_async",
    "open_sandbox_session",
]

logger = logging.getLogger("zpro_nb")

DEFAULT_PRO_API_URL = "https://cloudapi.zenml.io"
API_URL_ENV = "ZENML_PRO_API_URL"


def resolve_api_url(url: str | None = None) -> str:
    """The Pro API root: the argument, else ``ZENML_PRO_API_URL``, else ``https://cloudapi.zenml.io``.

    A self-hosted control plane's root ends in ``/api/v1``; it is used as given.
    """
    chosen = url or os.environ.get(API_URL_ENV, "").strip() or DEFAULT_PRO_API_URL
    return chosen.rstrip("/")


_UUID = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")

#: Roles and teams are per organization: a name shared by several is settled by naming the organization.
_PICK_ORGANIZATION = "pass organization= (or the id) to say which"


def _schema(name: str) -> FrameSchema:
    # Frames (and pandas) load on the first list, never at ``import zpro_nb``.
    from .frames import SCHEMAS

    return SCHEMAS[name]


def _pickle_refused(self: object) -> NoReturn:
    raise TypeError(f"a {type(self).__name__} cannot be pickled: it holds live credentials")


class _PasteField:
    """A masked paste field (ipywidgets, imported only here and only in a notebook).

    The value is taken once and the widget cleared at once; nothing secret stays in widget state.
    """

    def __init__(self, on_value: Callable[[str], str]) -> None:
        import ipywidgets as widgets

        self._on_value = on_value
        self.status = widgets.HTML(
            "<b>zpro_nb</b>: not signed in. Paste a ZenML Pro API token (or a <code>ZENPROKEY_</code> "
            "API key) below and press Enter."
        )
        self.field = widgets.Password(
            placeholder="ZenML Pro API token or API key",
            continuous_update=False,  # one value on Enter, not one per keystroke
            layout=widgets.Layout(width="32em"),
        )
        self.field.observe(self._changed, names="value")
        self.box = widgets.VBox([self.status, self.field])
        self.shown = False

    def _changed(self, change: dict[str, Any]) -> None:
        value = change.get("new") or ""
        if not value:
            return
        self.field.value = ""  # before anything else, so the secret is never left in the widget
        try:
            self.signed_in(self._on_value(value))
        except Exception as exc:
            self.status.value = "<b>zpro_nb</b>: " + html.escape(redact_text(str(exc)))
        del value, change

    def signed_in(self, text: str) -> None:
        """The field's job is done: it goes away and one line says who is signed in."""
        self.status.value = html.escape(text)
        self.field.layout.display = "none"

    def retire(self) -> None:
        """A newer field (from ``login()``) takes over: this one hides, so only one asks at a time."""
        self.status.value = "<b>zpro_nb</b>: paste the new token in the field below."
        self.field.layout.display = "none"

    def show(self) -> None:
        """Display the field once; a session shown again in the same notebook points back to it."""
        display_module = sys.modules.get("IPython.display")
        if display_module is not None and not self.shown:
            self.shown = True
            display_module.display(self.box)

    def mimebundle(self) -> dict[str, Any] | None:
        if self.shown:
            return None  # one paste field per session: the session's own repr says where it is
        self.shown = True
        bundle = getattr(self.box, "_repr_mimebundle_", None)
        return bundle() if callable(bundle) else None


class AsyncSession(AsyncChangesMixin, AsyncAcrossMixin, AsyncReviewMixin):
    """A signed-in connection to the ZenML Pro API (async). Create it with ``connect_async()``.

    ``pro`` is the ApiClient for the Pro API; ``transport`` is shared by every API the session
    reaches, so its concurrency cap and rate limit cover them all.
    """

    def __init__(self, transport: Transport, api_url: str, *, allow_insecure: bool = False) -> None:
        self.transport = transport
        self.api_url = api_url.rstrip("/")
        self.allow_insecure = allow_insecure
        self._login_client = transport.client(self.api_url, None, allow_insecure=allow_insecure)
        self.pro: ApiClient = transport.client(self.api_url, PendingAuth(), allow_insecure=allow_insecure)
        self.credential_source: str | None = None
        self._me: dict[str, Any] | None = None
        self._paste: _PasteField | None = None

    # --- credentials ---------------------------------------------------------------------------

    @property
    def auth(self) -> Auth:
        """The current Pro credential (``PendingAuth`` while awaiting a pasted token)."""
        auth = self.pro.auth
        assert auth is not None
        return auth

    @property
    def awaiting_token(self) -> bool:
        """True until a credential is in place."""
        return isinstance(self.pro.auth, PendingAuth)

    @property
    def read_bounds(self) -> ReadBounds:
        """What one call may read: items per list, bytes and seconds per answer (``connect(bounds=...)``)."""
        return self.transport.bounds

    @property
    def expires_at(self) -> datetime | None:
        """When the current Pro token expires (``None``: unknown, never, or no token yet)."""
        expires = getattr(self.pro.auth, "expires_at", None)
        return datetime.fromtimestamp(expires, UTC) if isinstance(expires, int | float) else None

    def _make_auth(self, credential: ProCredential) -> Auth:
        if credential.kind == "key":
            return ProKeyAuth(credential.secret, self._login_client, clock=self.transport.clock)
        return ProTokenAuth(credential.secret, clock=self.transport.clock)

    async def pro_headers(self) -> dict[str, str]:
        """The Pro bearer header of the current credential (for a workspace's ``zenml-external`` login)."""
        return await self.auth.headers()

    async def login(self, token: str | None = None, api_key: str | None = None) -> None:
        """Swap credentials; the session goes on with the new ones.

        With no argument, the same chain as ``connect()``: environment, then the paste field in a
        notebook, ``getpass`` in a terminal, and ``AuthenticationError`` when headless.
        """
        await self.use_credential(resolve_pro_credentials(token, api_key, api_url=self.api_url))

    async def use_credential(self, credential: ProCredential | None) -> None:
        """Check ``credential`` with ``GET /users/me`` and, if it works, make it the session's.

        ``None`` shows the paste field (an interactive notebook with nothing configured).
        """
        if credential is None:
            self.await_paste()
            return
        auth = self._make_auth(credential)
        # Check on a side client first, so a wrong credential leaves the working one in place.
        probe = ApiClient(self.transport, self.api_url, auth)
        me = await probe.get("/users/me")
        self.pro.auth = auth
        self._me = me if isinstance(me, dict) else {"value": me}
        self.credential_source = credential.source
        if self._paste is not None:
            self._paste.signed_in(self._signed_in_text())

    def await_paste(self) -> None:
        """Enter the "awaiting token" state and show the paste field (in a notebook)."""
        self.pro.auth = PendingAuth()
        self._me = None
        if self._paste is not None:
            self._paste.retire()
        try:
            self._paste = _PasteField(self._accept_pasted)
        except ImportError:
            logger.warning("ipywidgets is not installed: use s.login(token=...) instead of pasting")
            return
        self._paste.show()

    def _accept_pasted(self, value: str) -> str:
        credential = classify(value, "paste")
        self.pro.auth = self._make_auth(credential)
        self._me = None
        self.credential_source = credential.source
        self._refresh_identity_later()
        return "zpro_nb: credential received; you are signed in. Run your next cell."

    def _refresh_identity_later(self) -> None:
        # Called from a widget callback on the kernel's thread: never block it (the transport's
        # home loop may be that very thread's loop), just schedule the lookup there.
        home = self.transport._home
        if home is None or home.is_closed():
            return

        async def lookup() -> None:
            try:
                await self.whoami(refresh=True)
            except Exception as exc:
                if self._paste is not None:
                    self._paste.status.value = "<b>zpro_nb</b>: " + html.escape(redact_text(str(exc)))
                return
            if self._paste is not None:
                self._paste.signed_in(self._signed_in_text())

        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is home:
            home.create_task(lookup())
        else:
            asyncio.run_coroutine_threadsafe(lookup(), home)

    # --- identity ------------------------------------------------------------------------------

    async def whoami(self, refresh: bool = False) -> User:
        """The signed-in user (``GET /users/me``) as a ``User`` model, cached after the first call.

        Like :meth:`AsyncWorkspaceSession.whoami`, a model: ``me.username``, ``me.email``.
        """
        if self._me is None or refresh:
            me = await self.pro.get("/users/me")
            self._me = me if isinstance(me, dict) else {"value": me}
        return User.model_validate(self._me)

    def _who(self) -> str | None:
        if not self._me:
            return None
        username, email = self._me.get("username"), self._me.get("email")
        if isinstance(username, str) and isinstance(email, str) and email and username != email:
            return f"{username} <{email}>"
        for key in ("email", "username", "name", "id"):
            value = self._me.get(key)
            if isinstance(value, str) and value:
                return value
        return None

    def _expiry_text(self) -> str | None:
        expires = getattr(self.pro.auth, "expires_at", None)
        if not isinstance(expires, int | float):
            return None
        left = expires - self.transport.clock.time()
        if isinstance(self.pro.auth, ProKeyAuth):
            return f"token refreshes automatically (next in {format_duration(max(60.0, left))})"
        if left <= 0:
            return f"expired {format_duration(max(60.0, -left))} ago"
        return f"expires in {format_duration(max(60.0, left))}"

    def _signed_in_text(self) -> str:
        who = self._who()
        return f"zpro_nb: signed in{' as ' + who if who else ''} at {self.api_url}."

    def _describe(self) -> list[tuple[str, str]]:
        if self.awaiting_token:
            return [
                ("url", self.api_url),
                ("status", "awaiting token (paste it in the field above, or call login())"),
            ]
        who = self._who()
        rows = [("user", who)] if who else []
        rows.append(("url", self.api_url))
        rows.append(
            ("credential", f"{getattr(self.pro.auth, 'description', 'token')} ({self.credential_source})")
        )
        expiry = self._expiry_text()
        if expiry:
            rows.append(("token", expiry))
        if self.transport.closed:
            rows.append(("status", "closed"))
        return rows

    def _repr_text(self) -> str:
        rows = self._describe()
        return f"{type(self).__name__}(" + ", ".join(f"{k}={v!r}" for k, v in rows) + ")"

    def __repr__(self) -> str:
        return self._repr_text()

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
            f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
            for k, v in self._describe()
        )
        return f"<div><b>ZenML Pro session</b><table>{body}</table></div>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any] | None:
        # While awaiting a token, displaying the session shows the live paste field.
        if self.awaiting_token and self._paste is not None:
            return self._paste.mimebundle()
        return None

    __reduce__ = _pickle_refused

    # --- resolving names ------------------------------------------------------------------------

    async def _organization_records(self) -> list[dict[str, Any]]:
        return await orgs_api.list_organizations(self.pro)

    async def _organizations_for(self, organization: str | None) -> list[dict[str, Any]]:
        """The organization meant (name or id), or every organization the caller sees when ``None``."""
        records = await self._organization_records()
        if organization is None:
            return records
        return [dict(lookup.resolve(records, organization, "organization", listing="s.organizations()"))]

    async def _one_organization(self, organization: str | None) -> dict[str, Any]:
        """The organization meant; ``None`` is fine only when the caller sees exactly one."""
        records = await self._organizations_for(organization)
        if len(records) == 1:
            return records[0]
        names = ", ".join(sorted(str(r.get("name")) for r in records))
        raise lookup.AmbiguousName(
            f"you belong to {len(records)} organizations ({names}): pass organization=",
            candidates=names.split(", "),
        )

    async def _workspace_record(self, workspace: str, organization: str | None = None) -> dict[str, Any]:
        org = (await self._organizations_for(organization))[0] if organization else None
        org_id = org["id"] if org else None
        where = f" in organization {org['name']}" if org else ""
        if _UUID.match(workspace.strip()):
            try:
                return await ws_api.fetch_workspace(self.pro, workspace.strip())
            except NotFound:
                pass
        else:
            named = await ws_api.list_workspaces(
                self.pro, workspace_name=workspace.strip(), organization_id=org_id
            )
            exact = [w for w in named if w.get("name") == workspace.strip()]
            if exact:
                return dict(
                    lookup.resolve(
                        exact, workspace, "workspace", where=where, ambiguity_hint=_PICK_ORGANIZATION
                    )
                )
        records = await ws_api.list_workspaces(self.pro, organization_id=org_id)
        return dict(
            lookup.resolve(
                records,
                workspace,
                "workspace",
                keys=("name", "display_name"),
                where=where,
                listing="s.workspaces()",
            )
        )

    async def _user_record(self, user: str) -> dict[str, Any]:
        if "@" in user:  # an email: let the server filter, then fall back to the full list for suggestions
            matches = await users_api.list_users(self.pro, email=user.strip())
            if len(matches) == 1:
                return matches[0]
        records = await users_api.list_users(self.pro)
        return dict(
            lookup.resolve(records, user, "user", keys=("username", "email", "name"), listing="s.users()")
        )

    async def _team_record(self, team: str, organization: str | None = None) -> dict[str, Any]:
        orgs = await self._organizations_for(organization)
        per_org = await asyncio.gather(*(teams_api.list_teams(self.pro, o["id"]) for o in orgs))
        records = [t for teams in per_org for t in teams]
        return dict(
            lookup.resolve(records, team, "team", ambiguity_hint=_PICK_ORGANIZATION, listing="s.teams()")
        )

    async def _role_record(
        self, role: str, organization: str | None = None, level: str | None = None
    ) -> dict[str, Any]:
        orgs = await self._organizations_for(organization)
        per_org = await asyncio.gather(*(roles_api.list_roles(self.pro, o["id"], level=level) for o in orgs))
        records = [r for roles in per_org for r in roles]
        where = f" at {level} level" if level else ""
        return dict(
            lookup.resolve(
                records, role, "role", where=where, ambiguity_hint=_PICK_ORGANIZATION, listing="s.roles()"
            )
        )

    # --- lists ---------------------------------------------------------------------------------

    async def organizations(self) -> pd.DataFrame:
        """The organizations you belong to."""
        return _schema("organizations").build(await self._organization_records())

    async def workspaces(self, status: str | None = None, organization: str | None = None) -> pd.DataFrame:
        """Workspaces, optionally of one status and one organization (both filtered by the server)."""
        org_id = (await self._one_organization(organization))["id"] if organization else None
        records = await ws_api.list_workspaces(self.pro, status=status, organization_id=org_id)
        return _schema("workspaces").build(records)

    async def users(self, email: str | None = None) -> pd.DataFrame:
        """Users you share an organization with (``email``: exact match, by the server)."""
        return _schema("users").build(await users_api.list_users(self.pro, email=email))

    async def _per_organization(
        self, organization: str | None, fetch: Callable[[str], Awaitable[list[dict[str, Any]]]], schema: str
    ) -> pd.DataFrame:
        orgs = await self._organizations_for(organization)
        per_org = await asyncio.gather(*(fetch(o["id"]) for o in orgs))
        records = [r for rs in per_org for r in rs]
        values: dict[str, list[Any]] = {}
        if "organization_name" in _schema(schema).names:
            values["organization_id"] = [o["id"] for o, rs in zip(orgs, per_org, strict=True) for _ in rs]
            values["organization_name"] = [
                o.get("name") for o, rs in zip(orgs, per_org, strict=True) for _ in rs
            ]
        return _schema(schema).build(records, values=values or None)

    async def members(self, organization: str | None = None) -> pd.DataFrame:
        """Members of an organization (all of yours when ``None``): users, service accounts, teams,
        pending invitations."""
        return await self._per_organization(
            organization, lambda org_id: orgs_api.list_members(self.pro, org_id), "members"
        )

    async def teams(self, organization: str | None = None) -> pd.DataFrame:
        """Teams of an organization (all of yours when ``None``)."""
        return await self._per_organization(
            organization, lambda org_id: teams_api.list_teams(self.pro, org_id), "teams"
        )

    async def team_members(self, team: str, organization: str | None = None) -> pd.DataFrame:
        """Users in a team (name or id)."""
        found = await self._team_record(team, organization)
        records = await teams_api.list_team_members(self.pro, found["id"])
        n = len(records)
        return _schema("team_members").build(
            records, values={"team_id": [found["id"]] * n, "team_name": [found.get("name")] * n}
        )

    async def roles(self, organization: str | None = None, level: str | None = None) -> pd.DataFrame:
        """Roles of an organization (all of yours when ``None``); ``level``: organization, workspace
        or project."""
        return await self._per_organization(
            organization, lambda org_id: roles_api.list_roles(self.pro, org_id, level=level), "roles"
        )

    async def role_assignments(
        self,
        organization: str | None = None,
        workspace: str | None = None,
        user: str | None = None,
        *,
        progress: bool = True,
    ) -> pd.DataFrame:
        """Every role assignment, with workspace names filled in, read concurrently: organization
        and project roles once each, workspace roles once per workspace (scoped by ``workspace_id``,
        as ZenML's own examples ask, rather than trusting an unscoped list to hold every workspace).

        ``workspace`` (name or id) keeps the assignments scoped to it (asked of the server);
        ``user`` (username, email or id) keeps that user's direct assignments.
        """
        from .views.progress import gather_with_progress

        orgs = await self._organizations_for(organization)
        # Workspaces, roles and the user are independent: one round trip for all of them.
        ws_records, per_org, user_record = await asyncio.gather(
            ws_api.list_workspaces(self.pro, organization_id=orgs[0]["id"] if organization else None),
            asyncio.gather(*(roles_api.list_roles(self.pro, o["id"]) for o in orgs)),
            self._user_record(user) if user else _none(),
        )
        ws_names = {w.get("id"): w.get("name") for w in ws_records}
        ws_id = dict(lookup.resolve(ws_records, workspace, "workspace"))["id"] if workspace else None
        user_id = user_record["id"] if user_record else None
        queries = _assignment_queries([r for rs in per_org for r in rs], ws_records, ws_id)
        per_query = await gather_with_progress(
            [roles_api.list_role_assignments(self.pro, role_id, workspace_id=w) for role_id, w in queries],
            desc="Reading role assignments",
            show=progress,
        )
        records = [a for assignments in per_query for a in assignments]
        if ws_id:
            records = [a for a in records if a.get("workspace_id") == ws_id]
        if user_id:
            records = [
                a
                for a in records
                if (a.get("user") or {}).get("id") == user_id or a.get("user_id") == user_id
            ]
        names = [ws_names.get(a.get("workspace_id")) for a in records]
        return _schema("role_assignments").build(records, values={"workspace_name": names})

    async def invitations(self, organization: str | None = None, pending_only: bool = False) -> pd.DataFrame:
        """Invitations of an organization (all of yours when ``None``); ``pending_only`` asks the server."""
        frame = await self._per_organization(
            organization,
            lambda org_id: inv_api.list_invitations(
                self.pro, org_id, only_pending=True if pending_only else None
            ),
            "invitations",
        )
        if pending_only:  # the flag's exact server semantics are undocumented: enforce it here too
            frame = frame[frame["status"].isna() | (frame["status"] == "pending")]
        return frame

    # --- single objects ------------------------------------------------------------------------

    async def get_organization(self, organization: str | None = None) -> Organization:
        """One organization (name or id; ``None`` when you belong to exactly one)."""
        return Organization.model_validate(await self._one_organization(organization))

    async def get_workspace(self, workspace: str, organization: str | None = None) -> Workspace:
        """One workspace by name or id."""
        return Workspace.model_validate(await self._workspace_record(workspace, organization))

    async def get_user(self, user: str) -> User:
        """One user by username, email or id."""
        return User.model_validate(await self._user_record(user))

    async def get_team(self, team: str, organization: str | None = None) -> Team:
        """One team by name or id."""
        return Team.model_validate(await self._team_record(team, organization))

    async def get_role(self, role: str, organization: str | None = None) -> Role:
        """One role by name or id."""
        return Role.model_validate(await self._role_record(role, organization))

    # --- the workspace hop ---------------------------------------------------------------------

    async def workspace(self, workspace: str, *, api_key: str | None = None) -> AsyncWorkspaceSession:
        """A session on one workspace's API (name or id), signed in with your Pro credentials.

        ``api_key`` (a ``ZENKEY_`` workspace key or ``ZENPROKEY_`` key) signs in with it instead.
        """
        found = Workspace.model_validate(await self._workspace_record(workspace))
        if found.status != "available" or not found.url:
            raise ws_api.WorkspaceUnavailable(
                f"workspace {found.name!r} is {found.status or 'in an unknown state'}"
                + (f" ({found.state_reason})" if found.state_reason else "")
                + ": its API can only be reached while it is available"
            )
        root = api_root(found.url)
        login = self.transport.client(root, None, allow_insecure=self.allow_insecure)
        auth: Auth = (
            WorkspaceLoginAuth.with_api_key(login, api_key, clock=self.transport.clock)
            if api_key
            else WorkspaceLoginAuth.external(login, self.pro_headers, clock=self.transport.clock)
        )
        return AsyncWorkspaceSession(
            self.transport,
            found.url,
            auth,
            name=found.name,
            workspace_id=found.id,
            allow_insecure=self.allow_insecure,
        )

    # --- changes: workspaces -------------------------------------------------------------------

    async def validate_workspace_name(self, name: str, organization: str | None = None) -> str:
        """Check ``name`` against the rules here, then ask the server whether it is free; returns it.

        Raises ``ValidationFailed`` for a name the rules refuse, ``Conflict`` when it is taken.
        """
        problem = workspace_name_problem(name)
        if problem:
            raise InvalidArgument(f"invalid workspace name {name!r}: {problem}")
        org = await self._one_organization(organization)
        await orgs_api.validate_workspace_name(self.pro, org["id"], name)
        return name

    async def create_workspace(
        self,
        name: str,
        organization: str | None = None,
        display_name: str | None = None,
        description: str | None = None,
        wait: bool = True,
        *,
        max_wait: float = 600.0,
        poll_interval: float = 5.0,
        progress: bool = True,
    ) -> Workspace:
        """Create a workspace; with ``wait`` (default) poll until it is available, showing progress.

        A deployment that fails raises ``WorkspaceDeploymentFailed`` with the server's reason.
        """
        problem = workspace_name_problem(name)
        if problem:
            raise InvalidArgument(f"invalid workspace name {name!r}: {problem}")
        org = await self._one_organization(organization)
        created = await ws_api.create_workspace(
            self.pro, name=name, organization_id=org["id"], display_name=display_name, description=description
        )
        if not wait:
            return created
        return await self._wait_until_settled(
            created, max_wait=max_wait, poll_interval=poll_interval, progress=progress
        )

    async def _wait_until_settled(
        self, workspace: Workspace, *, max_wait: float, poll_interval: float, progress: bool
    ) -> Workspace:
        from .views.progress import Activity

        clock = self.transport.clock
        deadline = clock.monotonic() + max_wait
        current = workspace
        # No count and no bar: a deployment has no known length. The line shows the workspace's
        # state and the time waited, so it never looks frozen.
        async with Activity(f"Deploying {workspace.name}", show=progress) as bar:
            bar.note(status=current.status)
            while current.status not in ws_api.SETTLED_STATES:
                if clock.monotonic() >= deadline:
                    raise ws_api.WorkspaceDeploymentFailed(
                        f"workspace {current.name!r} is still {current.status} after {max_wait:.0f} s; "
                        f"check later with s.get_workspace({current.id!r})"
                    )
                await clock.sleep(poll_interval)
                current = await ws_api.get_workspace(self.pro, current.id)
                bar.note(status=current.status)
        if current.status == "failed":
            reason = current.state_reason or "no reason given"
            raise ws_api.WorkspaceDeploymentFailed(f"workspace {current.name!r} failed to deploy: {reason}")
        return current

    async def update_workspace(
        self,
        workspace: str,
        *,
        display_name: str | None = None,
        description: str | None = None,
        logo_url: str | None = None,
    ) -> Workspace:
        """Change a workspace's display name, description or logo."""
        found = await self._workspace_record(workspace)
        changes = {
            k: v
            for k, v in {
                "display_name": display_name,
                "description": description,
                "logo_url": logo_url,
            }.items()
            if v is not None
        }
        if not changes:
            raise ValueError("nothing to change: pass display_name=, description= or logo_url=")
        return await ws_api.update_workspace(self.pro, found["id"], changes)

    async def deactivate_workspace(self, workspace: str) -> Workspace:
        """Deactivate a workspace (its server stops; it can be redeployed)."""
        return await ws_api.deactivate_workspace(self.pro, (await self._workspace_record(workspace))["id"])

    async def redeploy_workspace(
        self,
        workspace: str,
        wait: bool = False,
        *,
        max_wait: float = 600.0,
        poll_interval: float = 5.0,
        progress: bool = True,
    ) -> Workspace:
        """Deploy a workspace again (e.g. after deactivation); ``wait`` polls until it settles."""
        deployed = await ws_api.deploy_workspace(self.pro, (await self._workspace_record(workspace))["id"])
        if not wait:
            return deployed
        return await self._wait_until_settled(
            deployed, max_wait=max_wait, poll_interval=poll_interval, progress=progress
        )

    async def delete_workspace(self, workspace: str) -> None:
        """Delete a workspace."""
        await ws_api.delete_workspace(self.pro, (await self._workspace_record(workspace))["id"])

    # --- changes: people -----------------------------------------------------------------------

    async def invite_user(self, email: str, role: str, organization: str | None = None) -> Invitation:
        """Invite ``email`` into an organization with an organization-level role (name or id)."""
        org = await self._one_organization(organization)
        found = await self._role_record(role, org["id"], level="organization")
        invitation = await inv_api.create_invitation(self.pro, org["id"], email=email, role_id=found["id"])
        await self.journal_change(
            "invite_user",
            organization_id=org["id"],
            organization=org.get("name") or "",
            role_id=found["id"],
            role=found.get("name") or role,
            email=email,
            invitation_id=invitation.id,
        )
        return invitation

    async def _principal(
        self, user: str | None, team: str | None, organization: str | None
    ) -> dict[str, str]:
        if (user is None) == (team is None):
            raise ValueError("pass exactly one of user= or team=")
        if user is not None:
            return {"user_id": (await self._user_record(user))["id"]}
        return {"team_id": (await self._team_record(team or "", organization))["id"]}

    async def _assignment_target(
        self, role: str, user: str | None, team: str | None, workspace: str | None, organization: str | None
    ) -> tuple[str, dict[str, str], str | None]:
        ws = await self._workspace_record(workspace, organization) if workspace else None
        org_id = (ws.get("organization") or {}).get("id") if ws else None
        level = "workspace" if ws else "organization"
        found = await self._role_record(role, org_id or organization, level=level)
        principal = await self._principal(user, team, org_id or organization)
        return found["id"], principal, ws["id"] if ws else None

    async def assign_role(
        self,
        role: str,
        user: str | None = None,
        team: str | None = None,
        workspace: str | None = None,
        organization: str | None = None,
    ) -> RoleAssignment | None:
        """Give a user or team a role: a workspace role when ``workspace`` is given, else an
        organization role."""
        role_id, principal, ws_id = await self._assignment_target(role, user, team, workspace, organization)
        assignment = await roles_api.assign_role(self.pro, role_id, workspace_id=ws_id, **principal)
        await self._journal_assignment(
            "assign_role", role, role_id, principal, user, team, workspace, ws_id, organization
        )
        return assignment

    async def revoke_role(
        self,
        role: str,
        user: str | None = None,
        team: str | None = None,
        workspace: str | None = None,
        organization: str | None = None,
    ) -> None:
        """Take a role away (same arguments as :meth:`assign_role`)."""
        role_id, principal, ws_id = await self._assignment_target(role, user, team, workspace, organization)
        await roles_api.revoke_role(self.pro, role_id, workspace_id=ws_id, **principal)
        await self._journal_assignment(
            "revoke_role", role, role_id, principal, user, team, workspace, ws_id, organization
        )

    async def _journal_assignment(
        self,
        kind: str,
        role: str,
        role_id: str,
        principal: dict[str, str],
        user: str | None,
        team: str | None,
        workspace: str | None,
        workspace_id: str | None,
        organization: str | None,
    ) -> None:
        # Recorded only after the server accepted the change, with the inverse the journal derives.
        await self.journal_change(
            kind,
            role_id=role_id,
            role=role,
            workspace_id=workspace_id or "",
            workspace=workspace or "",
            organization=organization or "",
            user=user or "",
            team=team or "",
            **principal,
        )

    async def create_team(
        self, name: str, organization: str | None = None, description: str | None = None
    ) -> Team:
        """Create a team in an organization."""
        org = await self._one_organization(organization)
        return await teams_api.create_team(
            self.pro, name=name, organization_id=org["id"], description=description
        )

    async def add_team_member(self, team: str, user: str, organization: str | None = None) -> None:
        """Add a user (username, email or id) to a team (name or id)."""
        found = await self._team_record(team, organization)
        user_id = (await self._user_record(user))["id"]
        await teams_api.add_team_member(self.pro, found["id"], user_id=user_id)
        await self._journal_membership("add_team_member", found, user_id, user)

    async def remove_team_member(self, team: str, user: str, organization: str | None = None) -> None:
        """Remove a user from a team."""
        found = await self._team_record(team, organization)
        user_id = (await self._user_record(user))["id"]
        await teams_api.remove_team_member(self.pro, found["id"], user_id=user_id)
        await self._journal_membership("remove_team_member", found, user_id, user)

    async def _journal_membership(self, kind: str, team: dict[str, Any], user_id: str, user: str) -> None:
        await self.journal_change(
            kind,
            team_id=team["id"],
            team=team.get("name") or "",
            user_id=user_id,
            user=user,
            organization_id=team.get("organization_id") or "",
        )

    async def deactivate_user(self, user: str) -> User:
        """Deactivate a Pro user (they can no longer sign in)."""
        return await users_api.deactivate_user(self.pro, (await self._user_record(user))["id"])

    # --- views ---------------------------------------------------------------------------------

    async def access_matrix(self, organization: str | None = None, *, progress: bool = True) -> pd.DataFrame:
        """Users x workspaces: the roles each user holds in each workspace, directly or via a team."""
        from .views import access_matrix

        return await access_matrix(self, organization=organization, progress=progress)

    async def access_table(self, organization: str | None = None, *, progress: bool = True) -> pd.DataFrame:
        """The access matrix in long form: one row per (user, workspace, role, via)."""
        from .views import access_table

        return await access_table(self, organization=organization, progress=progress)

    async def workspace_inventory(
        self, organization: str | None = None, *, progress: bool = True
    ) -> pd.DataFrame:
        """Every workspace with its status, URL, members and (when available) pipeline/run activity."""
        from .views import workspace_inventory

        return await workspace_inventory(self, organization=organization, progress=progress)

    async def stale_invitations(self, days: float = 30, organization: str | None = None) -> pd.DataFrame:
        """Invitations unanswered for more than ``days``."""
        from .views import stale_invitations

        require_number("days", days)
        return await stale_invitations(self, days, organization=organization)

    async def inactive_users(self, days: float = 90) -> pd.DataFrame:
        """Active users who have not signed in for ``days`` (or never)."""
        from .views import inactive_users

        require_number("days", days)
        return await inactive_users(self, days)

    # --- lifecycle -----------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connections. The session cannot be used afterwards."""
        await self.transport.aclose()

    async def close(self) -> None:
        """Same as ``aclose()`` (the name ``Session`` uses)."""
        await self.aclose()

    async def __aenter__(self) -> AsyncSession:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


class Session(ChangesMixin, PanelsMixin, AcrossMixin, ReviewMixin, OffboardingMixin):
    """A signed-in connection to the ZenML Pro API. Create it with ``zpro_nb.connect()``.

    Every method runs the ``AsyncSession`` method of the same name (``aio``) on zpro_nb's private
    loop thread, so it works in scripts, in Jupyter and in widget callbacks alike.
    """

    # Narrows the mixins' untyped ``aio`` so every twin keeps its return type.
    aio: AsyncSession

    def __init__(self, aio: AsyncSession) -> None:
        self.aio = aio
        #: the Pro API root
        self.api_url: str = aio.api_url

    @property
    def transport(self) -> Transport:
        """The shared transport."""
        return self.aio.transport

    @property
    def pro(self) -> ApiClient:
        """The Pro API client (async: use it from ``aio`` code)."""
        return self.aio.pro

    @property
    def expires_at(self) -> datetime | None:
        """When the current Pro token expires."""
        return self.aio.expires_at

    @property
    def awaiting_token(self) -> bool:
        """True until a credential is in place."""
        return self.aio.awaiting_token

    @property
    def read_bounds(self) -> ReadBounds:
        """See :attr:`AsyncSession.read_bounds`."""
        return self.aio.read_bounds

    def whoami(self, refresh: bool = False) -> User:
        """The signed-in user (``GET /users/me``) as a ``User`` model, cached after the first call."""
        return run_sync(self.aio.whoami(refresh))

    def login(self, token: str | None = None, api_key: str | None = None) -> None:
        """Swap credentials; with no argument, the same chain (and paste field) as ``connect()``."""
        # Resolved here, on the caller's thread: getpass and the notebook display belong there.
        credential = resolve_pro_credentials(token, api_key, api_url=self.api_url)
        if credential is None:
            self.aio.await_paste()
            return
        run_sync(self.aio.use_credential(credential))

    # --- lists (each runs the AsyncSession method of the same name) -----------------------------

    def organizations(self) -> pd.DataFrame:
        """See :meth:`AsyncSession.organizations`."""
        return run_sync(self.aio.organizations())

    def workspaces(self, status: str | None = None, organization: str | None = None) -> pd.DataFrame:
        """See :meth:`AsyncSession.workspaces`."""
        return run_sync(self.aio.workspaces(status, organization))

    def users(self, email: str | None = None) -> pd.DataFrame:
        """See :meth:`AsyncSession.users`."""
        return run_sync(self.aio.users(email))

    def members(self, organization: str | None = None) -> pd.DataFrame:
        """See :meth:`AsyncSession.members`."""
        return run_sync(self.aio.members(organization))

    def teams(self, organization: str | None = None) -> pd.DataFrame:
        """See :meth:`AsyncSession.teams`."""
        return run_sync(self.aio.teams(organization))

    def team_members(self, team: str, organization: str | None = None) -> pd.DataFrame:
        """See :meth:`AsyncSession.team_members`."""
        return run_sync(self.aio.team_members(team, organization))

    def roles(self, organization: str | None = None, level: str | None = None) -> pd.DataFrame:
        """See :meth:`AsyncSession.roles`."""
        return run_sync(self.aio.roles(organization, level))

    def role_assignments(
        self,
        organization: str | None = None,
        workspace: str | None = None,
        user: str | None = None,
        *,
        progress: bool = True,
    ) -> pd.DataFrame:
        """See :meth:`AsyncSession.role_assignments`."""
        return run_sync(self.aio.role_assignments(organization, workspace, user, progress=progress))

    def invitations(self, organization: str | None = None, pending_only: bool = False) -> pd.DataFrame:
        """See :meth:`AsyncSession.invitations`."""
        return run_sync(self.aio.invitations(organization, pending_only))

    # --- single objects ------------------------------------------------------------------------

    def get_organization(self, organization: str | None = None) -> Organization:
        """See :meth:`AsyncSession.get_organization`."""
        return run_sync(self.aio.get_organization(organization))

    def get_workspace(self, workspace: str, organization: str | None = None) -> Workspace:
        """See :meth:`AsyncSession.get_workspace`."""
        return run_sync(self.aio.get_workspace(workspace, organization))

    def get_user(self, user: str) -> User:
        """See :meth:`AsyncSession.get_user`."""
        return run_sync(self.aio.get_user(user))

    def get_team(self, team: str, organization: str | None = None) -> Team:
        """See :meth:`AsyncSession.get_team`."""
        return run_sync(self.aio.get_team(team, organization))

    def get_role(self, role: str, organization: str | None = None) -> Role:
        """See :meth:`AsyncSession.get_role`."""
        return run_sync(self.aio.get_role(role, organization))

    def workspace(self, workspace: str, *, api_key: str | None = None) -> WorkspaceSession:
        """See :meth:`AsyncSession.workspace`."""
        return WorkspaceSession(run_sync(self.aio.workspace(workspace, api_key=api_key)))

    # --- changes -------------------------------------------------------------------------------

    def validate_workspace_name(self, name: str, organization: str | None = None) -> str:
        """See :meth:`AsyncSession.validate_workspace_name`."""
        return run_sync(self.aio.validate_workspace_name(name, organization))

    def create_workspace(
        self,
        name: str,
        organization: str | None = None,
        display_name: str | None = None,
        description: str | None = None,
        wait: bool = True,
        *,
        max_wait: float = 600.0,
        poll_interval: float = 5.0,
        progress: bool = True,
    ) -> Workspace:
        """See :meth:`AsyncSession.create_workspace`."""
        return run_sync(
            self.aio.create_workspace(
                name,
                organization,
                display_name,
                description,
                wait,
                max_wait=max_wait,
                poll_interval=poll_interval,
                progress=progress,
            )
        )

    def update_workspace(
        self,
        workspace: str,
        *,
        display_name: str | None = None,
        description: str | None = None,
        logo_url: str | None = None,
    ) -> Workspace:
        """See :meth:`AsyncSession.update_workspace`."""
        return run_sync(
            self.aio.update_workspace(
                workspace, display_name=display_name, description=description, logo_url=logo_url
            )
        )

    def deactivate_workspace(self, workspace: str) -> Workspace:
        """See :meth:`AsyncSession.deactivate_workspace`."""
        return run_sync(self.aio.deactivate_workspace(workspace))

    def redeploy_workspace(
        self,
        workspace: str,
        wait: bool = False,
        *,
        max_wait: float = 600.0,
        poll_interval: float = 5.0,
        progress: bool = True,
    ) -> Workspace:
        """See :meth:`AsyncSession.redeploy_workspace`."""
        return run_sync(
            self.aio.redeploy_workspace(
                workspace, wait, max_wait=max_wait, poll_interval=poll_interval, progress=progress
            )
        )

    def delete_workspace(self, workspace: str) -> None:
        """See :meth:`AsyncSession.delete_workspace`."""
        run_sync(self.aio.delete_workspace(workspace))

    def invite_user(self, email: str, role: str, organization: str | None = None) -> Invitation:
        """See :meth:`AsyncSession.invite_user`."""
        return run_sync(self.aio.invite_user(email, role, organization))

    def assign_role(
        self,
        role: str,
        user: str | None = None,
        team: str | None = None,
        workspace: str | None = None,
        organization: str | None = None,
    ) -> RoleAssignment | None:
        """See :meth:`AsyncSession.assign_role`."""
        return run_sync(self.aio.assign_role(role, user, team, workspace, organization))

    def revoke_role(
        self,
        role: str,
        user: str | None = None,
        team: str | None = None,
        workspace: str | None = None,
        organization: str | None = None,
    ) -> None:
        """See :meth:`AsyncSession.revoke_role`."""
        run_sync(self.aio.revoke_role(role, user, team, workspace, organization))

    def create_team(self, name: str, organization: str | None = None, description: str | None = None) -> Team:
        """See :meth:`AsyncSession.create_team`."""
        return run_sync(self.aio.create_team(name, organization, description))

    def add_team_member(self, team: str, user: str, organization: str | None = None) -> None:
        """See :meth:`AsyncSession.add_team_member`."""
        run_sync(self.aio.add_team_member(team, user, organization))

    def remove_team_member(self, team: str, user: str, organization: str | None = None) -> None:
        """See :meth:`AsyncSession.remove_team_member`."""
        run_sync(self.aio.remove_team_member(team, user, organization))

    def deactivate_user(self, user: str) -> User:
        """See :meth:`AsyncSession.deactivate_user`."""
        return run_sync(self.aio.deactivate_user(user))

    # --- views ---------------------------------------------------------------------------------

    def access_matrix(self, organization: str | None = None, *, progress: bool = True) -> pd.DataFrame:
        """See :meth:`AsyncSession.access_matrix`."""
        return run_sync(self.aio.access_matrix(organization, progress=progress))

    def access_table(self, organization: str | None = None, *, progress: bool = True) -> pd.DataFrame:
        """See :meth:`AsyncSession.access_table`."""
        return run_sync(self.aio.access_table(organization, progress=progress))

    def workspace_inventory(self, organization: str | None = None, *, progress: bool = True) -> pd.DataFrame:
        """See :meth:`AsyncSession.workspace_inventory`."""
        return run_sync(self.aio.workspace_inventory(organization, progress=progress))

    def stale_invitations(self, days: float = 30, organization: str | None = None) -> pd.DataFrame:
        """See :meth:`AsyncSession.stale_invitations`."""
        return run_sync(self.aio.stale_invitations(days, organization))

    def inactive_users(self, days: float = 90) -> pd.DataFrame:
        """See :meth:`AsyncSession.inactive_users`."""
        return run_sync(self.aio.inactive_users(days))

    def close(self) -> None:
        """Close the connections and this session's panels (their countdowns and pollers stop)."""
        panels = sys.modules.get("zpro_nb.widgets.panel")
        if panels is not None:  # no panel exists unless that module was loaded; never import ipywidgets here
            panels.close_panels(self)
        run_sync(self.aio.aclose())

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return self.aio._repr_text().replace("AsyncSession(", "Session(", 1)

    def _repr_html_(self) -> str:
        return self.aio._repr_html_()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any] | None:
        return self.aio._repr_mimebundle_(include, exclude)

    __reduce__ = _pickle_refused


def _new_session(
    *,
    url: str | None,
    allow_insecure: bool,
    max_concurrency: int,
    rate_limit: float | None,
    transport: httpx.AsyncBaseTransport | None,
    retry: RetryPolicy | None,
    clock: Clock | None,
    timeout: float,
    loop: asyncio.AbstractEventLoop | None,
    bounds: ReadBounds | None = None,
) -> AsyncSession:
    require_number("request_timeout", timeout, strict=True)
    api_url = resolve_api_url(url)
    core = Transport(
        limits=Limits(max_concurrency, rate_limit, clock=clock),
        retry=retry,
        transport=transport,
        timeout=timeout,
        clock=clock,
        loop=loop,
        bounds=bounds,
    )
    return AsyncSession(core, api_url, allow_insecure=allow_insecure)


def _assignment_queries(
    roles: list[dict[str, Any]], workspaces: list[dict[str, Any]], workspace_id: str | None
) -> list[tuple[str, str | None]]:
    """(role id, workspace id or None) for every assignment list to read."""
    queries: list[tuple[str, str | None]] = []
    for role in roles:
        if role.get("level") == "workspace":
            org_id = role.get("organization_id")
            targets = (
                [workspace_id]
                if workspace_id
                else [
                    str(w["id"])
                    for w in workspaces
                    if not org_id or (w.get("organization") or {}).get("id") in (None, org_id)
                ]
            )
            queries += [(str(role["id"]), target) for target in targets]
        elif not workspace_id:
            queries.append((str(role["id"]), None))
    return queries


async def _none() -> None:
    """An awaitable standing in for a lookup that is not needed (keeps ``gather`` calls flat)."""
    return None


def connect(
    token: str | None = None,
    *,
    api_key: str | None = None,
    url: str | None = None,
    allow_insecure: bool = False,
    max_concurrency: int = 16,
    rate_limit: float | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    retry: RetryPolicy | None = None,
    clock: Clock | None = None,
    request_timeout: float = 30.0,
    bounds: ReadBounds | None = None,
) -> Session:
    """Sign in to ZenML Pro and return a ``Session``.

    Credentials, first match wins: ``token=`` / ``api_key=``; ``ZENML_PRO_API_TOKEN``;
    ``ZENML_PRO_API_KEY``; the Pro sign-in ZenML's CLI stored for this URL (``zenml login --pro``,
    read only); a paste field (interactive notebook), ``getpass`` (terminal), or
    ``AuthenticationError`` (headless). The API root is ``url``, else ``ZENML_PRO_API_URL``, else
    ``https://cloudapi.zenml.io``. ``transport`` replaces the network (e.g. ``httpx.ASGITransport``).
    ``bounds`` (a ``ReadBounds``) caps what one call may read from a misbehaving server.
    """
    credential = resolve_pro_credentials(token, api_key, api_url=resolve_api_url(url))
    aio = _new_session(
        url=url,
        allow_insecure=allow_insecure,
        max_concurrency=max_concurrency,
        rate_limit=rate_limit,
        transport=transport,
        retry=retry,
        clock=clock,
        timeout=request_timeout,
        bounds=bounds,
        loop=background_loop(),
    )
    session = Session(aio)
    if credential is None:
        aio.await_paste()
        return session
    try:
        run_sync(aio.use_credential(credential))
    except BaseException:
        run_sync(aio.aclose())
        raise
    return session


async def connect_async(
    token: str | None = None,
    *,
    api_key: str | None = None,
    url: str | None = None,
    allow_insecure: bool = False,
    max_concurrency: int = 16,
    rate_limit: float | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    retry: RetryPolicy | None = None,
    clock: Clock | None = None,
    request_timeout: float = 30.0,
    bounds: ReadBounds | None = None,
) -> AsyncSession:
    """The async twin of ``connect()``: same arguments, returns an ``AsyncSession`` on the running loop."""
    credential = resolve_pro_credentials(token, api_key, api_url=resolve_api_url(url))
    aio = _new_session(
        url=url,
        allow_insecure=allow_insecure,
        max_concurrency=max_concurrency,
        rate_limit=rate_limit,
        transport=transport,
        retry=retry,
        clock=clock,
        timeout=request_timeout,
        bounds=bounds,
        loop=asyncio.get_running_loop(),
    )
    try:
        await aio.use_credential(credential)
    except BaseException:
        await aio.aclose()
        raise
    return aio


def open_sandbox_session(
    config: SandboxConfig | None = None, *, as_user: str = "admin", **options: Any
) -> Session:
    """A ``Session`` on a fresh in-process sandbox (no port opened), signed in as a demo user.

    ``options`` are ``SandboxConfig`` fields (``seed=``, ``scale=``, ``latency_ms=`` ...);
    ``as_user`` is ``"admin"``, ``"manager"`` or ``"viewer"``.
    """
    from zpro_nb.emulator import SandboxConfig, create_app

    cfg = dataclasses.replace(config or SandboxConfig(), **options)
    app = create_app(cfg)
    creds = app.state.demo_credentials
    tokens = creds["tokens"]
    if as_user not in tokens:
        raise ValueError(f"as_user must be one of {sorted(tokens)}, got {as_user!r}")
    return connect(
        url="http://sandbox.localhost",
        token=tokens[as_user],
        transport=InProcessTransport(app=app),
    )
