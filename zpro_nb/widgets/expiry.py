"""How the sign-in panel shows a token's remaining life: a pure function of the expiry and the time.

Green while there is time, amber from :data:`WARN_BEFORE` before expiry, red once expired. Kept
free of widgets and clocks so it is tested with any instant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from zpro_nb._core.durations import format_duration

#: When the countdown turns amber (the Session starts warning at the same point).
WARN_BEFORE = timedelta(minutes=10)

ExpiryLevel = Literal["ok", "soon", "expired", "unknown"]


@dataclass(frozen=True)
class ExpiryStatus:
    """The countdown's level (which colour) and its words."""

    level: ExpiryLevel
    text: str

    @property
    def css_class(self) -> str:
        """The CSS class that colours it (see :mod:`zpro_nb.widgets.theme`)."""
        return f"zpro-expiry-{self.level}"


def _span(delta: timedelta) -> str:
    # The same words as the session's repr and the command line ("59 min", "7 days").
    if delta < timedelta(minutes=1):
        return "less than a minute"
    return format_duration(delta)


def expiry_status(expires_at: datetime | None, now: datetime) -> ExpiryStatus:
    """The countdown for a token expiring at ``expires_at`` (aware datetimes), seen at ``now``."""
    if expires_at is None:
        return ExpiryStatus("unknown", "no expiry known")
    left = expires_at - now
    if left <= timedelta(0):
        return ExpiryStatus("expired", f"expired {_span(-left)} ago — paste a new token")
    if left <= WARN_BEFORE:
        return ExpiryStatus("soon", f"expires in {_span(left)} — paste a new token soon")
    return ExpiryStatus("ok", f"expires in {_span(left)}")
