"""What a session needs from the field a token is pasted into, as a protocol.

The session awaits a pasted token without knowing how the field is drawn: the notebook session
supplies the ipywidgets field (``zpro_nb.widgets.paste_field.PasteField``) from above, so the base
session imports nothing from the widgets.
"""

from __future__ import annotations

from typing import Any, Protocol

__all__ = ["PastePrompt"]


class PastePrompt(Protocol):
    """A field shown while a session awaits a token; it hands the pasted text over once."""

    def show(self) -> None:
        """Display the field (once)."""

    def signed_in(self, text: str) -> None:
        """The field's job is done: say who is signed in."""

    def failed(self, text: str) -> None:
        """Say why the pasted credential did not work (``text`` is already redacted)."""

    def retire(self) -> None:
        """A newer field takes over."""

    def mimebundle(self) -> dict[str, Any] | None:
        """What displaying the session shows while it awaits the token."""
