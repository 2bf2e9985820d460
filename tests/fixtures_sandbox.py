"""The one module the tests start sandboxes from: in-process apps, and the sandbox served over real HTTP.

Registered for the whole suite (``pytest_plugins`` in tests/conftest.py); a folder's conftest.py may
only re-export a fixture from here. tests/test_fixture_layout.py fails if another test module starts
an emulator app or server itself.

In-process (no port):

* ``new_app(**settings)`` / ``new_app(config, clock=...)``: a fresh ``create_app`` with its own state;
  ``sandbox_app`` (fixture): ``new_app()`` for one test; ``pro``: a :class:`ProClient` on it;
* ``new_sandbox(**settings)``: a :class:`CountedSandbox` (writes counted, instant retry waits, faults
  on demand) for ``async_session``/``sync_session``;
* ``panel_sandbox`` (fixture, the panel tests' ``sandbox``): a :class:`PanelSandbox` whose
  workspaces deploy in 5 s of sandbox time, its sessions and panels closed afterwards.

Over real HTTP on loopback:

* ``start_sandbox_server(*flags)``: ``python -m zpro_nb.emulator --port 0 ...`` as a separate process
  (zpro_nb.runbooks' own recipe, the one ``zpro-nb lab`` uses); ``stop_sandbox_server`` stops it;
  ``sandbox_server`` (session fixture): one with ``--ready-delay 0.5``, stopped with exit 0;
* ``judged_sandbox``/``every_state`` (module fixtures): a served sandbox whose workspaces settle only
  when a test moves its clock, and one workspace in each ZenML ``WorkspaceStatus``;
* ``serve_asgi(app)``: any ASGI app (a sandbox app, or a server wrapping one) served by uvicorn in a
  thread of the test process; ``served_sandbox`` (session fixture): ``new_app()`` served that way.

The clients (``ProClient``, ``Raw``, sessions, ...) live in tests/sandbox_clients.py and are
re-exported here, so tests import everything sandbox-related from this one module.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sandbox_clients import (
    IN_PROCESS_URL,
    ORGANIZATION,
    READY_DELAY_S,
    TOKEN_LIFETIME_S,
    URL,
    CountedSandbox,
    CountingApp,
    InstantClock,
    JudgedSandbox,
    PanelSandbox,
    ProClient,
    Raw,
    SandboxClock,
    asgi_client,
    async_session,
    bearer,
    open_async,
    raw_reader,
    sync_session,
    workspaces_in_every_state,
)

from zpro_nb.emulator import SandboxConfig
from zpro_nb.emulator.app import create_app
from zpro_nb.emulator.clock import SandboxClock as EmulatorClock
from zpro_nb.runbooks import SandboxServer, start_sandbox_server
from zpro_nb.workspace_session import AsyncWorkspaceSession

__all__ = [
    "IN_PROCESS_URL",
    "ORGANIZATION",
    "READY_DELAY_S",
    "TOKEN_LIFETIME_S",
    "URL",
    "CountedSandbox",
    "CountingApp",
    "InstantClock",
    "JudgedSandbox",
    "PanelSandbox",
    "ProClient",
    "Raw",
    "SandboxClock",
    "SandboxServer",
    "ServedApp",
    "asgi_client",
    "async_session",
    "bearer",
    "new_app",
    "new_sandbox",
    "open_async",
    "raw_reader",
    "serve_asgi",
    "start_sandbox_server",
    "stop_sandbox_server",
    "sync_session",
    "workspaces_in_every_state",
]

#: how long a uvicorn thread may take to bind its port before the test fails
SERVE_TIMEOUT_S = 30.0

# --- in-process ------------------------------------------------------------------------------------


def new_app(
    config: SandboxConfig | None = None,
    *,
    clock: EmulatorClock | None = None,
    freeze_seeded: bool = False,
    **settings: Any,
) -> FastAPI:
    """A fresh sandbox app: ``config``, or a ``SandboxConfig(**settings)``; ``clock`` to set its time;
    ``freeze_seeded`` as a sandbox in its own process does (the caller unfreezes afterwards)."""
    if config is not None and settings:
        raise TypeError("new_app takes a SandboxConfig or its settings, not both")
    return create_app(config or SandboxConfig(**settings), clock=clock, freeze_seeded=freeze_seeded)


@pytest.fixture
async def production_ws() -> AsyncIterator[AsyncWorkspaceSession]:
    """The admin's async session on the workspace ``production`` of a fresh in-process sandbox."""
    app = new_app()
    session = await open_async(app)
    workspace: AsyncWorkspaceSession = await session.workspace("production")  # type: ignore[attr-defined]
    yield workspace
    await session.aclose()


