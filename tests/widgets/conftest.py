"""Fixtures for the headless panel tests: callback errors fail the test; time moves by hand.

The sandbox is fixtures_sandbox's ``panel_sandbox`` (re-exported here as ``sandbox``).
"""

from __future__ import annotations

from typing import Any

import pytest
from fixtures_sandbox import PanelSandbox
from fixtures_sandbox import panel_sandbox as sandbox
from ipywidgets.widgets.widget import CallbackDispatcher

from zpro_nb.notebook_session import Session
from zpro_nb.widgets.scheduling import ManualScheduler

__all__ = ["sandbox"]  # a fixture, registered for this folder under the name its tests use


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


@pytest.fixture
def admin(sandbox: PanelSandbox) -> Session:
    """The demo admin's session."""
    return sandbox.session("admin")
