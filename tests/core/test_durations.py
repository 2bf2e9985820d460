"""One human format for durations: the largest unit first, a second only where it matters."""

from __future__ import annotations

from datetime import timedelta

import pytest

from zpro_nb._core.durations import format_duration


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0 s"),
        (42.4, "42 s"),
        (59 * 60, "59 min"),
        (10077 * 60, "7 days"),
        (167 * 3600 + 51 * 60, "7 days"),
        (2 * 3600 + 5 * 60, "2 h 5 min"),
        (3600, "1 h"),
        (27 * 3600, "1 day 3 h"),
        (timedelta(days=30), "30 days"),
        (-5, "0 s"),
    ],
)
def test_durations_read_the_same_everywhere(value: float | timedelta, text: str) -> None:
    assert format_duration(value) == text