@pytest.fixture
def sandbox_app() -> FastAPI:
    """``new_app()``: the default config, its own state each test."""
    return new_app()


@pytest.fixture
async def pro(sandbox_app: FastAPI) -> AsyncIterator[ProClient]:
    """A :class:`ProClient` over a fresh in-process app (use in ``anyio`` tests)."""
    async with asgi_client(sandbox_app) as client:
        yield ProClient(sandbox_app, client)


def new_sandbox(**settings: Any) -> CountedSandbox:
    """A fresh app behind a :class:`CountingApp`, with an :class:`InstantClock` for the client."""
    app = new_app(**settings)
    return CountedSandbox(app=app, counter=CountingApp(app), clock=InstantClock())


@pytest.fixture
def panel_sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[PanelSandbox]:
    """A fresh in-process sandbox for panels (workspaces deploy in 5 s of sandbox time)."""
    from zpro_nb.widgets.panel import close_panels  # only the panel tests need ipywidgets

    for name in ("ZENML_PRO_API_TOKEN", "ZENML_PRO_API_KEY", "ZENML_PRO_API_URL"):
        monkeypatch.delenv(name, raising=False)
    app = new_app(workspace_ready_delay_s=5.0)
    creds = app.state.demo_credentials
    box = PanelSandbox(app, dict(creds["tokens"]), dict(creds["api_keys"]))
    try:
        yield box
    finally:
        for session in box.sessions:
            close_panels(session)
            session.close()


# --- a separate process over real HTTP ---------------------------------------------------------------


def stop_sandbox_server(server: SandboxServer) -> int:
    """SIGTERM the process (SIGKILL if it lingers) and return its exit status."""
    return server.stop()


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxServer]:
    """One served sandbox for the session (workspaces deploy in 0.5 s)."""
    server = start_sandbox_server("--ready-delay", "0.5")
    yield server
    assert stop_sandbox_server(server) == 0


@pytest.fixture(scope="module")
def judged_sandbox() -> Iterator[JudgedSandbox]:
    """A served sandbox whose workspaces stay ``pending`` until a test moves its clock."""
    server = start_sandbox_server(
        "--ready-delay",
        str(READY_DELAY_S),
        "--token-lifetime",
        str(TOKEN_LIFETIME_S),
        "--workspace-limit",
        "50",
    )
    try:
        with httpx.Client(base_url=server.url, headers=bearer(server.tokens["admin"]), timeout=30) as http:
            yield JudgedSandbox(server, http)
    finally:
        assert stop_sandbox_server(server) == 0


@pytest.fixture(scope="module")
def every_state(judged_sandbox: JudgedSandbox) -> dict[str, str]:
    """:func:`workspaces_in_every_state`, made once per module."""
    return workspaces_in_every_state(judged_sandbox)


# --- an ASGI app served by uvicorn in a thread of the test process ---------------------------------


@contextmanager
def serve_asgi(app: Any, name: str = "sandbox") -> Iterator[str]:
    """Serve ``app`` on a free 127.0.0.1 port for the ``with`` block; yields its base URL."""
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        lifespan="off",
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=name, daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVE_TIMEOUT_S
    while not server.started:  # waiting for our own server thread to bind, not a timed assertion
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the {name} server thread did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)


@dataclass(frozen=True)
class ServedApp:
    """An in-process sandbox app and the loopback URL uvicorn serves it at."""

    app: FastAPI
    url: str


@pytest.fixture(scope="session")
def served_sandbox() -> Iterator[ServedApp]:
    """``new_app()`` (demo scale, default seed) served over real HTTP for the session."""
    app = new_app()
    with serve_asgi(app, "served-sandbox") as url:
        yield ServedApp(app, url)
