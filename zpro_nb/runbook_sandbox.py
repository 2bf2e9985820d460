"""Moving the sandbox's time from a runbook, so a review can show what a quarter does to access.

Only for sessions on the sandbox (its ``/_sandbox/clock`` control; an Organization Admin): the
clock moves, the session signs in again with the fresh token the sandbox hands back (the old one
has expired in sandbox time), and the sandbox's new time comes back for the review's ``now=``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ._core.loop import run_sync
from .arguments import require_number

if TYPE_CHECKING:
    from .notebook_session import Session

__all__ = ["advance_sandbox_clock"]


def advance_sandbox_clock(s: Session, days: float) -> dt.datetime:
    """Move the sandbox's clock ``days`` forward; returns the sandbox's time after the move (UTC)."""
    require_number("days", days)
    answer = run_sync(s.pro.post("/_sandbox/clock", json={"advance_s": days * 86400, "reissue_token": True}))
    token = answer.pop("access_token")
    s.login(token=token)
    del token
    return dt.datetime.fromisoformat(str(answer["now"]).replace("Z", "+00:00"))
