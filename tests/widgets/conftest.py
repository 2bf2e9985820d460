"""Fixtures for the headless panel tests: callback errors fail the test; a fresh in-process sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from ipywidgets.widgets.widget import CallbackDispatcher

import zpro_nb
from zpro_nb._core.loop import run_sync
from zpro_nb.notebook_session import Session
from zpro_nb.widgets.panel import close_panels
from zpro_nb.widgets.scheduling import ManualScheduler

URL = "http://sandbox.localhost"


@pytest.fixture(autouse=True)
def strict_widget_callbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    """ipywidgets swallows exceptions raised in on_click handlers; re-raise them so the test fails."""

    def call(self: CallbackDispatcher, *args: Any, **kwargs: Any) -> Any:
        value = None
        for callback in self.callbacks:
            local = callback(*args, **kwargs)
            value = local if local is not None else value
        return value

    monkeypatch.setattr(CallbackDispatcher, "__call__", call)


@pytest.fixture
def scheduler() -> ManualScheduler:
    """Time for debounce, countdown and polling that moves only when the test says so."""
    return ManualScheduler()


@dataclass
class Sandbox:
    """An in-process sandbox app and its demo credentials; sessions on it; reads of what it holds."""

    app: Any
    tokens: dict[str, str] = field(repr=False)
    api_keys: dict[str, str] = field(repr=False)
    sessions: list[Session] = field(default_factory=list)

    def session(self, as_user: str = "admin") -> Session:
        """A Session signed in as a demo user, over ASGITransport (no port)."""
        session = zpro_nb.connect(
            url=URL, token=self.tokens[as_user], transport=httpx.ASGITransport(app=self.app)
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


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    """A fresh in-process sandbox (workspaces deploy in 5 s of sandbox time)."""
    for name in ("ZENML_PRO_API_TOKEN", "ZENML_PRO_API_KEY", "ZENML_PRO_API_URL"):
        monkeypatch.delenv(name, raising=False)
    from zpro_nb.emulator import SandboxConfig, create_app

    app = create_app(SandboxConfig(workspace_ready_delay_s=5.0))
    creds = app.state.demo_credentials
    box = Sandbox(app, dict(creds["tokens"]), dict(creds["api_keys"]))
    try:
        yield box
    finally:
        for session in box.sessions:
            close_panels(session)
            session.close()


@pytest.fixture
def admin(sandbox: Sandbox) -> Session:
    """The demo admin's session."""
    return sandbox.session("admin")
