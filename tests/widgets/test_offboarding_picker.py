"""The offboarding picker, headless: search narrows the list, picking shows the person's plan."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import zpro_nb
from zpro_nb.notebook_session import Session
from zpro_nb.widgets.offboarding_picker import MAX_SHOWN


@pytest.fixture
def s() -> Iterator[Session]:
    session = zpro_nb.sandbox()
    yield session
    session.close()


def test_search_narrows_and_picking_shows_the_plan(s: Session) -> None:
    picker = s.offboarding_picker()
    assert picker.plan is None
    assert 0 < len(picker.matches.options) <= MAX_SHOWN
    picker.search.value = "noah.romero"
    assert [value for _label, value in picker.matches.options] == ["noah.romero@acme.example"]
    picker.matches.value = "noah.romero@acme.example"  # what clicking the name does
    assert picker.plan is not None
    assert picker.plan.who == "noah.romero@acme.example"
    assert "Picked <b>noah.romero@acme.example</b>" in picker.status.value
    assert "zpro-offboard-table" in picker.result.value
    assert "data-science" in picker.result.value


def test_service_accounts_are_not_offered(s: Session) -> None:
    users = s.users()
    bots = set(users[users["is_service_account"].fillna(False).astype(bool)]["username"])
    picker = s.offboarding_picker()
    picker.search.value = ""
    offered = {label for label, _value in picker.matches.options}
    assert bots
    assert not any(bot in label for bot in bots for label in offered)


def test_a_search_matching_nobody_says_so(s: Session) -> None:
    picker = s.offboarding_picker()
    picker.search.value = "no such person"
    assert picker.matches.options == ()
    assert picker.status.value.startswith("0 match(es)")


def test_pick_by_email_returns_the_plan(s: Session) -> None:
    plan = s.offboarding_picker().pick("viewer@acme.example")
    assert plan.who == "viewer@acme.example"
