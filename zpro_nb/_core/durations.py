"""One human format for durations, used wherever zpro_nb shows how long: "59 min", "7 days".

A person reads the largest unit first; the second unit is kept only where it still matters
("2 h 5 min", "1 day 3 h"), never seconds beyond the first minute.
"""

from __future__ import annotations

from datetime import timedelta


def format_duration(value: float | timedelta) -> str:
    """``value`` (seconds or a timedelta, never negative) as "45 s", "59 min", "2 h 5 min", "7 days"."""
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    # From a day on, minutes no longer matter: round to the hour first ("167 h 51 min" is 7 days).
    days, hours = divmod(round(seconds / 3600), 24)
    day_word = "day" if days == 1 else "days"
    if days < 7 and hours:
        return f"{days} {day_word} {hours} h"
    return f"{days} {day_word}"
