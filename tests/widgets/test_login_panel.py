"""The sign-in panel against the sandbox: paste, sign in, who you are, countdown, re-paste, errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import ipywidgets as W
import pytest
from fixtures_sandbox import PanelSandbox

from zpro_nb.notebook_session import Session
from zpro_nb.widgets.login_panel import LoginPanel
from zpro_nb.widgets.scheduling import ManualScheduler


def walk(widget: W.Widget) -> Iterator[W.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def saved_state(panel: LoginPanel) -> str:
    """Everything the front-end (and a notebook's saved widget state) could hold for this panel."""
    return json.dumps([w.get_state() for w in walk(panel.widget)], default=str)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.at = start

    def __call__(self) -> datetime:
        return self.at


def test_paste_is_cleared_at_once_then_sign_in_swaps_the_user(sandbox: PanelSandbox) -> None:
    session = sandbox.session("viewer")
    panel = LoginPanel(session, scheduler=ManualScheduler())
    assert panel.signed_in  # the viewer's token already works
    admin_token = sandbox.tokens["admin"]

    panel.token.value = admin_token
    assert panel.token.value == ""  # gone from the widget before anything else happens
    assert admin_token not in saved_state(panel)
    assert "Press Sign in" in panel.status.value

    panel.sign_in.click()

    assert session.whoami().username == "admin"
    assert "<b>admin</b>" in panel.who.value
    assert "acme-ml" in panel.who.value
    assert "acme-research" in panel.who.value
    assert panel.paste_row.layout.display == "none"
    assert admin_token not in saved_state(panel)
    assert admin_token not in repr(panel.__dict__)


def test_an_api_key_is_exchanged_for_a_token(sandbox: PanelSandbox) -> None:
    session = sandbox.session("viewer")
    panel = LoginPanel(session, scheduler=ManualScheduler())
    key = sandbox.api_keys["manager"]

    panel.token.value = key
    panel.sign_in.click()

    assert session.whoami().username == "manager"
    assert key not in saved_state(panel)
    assert "Signed in as <b>manager</b>" in panel.who.value


def test_a_bad_token_is_refused_inline_and_the_session_keeps_working(sandbox: PanelSandbox) -> None:
    session = sandbox.session("viewer")
    panel = LoginPanel(session, scheduler=ManualScheduler())
    forged = "eyJhbGciOiJIUzI1NiJ9" + "." + "eyJzdWIiOiJ4In0" + ".c2lnbmF0dXJl"  # built at run time

    panel.token.value = forged
    panel.sign_in.click()

    assert "zpro-msg-error" in panel.status.value
    assert panel.status.value.count("<div") == 1  # one plain message
    assert "not accepted" in panel.status.value
    assert "still signed in" in panel.status.value  # not "Sign-in needed" while signed in
    for code_or_internals in ("s.login", "login(", "Error", "by its own claim", "Sign-in needed"):
        assert code_or_internals not in panel.status.value
    assert forged not in panel.status.value
    assert panel.paste_row.layout.display == "flex"  # ready for another try
    assert session.whoami().username == "viewer"  # the working credential stayed in place


def test_sign_in_without_a_paste_asks_for_one(admin: Session) -> None:
    panel = LoginPanel(admin, scheduler=ManualScheduler())
    panel.sign_in.click()
    assert "Paste your token" in panel.status.value
    assert not panel.sign_in.disabled


def test_countdown_turns_amber_then_red_and_offers_the_paste_field(admin: Session) -> None:
    expires = admin.expires_at
    assert expires is not None
    clock = Clock(expires - timedelta(minutes=30))
    scheduler = ManualScheduler()
    panel = LoginPanel(admin, scheduler=scheduler, now=clock, tick_seconds=30)
    assert "zpro-expiry-ok" in panel.countdown.value
    assert "expires in 30 min" in panel.countdown.value

    clock.at = expires - timedelta(minutes=9)
    scheduler.advance(30)  # the timer's tick redraws it
    assert "zpro-expiry-soon" in panel.countdown.value
    assert panel.paste_row.layout.display == "none"

    clock.at = expires + timedelta(minutes=2)
    scheduler.advance(30)
    assert "zpro-expiry-expired" in panel.countdown.value
    assert "expired 2 min ago" in panel.countdown.value
    assert panel.paste_row.layout.display == "flex"


def test_closing_the_panel_stops_the_countdown(admin: Session) -> None:
    scheduler = ManualScheduler()
    expires = admin.expires_at
    assert expires is not None
    clock = Clock(expires - timedelta(minutes=30))
    panel = LoginPanel(admin, scheduler=scheduler, now=clock)
    assert scheduler.pending == 1
    before = panel.countdown.value

    panel.close()
    clock.at = expires + timedelta(hours=1)
    assert scheduler.advance(3600) == 0
    assert scheduler.pending == 0
    assert panel.countdown.value == before


def test_repaste_reopens_the_field_in_one_click(admin: Session) -> None:
    panel = LoginPanel(admin, scheduler=ManualScheduler())
    assert panel.paste_row.layout.display == "none"
    panel.repaste.click()
    assert panel.paste_row.layout.display == "flex"
    assert panel.signed_in  # still signed in until a new token arrives


def test_session_method_returns_the_same_panel_until_closed(admin: Session) -> None:
    first: Any = admin.login_panel(scheduler=ManualScheduler())  # type: ignore[attr-defined]
    assert admin.login_panel() is first  # type: ignore[attr-defined]
    first.close()
    second = admin.login_panel(scheduler=ManualScheduler())  # type: ignore[attr-defined]
    assert second is not first
    assert not second.closed


@pytest.mark.anyio
async def test_the_panel_works_from_a_running_event_loop(sandbox: PanelSandbox) -> None:
    # An async notebook runs cells (and widget callbacks) on a thread whose event loop is running;
    # the Session's sync methods must still work there, without nest-asyncio.
    session = sandbox.session("viewer")
    panel = LoginPanel(session, scheduler=ManualScheduler())
    panel.token.value = sandbox.tokens["manager"]
    panel.sign_in.click()
    assert "<b>manager</b>" in panel.who.value


def test_a_session_awaiting_a_token_signs_in_through_the_panel(sandbox: PanelSandbox) -> None:
    session = sandbox.session("viewer")
    session.aio.await_paste()  # what connect() does in a notebook when no credential is configured
    panel = LoginPanel(session, scheduler=ManualScheduler())
    assert not panel.signed_in
    assert panel.paste_row.layout.display == "flex"
    assert panel.countdown.value == ""

    panel.token.value = sandbox.tokens["admin"]
    panel.sign_in.click()
    assert panel.signed_in
    assert session.whoami().username == "admin"
    assert "zpro-expiry-ok" in panel.countdown.value


def test_closing_the_session_stops_the_countdown_at_the_next_tick(sandbox: PanelSandbox) -> None:
    session = sandbox.session("viewer")
    scheduler = ManualScheduler()
    panel = LoginPanel(session, scheduler=scheduler)
    session.close()
    scheduler.advance(30)
    assert panel.closed
    assert scheduler.pending == 0


def test_closing_the_session_closes_its_panels_at_once(sandbox: PanelSandbox) -> None:
    session = sandbox.session("admin")
    panel: Any = session.login_panel(scheduler=ManualScheduler())
    session.close()
    assert panel.closed  # the countdown stops now, not at its next tick


def test_a_malformed_paste_gets_one_sentence_saying_what_to_do_in_the_panel(sandbox: PanelSandbox) -> None:
    session = sandbox.session("viewer")
    panel = LoginPanel(session, scheduler=ManualScheduler())
    panel.token.value = "not a token at all"
    panel.sign_in.click()
    text = panel.status.value
    assert "not accepted" in text
    assert "paste it above and press Sign in" in text
    assert "s.login" not in text
    assert "by its own claim" not in text
