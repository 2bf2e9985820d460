"""Workspace lifecycle, computed lazily from the clock (no background tasks).

``pending`` settles when the clock passes ``ready_at``: to ``available``, or to ``failed`` when the
workspace's name contains "fail" (so clients can rehearse failure reporting). Reading a workspace
applies the transition, so in-process (no lifespan) and served apps behave the same.
"""

from __future__ import annotations

from .pro_errors import invalid
from .pro_state import Workspace

FAIL_MARKER = "fail"
FAIL_REASON = "Deployment failed: the sandbox fails every workspace whose name contains 'fail'."


def settle(ws: Workspace, now: float) -> Workspace:
    """Apply a due ``pending`` -> ``available``/``failed`` transition in place."""
    if ws.status == "pending" and ws.ready_at is not None and now >= ws.ready_at:
        if FAIL_MARKER in ws.name:
            ws.status = "failed"
            ws.state_reason = FAIL_REASON
        else:
            ws.status = ws.desired_state
            ws.state_reason = ""
        ws.status_updated = ws.ready_at
        ws.ready_at = None
    return ws


def start_deploy(ws: Workspace, now: float, delay_s: float) -> None:
    """Begin a (re)deployment: ``pending`` now, settled after ``delay_s``."""
    if ws.status == "pending":
        raise invalid(f"Workspace '{ws.name}' is already being deployed.")
    ws.desired_state = "available"
    ws.status = "pending"
    ws.state_reason = "Deploying the workspace."
    ws.status_updated = now
    ws.ready_at = now + delay_s
    settle(ws, now)


def deactivate(ws: Workspace, now: float) -> None:
    """Stop the workspace's server; its data stays, and a deploy brings it back."""
    if ws.status == "deactivated":
        raise invalid(f"Workspace '{ws.name}' is already deactivated.")
    ws.desired_state = "deactivated"
    ws.status = "deactivated"
    ws.state_reason = "Deactivated on request."
    ws.status_updated = now
    ws.ready_at = None
