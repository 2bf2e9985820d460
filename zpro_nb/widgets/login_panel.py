"""The sign-in panel: paste a token (masked), see who you are, your organizations and a live expiry countdown.

The pasted value leaves the widget the moment it reaches the kernel: the field's observer sets
it back to ``""`` before anything else and keeps the value only as a :class:`Secret` until the
button hands it to ``Session.login``. So it never sits in the widget model, the notebook file or
saved widget state. The field syncs on Enter or blur only (``continuous_update=False``), so a
half-typed value is never sent either.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import ipywidgets as W

from zpro_nb._core.errors import AuthenticationError, ZProError
from zpro_nb._core.redaction import Secret

from .expiry import ExpiryStatus, expiry_status
from .panel import Panel
from .plain_errors import USER_ERRORS, plain_error
from .scheduling import Repeater, Scheduler, ThreadScheduler
from .session_protocol import PanelSession
from .theme import message

#: The Pro service-account / personal-access-token prefix: such a value is a key to exchange, not a token.
_KEY_PREFIX = "ZENPROKEY_"


def _utcnow() -> datetime:
    return datetime.now(UTC)


class LoginPanel(Panel):
    """Sign in by pasting a token or key; shows the signed-in user, organizations and expiry countdown.

    ``scheduler`` and ``now`` are injectable so tests drive the countdown without waiting.
    """

    kind = "login"
    title = "ZenML Pro — sign in"

    def __init__(
        self,
        session: PanelSession,
        *,
        scheduler: Scheduler | None = None,
        now: Callable[[], datetime] = _utcnow,
        tick_seconds: float = 30.0,
    ) -> None:
        super().__init__()
        self.session = session
        self._now = now
        self._pending: Secret | None = None

        self.token = W.Password(
            placeholder="paste a ZenML Pro token or ZENPROKEY_ key",
            continuous_update=False,
            layout=W.Layout(width="28em"),
        )
        self.token.add_class("zpro-login-token")
        self.sign_in = W.Button(description="Sign in", button_style="primary", icon="sign-in")
        self.sign_in.add_class("zpro-login-button")
        self.status = W.HTML()
        self.status.add_class("zpro-login-status")
        self.who = W.HTML()
        self.who.add_class("zpro-login-who")
        self.countdown = W.HTML()
        self.countdown.add_class("zpro-login-expiry")
        self.repaste = W.Button(
            description="Paste a new token", icon="refresh", layout=W.Layout(width="auto", margin="0 0 0 1em")
        )
        self.repaste.add_class("zpro-login-repaste")

        self.paste_row = W.HBox([self.token, self.sign_in])
        self.signed_in_box = W.VBox([self.who, W.HBox([self.countdown, self.repaste])])
        self._set_body(self.paste_row, self.status, self.signed_in_box)

        self.token.observe(self._on_token, names="value")
        self.sign_in.on_click(self._on_sign_in)
        self.repaste.on_click(self._on_repaste)

        self._ticker = Repeater(scheduler or ThreadScheduler(), tick_seconds, self._tick)
        self._stop_on_close(self._ticker.stop)

        self._show_signed_out()
        self._try_show_current_user()

    # -- state ---------------------------------------------------------------------------------

    @property
    def signed_in(self) -> bool:
        """Whether the panel shows a signed-in user."""
        return bool(self.signed_in_box.layout.display != "none")

    @property
    def expiry(self) -> ExpiryStatus:
        """The countdown as it reads now."""
        return expiry_status(self.session.expires_at, self._now())

    # -- handlers ------------------------------------------------------------------------------

    def _on_token(self, change: dict[str, Any]) -> None:
        value = change["new"]
        if not value:
            return
        # First of all: the value leaves the widget (and with it the notebook's saved widget state).
        self.token.value = ""
        try:
            self._pending = Secret(value)
        except ValueError:
            self._pending = None
            return
        self.status.value = message(f"Token received ({self._pending.hint}). Press Sign in.", "info")

    def _on_sign_in(self, _button: W.Button | None = None) -> None:
        if self.token.value:  # a value set while observers were held (e.g. hold_trait_notifications)
            self._on_token({"new": self.token.value})
        secret, self._pending = self._pending, None
        if secret is None:
            self.status.value = message("Paste your token in the field first.", "warn")
            return
        self.sign_in.disabled = True
        self.status.value = message("Signing in…", "info")
        try:
            value = secret.reveal()
            if value.startswith(_KEY_PREFIX):
                self.session.login(api_key=value)
            else:
                self.session.login(token=value)
            self._show_signed_in()
        except USER_ERRORS as exc:
            # The field stays open for another try; a user signed in before stays shown.
            self.paste_row.layout.display = "flex"
            self.status.value = message(self._refusal(exc), "error")
        finally:
            self.sign_in.disabled = False

    def _refusal(self, exc: Exception) -> str:
        """One plain sentence for a refused sign-in: what was wrong and what to do here, no code."""
        if isinstance(exc, AuthenticationError | ValueError):
            text = (
                "That token or key was not accepted. Copy a fresh one from the ZenML Pro dashboard, "
                "paste it above and press Sign in."
            )
        else:
            text = plain_error(exc) + " Check the connection, then press Sign in again."
        if self.signed_in:
            text += " You are still signed in with the previous one."
        return text

    def _on_repaste(self, _button: W.Button | None = None) -> None:
        self.paste_row.layout.display = "flex"
        self.status.value = message("Paste a new token and press Sign in.", "info")

    def _tick(self) -> bool:
        if self.closed:
            return False
        if getattr(getattr(self.session, "transport", None), "closed", False):
            self.close()  # the session was closed: nothing left to count down
            return False
        self.refresh()
        return True

    # -- views ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Redraw the countdown; once expired, the paste field comes back."""
        status = self.expiry
        self.countdown.value = f'<span class="{status.css_class}">{html.escape(status.text)}</span>'
        if status.level == "expired":
            self.paste_row.layout.display = "flex"

    def _try_show_current_user(self) -> None:
        if getattr(self.session, "awaiting_token", False):
            return
        try:
            self._show_signed_in()
        except ZProError:
            self._show_signed_out()

    def _show_signed_in(self) -> None:
        me = self.session.whoami()
        orgs = self.session.organizations()
        names = ", ".join(str(n) for n in orgs["name"].dropna()) if "name" in orgs else ""
        user = me.username or me.name or "?"
        email = me.email
        who = f"<b>{html.escape(str(user))}</b>"
        if email and email != user:
            who += f" ({html.escape(str(email))})"
        self.who.value = (
            f"<div>Signed in as {who} at <code>{html.escape(self.session.api_url)}</code></div>"
            f"<div>Organizations: {html.escape(names) if names else '<i>none</i>'}</div>"
        )
        self.signed_in_box.layout.display = "flex"
        self.paste_row.layout.display = "none"
        self.status.value = ""
        self.refresh()
        self._ticker.start()

    def _show_signed_out(self) -> None:
        self._ticker.stop()
        self.signed_in_box.layout.display = "none"
        self.paste_row.layout.display = "flex"
        self.who.value = ""
        self.countdown.value = ""
