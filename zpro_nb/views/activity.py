"""Housekeeping views: invitations nobody answered, users who stopped signing in."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from .reader import ProReader


def _cutoff(now: dt.datetime, days: float) -> pd.Timestamp:
    import pandas as pd  # lazy: pandas

    return pd.Timestamp(now - dt.timedelta(days=days))


async def stale_invitations(
    session: ProReader,
    days: float = 30,
    *,
    organization: str | None = None,
    now: dt.datetime | None = None,
) -> pd.DataFrame:
    """Invitations not accepted and sent more than ``days`` ago (pending or already expired).

    The invitations schema plus ``age_days``, oldest first.
    """
    frame = await session.invitations(organization=organization)
    moment = now or dt.datetime.fromtimestamp(session.transport.clock.time(), dt.UTC)
    unanswered = frame["status"].isin(["pending", "expired"]) | frame["status"].isna()
    stale = frame[unanswered & (frame["created"] < _cutoff(moment, days))].copy()
    age = (_cutoff(moment, 0) - stale["created"]).dt.total_seconds() / 86400
    stale["age_days"] = age.round(1).astype("Float64")
    return stale.sort_values("created")


async def inactive_users(
    session: ProReader, days: float = 90, *, now: dt.datetime | None = None
) -> pd.DataFrame:
    """Active users who have not signed in for ``days`` (or never have), from ``last_login``.

    The users schema plus ``days_since_login`` (NA: never signed in). When the API reports no
    ``last_login`` at all, nothing can be judged and the result is empty, with
    ``attrs["note"]`` saying why.
    """
    frame = await session.users()
    moment = now or dt.datetime.fromtimestamp(session.transport.clock.time(), dt.UTC)
    if len(frame) and frame["last_login"].isna().all():
        empty = frame.iloc[0:0].copy()
        empty["days_since_login"] = empty["last_login"].dt.day.astype("Float64")
        empty.attrs["note"] = "the API reports no last_login for any user: activity cannot be judged"
        return empty
    active = frame["is_active"].fillna(True).astype(bool)
    old = frame["last_login"].isna() | (frame["last_login"] < _cutoff(moment, days))
    result = frame[active & old].copy()
    since = (_cutoff(moment, 0) - result["last_login"]).dt.total_seconds() / 86400
    result["days_since_login"] = since.round(1).astype("Float64")
    return result.sort_values("last_login", na_position="first")
