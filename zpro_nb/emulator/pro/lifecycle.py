"""Workspace lifecycle, computed lazily from the clock (no background tasks).

``pending`` settles when the clock passes ``ready_at``: to ``available``, or to ``failed`` when the
workspace's name contains "fail" (so clients can rehearse failure reporting). Reading a workspace
applies the transition, so in-process (no lifespan) and served apps behave the same.
"""

from __future__ import annotations

from .errors import invalid
from .state import Workspace

#: ZenML's ``WorkspaceStatus`` values, in its order.
WORKSPACE_STATES = ("not_initialized", "pending", "available", "failed", "deactivated", "deleted")
#: A state ZenML lets ``desired_state`` hold (never ``pending`` or ``failed``) is its own desired
#: state; the others are on their way to ``available``.
DESIRED_AS_IS = frozenset({"available", "deactivated", "deleted"})
FORCED_REASONS = {
    "not_initialized": "Not deployed yet.",
    "pending": "Deploying the workspace.",
    "available": "",
    "failed": "Deployment failed (set through the sandbox controls).",
    "deactivated": "Deactivated on request.",
    "deleted": "The workspace's resources were deleted by the infrastructure provider.",
}
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


def force_state(ws: Workspace, status: str, now: float, delay_s: float, reason: str | None = None) -> None:
    """Put ``ws`` in any of ZenML's states at once (a sandbox-only control for rehearsals)."""
    if status not in WORKSPACE_STATES:
        raise invalid(f"Unknown status '{status}'; expected one of {', '.join(WORKSPACE_STATES)}.")
    ws.status = status
    ws.desired_state = status if status in DESIRED_AS_IS else "available"
    ws.state_reason = FORCED_REASONS[status] if reason is None else reason
    ws.status_updated = now
    ws.ready_at = now + delay_s if status == "pending" else None
