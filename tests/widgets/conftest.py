"""Fixtures for the headless panel tests: callback errors fail the test; a fresh in-process sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from ipywidgets.widgets.widget import CallbackDispatcher

from zpro_nb.widgets.scheduling import ManualScheduler


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
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A fresh in-process sandbox and a Session signed in as its demo admin."""
    for name in ("ZENML_PRO_API_TOKEN", "ZENML_PRO_API_KEY", "ZENML_PRO_API_URL"):
        monkeypatch.delenv(name, raising=False)
    import zpro_nb

    session = zpro_nb.sandbox()
    try:
        yield session
    finally:
        session.close_panels()
        session.close()
