"""Clients of a sandbox that tests/fixtures_sandbox.py started: they talk to one, never start one.

In-process (over ``httpx.ASGITransport`` / ``InProcessTransport``, no port): ``ProClient``, ``Raw``,
sessions (``open_async``, ``async_session``/``sync_session`` on a ``CountedSandbox``), the panel
tests' ``PanelSandbox``. Over real HTTP: ``JudgedSandbox`` (a served sandbox for ZenML's judges).
Import them from ``fixtures_sandbox``, which re-exports every name here.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI

import zpro_nb
from zpro_nb._core.clock import ManualClock, SystemClock
from zpro_nb._core.in_process import InProcessTransport
from zpro_nb._core.loop import run_sync
from zpro_nb._core.retry import RetryPolicy
from zpro_nb.notebook_session import AsyncSession, Session, connect, connect_async
from zpro_nb.runbooks import SandboxServer

IN_PROCESS_URL = "http://sandbox.localhost"


def asgi_client(app: FastAPI) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` talking to ``app`` in-process (no port)."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=IN_PROCESS_URL)


def bearer(token: str) -> dict[str, str]:
    """The ``Authorization`` header for ``token``."""
    return {"Authorization": f"Bearer {token}"}


@dataclass
class ProClient:
    """An in-process client for one sandbox app, with the demo users' headers at hand."""

    app: FastAPI
    client: httpx.AsyncClient

    def headers(self, who: str = "admin") -> dict[str, str]:
        return bearer(self.app.state.demo_credentials["tokens"][who])

    def token_for(self, user_id: str) -> str:
        """Mint a token for any seeded user (as a login with their key would)."""
        pro = self.app.state.pro
        token: str = pro.issue_token(pro.store.users[user_id])[0]
        return token

    async def call(self, method: str, path: str, who: str = "admin", **kwargs: object) -> httpx.Response:
        headers = kwargs.pop("headers", None) or self.headers(who)
        return await self.client.request(method, path, headers=headers, **kwargs)  # type: ignore[arg-type]

    async def get(self, path: str, who: str = "admin", **kwargs: object) -> httpx.Response:
        return await self.call("GET", path, who, **kwargs)

    async def post(self, path: str, who: str = "admin", **kwargs: object) -> httpx.Response:
        return await self.call("POST", path, who, **kwargs)

    async def patch(self, path: str, who: str = "admin", **kwargs: object) -> httpx.Response:
        return await self.call("PATCH", path, who, **kwargs)

    async def put(self, path: str, who: str = "admin", **kwargs: object) -> httpx.Response:
        return await self.call("PUT", path, who, **kwargs)

    async def delete(self, path: str, who: str = "admin", **kwargs: object) -> httpx.Response:
        return await self.call("DELETE", path, who, **kwargs)

    async def org_id(self, name: str = "acme-ml") -> str:
        response = await self.get(f"/organizations/{name}")
        assert response.status_code == 200, response.text
        org_id: str = response.json()["id"]
        return org_id

    async def workspace(self, name: str) -> dict[str, object]:
        response = await self.get(f"/workspaces/{name}")
        assert response.status_code == 200, response.text
        found: dict[str, object] = response.json()
        return found

    async def role_id(self, name: str, org: str = "acme-ml") -> str:
        org_id = await self.org_id(org)
        response = await self.get(f"/organizations/{org_id}/roles", params={"name": name})
        assert response.status_code == 200, response.text
        assert len(response.json()) == 1, response.text
        role_id: str = response.json()[0]["id"]
        return role_id

    def advance(self, seconds: float) -> None:
        self.app.state.clock.advance(seconds)


# --- sessions on an in-process sandbox ---------------------------------------------------------------

URL = IN_PROCESS_URL


class SandboxClock(ManualClock):
    """The client's clock tied to the sandbox's: waiting on it moves the sandbox's time, never sleeps."""

    def __init__(self, app: FastAPI) -> None:
        super().__init__(start=time.time())
        self.app = app

    async def sleep(self, seconds: float) -> None:
        await super().sleep(seconds)
        self.app.state.clock.advance(seconds)


