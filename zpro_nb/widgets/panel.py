"""What every panel shares: a root box with the house style, display, closing, and the per-session cache.

The cache is why a panel keeps its values when its cell is re-run: ``s.workspace_panel()`` hands
back the same live panel (same widget models, so the same values) until it is closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

import ipywidgets as W

from .theme import STYLE

P = TypeVar("P", bound="Panel")

_CACHE_ATTR = "_zpro_panels"


class Panel:
    """Base of the panels: ``widget`` is the root box; display the panel (or ``panel.widget``) in a cell."""

    kind: ClassVar[str] = "panel"
    title: ClassVar[str] = ""

    def __init__(self) -> None:
        self.widget = W.VBox()
        self.widget.add_class("zpro-panel")
        self.widget.add_class(f"zpro-{self.kind}-panel")
        self.closed = False
        self._stoppers: list[Callable[[], None]] = []

    def _set_body(self, *children: W.Widget) -> None:
        head = W.HTML(STYLE + (f'<div class="zpro-title">{self.title}</div>' if self.title else ""))
        self.widget.children = (head, *children)

    def _stop_on_close(self, stop: Callable[[], None]) -> None:
        """Register something to stop when the panel closes (timers, pollers)."""
        self._stoppers.append(stop)

    def close(self) -> None:
        """Stop the panel's timers and close its widgets; the next ``s.<kind>_panel()`` builds a fresh one."""
        if self.closed:
            return
        self.closed = True
        for stop in self._stoppers:
            stop()
        _close_tree(self.widget)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self) -> None:
        from IPython.display import display  # lazy: IPython, only inside a notebook

        display(self.widget)  # type: ignore[no-untyped-call]


def _close_tree(widget: W.Widget) -> None:
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()


def cached_panel(session: object, kind: str, build: Callable[[], P]) -> P:
    """The session's live panel of this kind, or a new one from ``build`` (kept for the next call)."""
    panels: dict[str, Panel] | None = getattr(session, _CACHE_ATTR, None)
    if panels is None:
        panels = {}
        try:
            setattr(session, _CACHE_ATTR, panels)
        except AttributeError:  # a session type with __slots__: no cache, a fresh panel each time
            return build()
    existing = panels.get(kind)
    if existing is not None and not existing.closed:
        return existing  # type: ignore[return-value]
    panel = build()
    panels[kind] = panel
    return panel


def close_panels(session: object) -> None:
    """Close every cached panel of ``session``, stopping their countdowns and pollers."""
    panels: dict[str, Panel] = getattr(session, _CACHE_ATTR, None) or {}
    for panel in list(panels.values()):
        panel.close()
    panels.clear()
