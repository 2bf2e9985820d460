"""The masked paste field a session shows while it awaits a token (ipywidgets, imported only here).

The value is taken once and the widget cleared at once; nothing secret stays in widget state.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable
from typing import Any

from .._core.redaction import redact_text

__all__ = ["PasteField"]


class PasteField:
    """A masked paste field: ``on_value`` gets the pasted text once; the widget is cleared at once."""

    def __init__(self, on_value: Callable[[str], str]) -> None:
        import ipywidgets as widgets  # lazy: ipywidgets loads only when a token is awaited

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
            self.failed(redact_text(str(exc)))
        del value, change

    def signed_in(self, text: str) -> None:
        """The field's job is done: it goes away and one line says who is signed in."""
        self.status.value = html.escape(text)
        self.field.layout.display = "none"

    def failed(self, text: str) -> None:
        """Say why the pasted credential did not work (``text`` is already redacted)."""
        self.status.value = "<b>zpro_nb</b>: " + html.escape(text)

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