@dataclass
class Raw:
    """Raw reads of a sandbox app (in-process, or a server's URL), as a given demo user."""

    client: httpx.AsyncClient
    token: str = field(repr=False)  # never in a failure report

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def get(self, path: str, **params: Any) -> Any:
        response = await self.client.get(path, params=params, headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()

    async def all(self, path: str, **params: Any) -> list[dict[str, Any]]:
        """Every item of a Pro list (offset/limit pages of 100)."""
        items: list[dict[str, Any]] = []
        while True:
            page = await self.get(path, offset=len(items), limit=100, **params)
            items += page
            if len(page) < 100:
                return items

    async def org(self, name: str = "acme-ml") -> dict[str, Any]:
        found: dict[str, Any] = await self.get(f"/organizations/{name}")
        return found


async def open_async(app: FastAPI, who: str = "admin", **options: Any) -> AsyncSession:
    token = app.state.demo_credentials["tokens"][who]
    return await zpro_nb.connect_async(
        url=URL, token=token, transport=httpx.ASGITransport(app=app), **options
    )


async def raw_reader(app: FastAPI, who: str = "admin") -> AsyncIterator[Raw]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=URL) as client:
        yield Raw(client, app.state.demo_credentials["tokens"][who])


# --- a counted sandbox for bulk changes -------------------------------------------------------------


class InstantClock(SystemClock):
    """Real time (so token expiry reads right) but retry waits cost nothing; the waits are recorded."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await asyncio.sleep(0)


@dataclass
class CountingApp:
    """ASGI wrapper counting the sandbox's 2xx answers to writes: the changes the server really made."""

    app: Any
    writes: list[tuple[str, str, int]] = field(default_factory=list)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self._counted(scope, receive, send)

    async def _counted(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "DELETE"):
            await self.app(scope, receive, send)
            return

        async def counting_send(message: Any) -> None:
            if message["type"] == "http.response.start" and 200 <= message["status"] < 300:
                self.writes.append((scope["method"], scope["path"], message["status"]))
            await send(message)

        await self.app(scope, receive, send=counting_send)

    def count(self, method: str, fragment: str) -> int:
        return sum(1 for m, p, _ in self.writes if m == method and fragment in p)


def _policy() -> RetryPolicy:
    return RetryPolicy(max_retries=12, backoff_base=0.01, backoff_cap=0.05, deadline=None)


@dataclass
class CountedSandbox:
    app: Any
    counter: CountingApp
    clock: InstantClock

    def faults(self, **settings: float) -> None:
        """Switch faults on or off without a restart."""
        self.app.state.faults.update(settings)

    def token(self, user: str = "admin") -> str:
        return str(self.app.state.demo_credentials["tokens"][user])


def _session_options(sandbox: CountedSandbox) -> dict[str, Any]:
    """What a session on a counted sandbox is opened with: its counted app, its clock, fast retries."""
    transport = InProcessTransport(app=sandbox.counter)
    return {"url": IN_PROCESS_URL, "transport": transport, "clock": sandbox.clock, "retry": _policy()}


async def async_session(sandbox: CountedSandbox, user: str = "admin") -> AsyncSession:
    """An ``AsyncSession`` on ``sandbox`` as the demo ``user``."""
    return await connect_async(sandbox.token(user), **_session_options(sandbox))


def sync_session(sandbox: CountedSandbox, user: str = "admin") -> Session:
    """A ``Session`` on ``sandbox`` as the demo ``user``."""
    return connect(sandbox.token(user), **_session_options(sandbox))


# --- a served sandbox for ZenML's judges ----------------------------------------------------------

#: the judged sandbox's workspaces settle only when a test moves its clock past this
READY_DELAY_S = 3600.0
#: tokens outlive every clock move a test makes (the demo tokens are issued at start)
TOKEN_LIFETIME_S = 30 * 24 * 3600
ORGANIZATION = "acme-ml"


