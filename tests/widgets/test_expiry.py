"""The countdown's colour and words are a pure function of the expiry and the time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from zpro_nb.widgets.expiry import WARN_BEFORE, expiry_status

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("left", "level", "words"),
    [
        (timedelta(hours=1), "ok", "expires in 1 h"),
        (timedelta(hours=3, minutes=5), "ok", "expires in 3 h 5 min"),
        (WARN_BEFORE + timedelta(seconds=1), "ok", "expires in 10 min"),
        (WARN_BEFORE, "soon", "expires in 10 min — paste a new token soon"),
        (timedelta(minutes=3), "soon", "expires in 3 min"),
        (timedelta(seconds=20), "soon", "less than a minute"),
        (timedelta(minutes=10077), "ok", "expires in 7 days"),  # as the session and the CLI say it
        (timedelta(0), "expired", "expired less than a minute ago"),
        (-timedelta(minutes=7), "expired", "expired 7 min ago — paste a new token"),
    ],
)
def test_levels_follow_the_time_left(left: timedelta, level: str, words: str) -> None:
    status = expiry_status(NOW + left, NOW)
    assert status.level == level
    assert words in status.text
    assert status.css_class == f"zpro-expiry-{level}"


def test_unknown_expiry_is_neither_green_nor_red() -> None:
    status = expiry_status(None, NOW)
    assert status.level == "unknown"
    assert "no expiry" in status.text


def test_the_same_token_turns_amber_then_red_as_the_clock_moves() -> None:
    expires = NOW + timedelta(minutes=30)
    seen = [expiry_status(expires, NOW + timedelta(minutes=m)).level for m in (0, 19, 20, 25, 30, 31)]
    assert seen == ["ok", "ok", "soon", "soon", "expired", "expired"]
