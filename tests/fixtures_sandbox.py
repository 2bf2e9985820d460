"""Fixtures: the sandbox served over real HTTP by a separate process, and a fresh in-process app.

``sandbox_server`` (session): runs ``python -m zpro_nb.emulator --port 0 --ready-delay 0.5``,
reads the JSON line it prints first, and stops it with SIGTERM at the end (asserting exit 0).
``sandbox_app`` (function): ``create_app()`` with the default config, its own state each test.

And for Session tests: ``new_app``, ``open_async`` (a session on it) and ``raw_reader`` (reads straight
through httpx, no zpro_nb code, so a list can be checked against what the sandbox really holds).
For bulk changes: ``new_sandbox`` (writes counted, instant retry waits, faults on demand) with
``async_session``/``sync_session`` on it. This is the one module the tests start sandboxes from.
"""

from __future__ import annotations

import asyncio
import json
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

import zpro_nb
from zpro_nb._core.clock import ManualClock, SystemClock
from zpro_nb._core.in_process import InProcessTransport
from zpro_nb._core.retry import RetryPolicy
from zpro_nb.emulator import SandboxConfig, create_app
from zpro_nb.notebook_session import AsyncSession, Session, connect, connect_async

STARTUP_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class SandboxServer:
    """A running sandbox process: its base URL and the demo users' credentials."""

    url: str
    tokens: dict[str, str]
    api_keys: dict[str, str]
    process: subprocess.Popen[str]

    def __repr__(self) -> str:  # never show the credentials
        return f"SandboxServer(url={self.url!r}, pid={self.process.pid})"


def _read_first_line(process: subprocess.Popen[str], timeout_s: float) -> str:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline:
            if selector.select(timeout=min(0.5, max(0.0, deadline - time.monotonic()))):
                return process.stdout.readline()
            if process.poll() is not None:
                return ""
        return ""
    finally:
        selector.close()


def start_sandbox_server(*extra_args: str) -> SandboxServer:
    """Start ``python -m zpro_nb.emulator --port 0 ...`` and wait for its announcement."""
    command = [sys.executable, "-m", "zpro_nb.emulator", "--port", "0", *extra_args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = _read_first_line(process, STARTUP_TIMEOUT_S)
    try:
        announced = json.loads(line)
    except json.JSONDecodeError:
        process.kill()
        _, stderr = process.communicate(timeout=STOP_TIMEOUT_S)
        pytest.fail(f"the sandbox server did not announce itself within {STARTUP_TIMEOUT_S:.0f} s:\n{stderr}")
    return SandboxServer(
        url=announced["url"], tokens=announced["tokens"], api_keys=announced["api_keys"], process=process
    )


def stop_sandbox_server(server: SandboxServer) -> int:
    """SIGTERM the process and return its exit status."""
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.communicate(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.communicate()
    return server.process.returncode


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxServer]:
    server = start_sandbox_server("--ready-delay", "0.5")
    yield server
    assert stop_sandbox_server(server) == 0


@pytest.fixture
def sandbox_app() -> FastAPI:
    return create_app(SandboxConfig())


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


@pytest.fixture
async def pro(sandbox_app: FastAPI) -> AsyncIterator[ProClient]:
    """A :class:`ProClient` over a fresh in-process app (use in ``anyio`` tests)."""
    async with asgi_client(sandbox_app) as client:
        yield ProClient(sandbox_app, client)


# --- sessions on an in-process sandbox ---------------------------------------------------------------

URL = IN_PROCESS_URL


class SandboxClock(ManualClock):
    """The client's clock tied to the sandbox's: waiting on it moves the sandbox's time, never sleeps."""

    def __init__(self, app: FastAPI) -> None:
        import time

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


def new_app(**config: Any) -> FastAPI:
    return create_app(SandboxConfig(**config))


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


def new_sandbox(**config: Any) -> CountedSandbox:
    app = create_app(SandboxConfig(**config))
    return CountedSandbox(app=app, counter=CountingApp(app), clock=InstantClock())


async def async_session(sandbox: CountedSandbox, user: str = "admin") -> AsyncSession:
    aio = await connect_async(
        sandbox.token(user),
        url=IN_PROCESS_URL,
        transport=InProcessTransport(app=sandbox.counter),
        clock=sandbox.clock,
        retry=_policy(),
    )
    return aio


def sync_session(sandbox: CountedSandbox, user: str = "admin") -> Session:
    session = connect(
        sandbox.token(user),
        url=IN_PROCESS_URL,
        transport=InProcessTransport(app=sandbox.counter),
        clock=sandbox.clock,
        retry=_policy(),
    )
    return session
