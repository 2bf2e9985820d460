"""``since=``/``until=``: the moments a person may give, and the one text ZenML's filters accept.

A ZenML server compares a time filter with ``%Y-%m-%d %H:%M:%S`` text only (its
``FILTERING_DATETIME_FORMAT``, read as UTC); ``30d`` or an ISO timestamp sent as they are get a 422.
So every accepted form is turned into an aware UTC datetime here, and anything else is refused
before a request is sent.
"""

from __future__ import annotations

import datetime as dt
import re

from .api.workspace.filters import filter_time
from .errors import InvalidArgument

__all__ = ["ACCEPTED", "Moment", "created_between", "moment"]

#: What ``since=``/``until=`` take.
Moment = dt.datetime | dt.date | dt.timedelta | str

#: The accepted forms, as the refusal message names them.
ACCEPTED = (
    'a datetime (naive means UTC), a date, a timedelta back from now, "30d", "12h", "2w" or "90m" '
    '(days, hours, weeks, minutes back from now), "2026-12-02", or an ISO timestamp such as '
    '"2026-12-02T08:30:00Z"'
)

_AGO = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNIT = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def _utc(value: dt.datetime) -> dt.datetime:
    # A naive datetime is UTC, as ZenML stores and compares its times.
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _refuse(name: str, value: object) -> InvalidArgument:
    return InvalidArgument(f"{name}={value!r} is not a moment: give {ACCEPTED}")


def moment(name: str, value: Moment, now: dt.datetime) -> dt.datetime:
    """``value`` as an aware UTC datetime (``now`` anchors the relative forms); ``name`` is the argument.

    Accepted: a datetime (naive means UTC), a date (its midnight, UTC), a timedelta back from
    ``now``, ``"<n>m|h|d|w"`` (minutes, hours, days, weeks back from ``now``), ``"YYYY-MM-DD"`` or an
    ISO-8601 timestamp (``"2026-12-02T08:30:00Z"``, ``"2026-12-02 08:30:00+02:00"``; without an offset it
    is UTC). Anything else raises :class:`~zpro_nb.arguments.InvalidArgument` naming these forms.
    """
    if isinstance(value, dt.datetime):
        return _utc(value)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, dt.timedelta):
        if value < dt.timedelta(0):
            raise InvalidArgument(
                f"{name}={value!r} lies in the future: give a positive timedelta back from now"
            )
        return _utc(now) - value
    if not isinstance(value, str):
        raise _refuse(name, value)
    ago = _AGO.match(value)
    if ago:
        return _utc(now) - dt.timedelta(**{_UNIT[ago.group(2)]: int(ago.group(1))})
    text = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise _refuse(name, value) from None
    return _utc(parsed)


def created_between(since: Moment | None, until: Moment | None, now: dt.datetime) -> str | None:
    """The ``created`` filter value for ``since``/``until`` (``None`` when neither is given).

    ``gte:<since>``, ``lte:<until>``, or ``in:<since>,<until>`` for both (a server takes one value per
    field, and ZenML's ``in`` on a time is an inclusive range). Times go to the second, in UTC.
    """
    low = moment("since", since, now) if since is not None else None
    high = moment("until", until, now) if until is not None else None
    if low is not None and high is not None:
        if low > high:
            raise InvalidArgument(
                f"since ({low:%Y-%m-%d %H:%M:%S} UTC) is after until ({high:%Y-%m-%d %H:%M:%S} UTC)"
            )
        return f"in:{filter_time(low)},{filter_time(high)}"
    if low is not None:
        return f"gte:{filter_time(low)}"
    if high is not None:
        return f"lte:{filter_time(high)}"
    return None