@dataclass
class JudgedSandbox:
    """A served sandbox and an HTTP client signed in as its demo admin."""

    server: SandboxServer
    http: httpx.Client

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def admin_api_key(self) -> str:
        return self.server.api_keys["admin"]

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = self.http.request(method, path, **kwargs)
        assert response.is_success, f"{method} {path} -> {response.status_code}: {response.text[:500]}"
        return response

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.call(method, path, **kwargs).json()

    def organization_id(self, name: str = ORGANIZATION) -> str:
        org_id: str = self.json("GET", f"/organizations/{name}")["id"]
        return org_id

    def create_workspace(self, name: str) -> dict[str, Any]:
        body = {"name": name, "organization_id": self.organization_id()}
        created: dict[str, Any] = self.json("POST", "/workspaces", json=body)
        return created

    def advance_clock(self, seconds: float) -> None:
        self.call("POST", "/_sandbox/clock", json={"advance_s": seconds})


def workspaces_in_every_state(sandbox: JudgedSandbox) -> dict[str, str]:
    """One new workspace per ZenML ``WorkspaceStatus``: ``{state: workspace id}``.

    ``available`` and ``failed`` settle when the clock passes the ready delay (a name with "fail"
    fails); ``pending`` is created after that move, so it stays pending; ``deactivated`` is asked
    for through the Pro API. ``deleted`` and ``not_initialized`` (reached only by the service's
    infrastructure) are set through the sandbox-only control ``PUT /_sandbox/workspaces/{id}/status``.
    """
    available = sandbox.create_workspace("judge-available")
    failed = sandbox.create_workspace("judge-fail-deploy")
    deactivated = sandbox.create_workspace("judge-deactivated")
    deleted = sandbox.create_workspace("judge-deleted")
    fresh = sandbox.create_workspace("judge-not-initialized")
    sandbox.advance_clock(READY_DELAY_S)
    sandbox.call("PATCH", f"/workspaces/{deactivated['id']}/deactivate")
    sandbox.call("PUT", f"/_sandbox/workspaces/{deleted['id']}/status", json={"status": "deleted"})
    sandbox.call("PUT", f"/_sandbox/workspaces/{fresh['id']}/status", json={"status": "not_initialized"})
    pending = sandbox.create_workspace("judge-pending")
    ids = {
        "not_initialized": fresh["id"],
        "pending": pending["id"],
        "available": available["id"],
        "failed": failed["id"],
        "deactivated": deactivated["id"],
        "deleted": deleted["id"],
    }
    for state, ws_id in ids.items():
        assert sandbox.json("GET", f"/workspaces/{ws_id}")["status"] == state
    return ids


# --- the panel tests' sandbox ---------------------------------------------------------------------


@dataclass
class PanelSandbox:
    """An in-process sandbox app and its demo credentials; sessions on it; reads of what it holds."""

    app: Any
    tokens: dict[str, str] = field(repr=False)
    api_keys: dict[str, str] = field(repr=False)
    sessions: list[Session] = field(default_factory=list)

    def session(self, as_user: str = "admin") -> Session:
        """A Session signed in as a demo user, over ASGITransport (no port)."""
        session = zpro_nb.connect(
            url=IN_PROCESS_URL, token=self.tokens[as_user], transport=httpx.ASGITransport(app=self.app)
        )
        self.sessions.append(session)
        return session

    def get(self, path: str, **params: Any) -> Any:
        """What the sandbox holds, read raw over HTTP as the admin (not through the panel's code)."""
        reader = self.sessions[0] if self.sessions else self.session()
        return run_sync(reader.pro.get(path, params or None))

    def advance(self, seconds: float) -> None:
        """Move the sandbox clock (deployments finish, tokens expire) without waiting."""
        self.app.state.clock.advance(seconds)

    def org_id(self, name: str) -> str:
        """An organization's id by name."""
        return str(next(o["id"] for o in self.get("/organizations") if o["name"] == name))
