"""The statuses a sandbox pipeline run can be in: ZenML 0.98's ``ExecutionStatus``, and which are finished."""

from __future__ import annotations

#: ZenML 0.98's ``ExecutionStatus`` values, in its order (a test holds this to the installed zenml).
RUN_STATUSES = (
    "initializing",
    "provisioning",
    "queued",
    "running",
    "failed",
    "completed",
    "cached",
    "skipped",
    "retrying",
    "retried",
    "cancelling",
    "cancelled",
    "paused",
    "resuming",
    "stopped",
    "stopping",
)
#: ``ExecutionStatus.is_finished``; the real server sets ``in_progress`` to "not finished".
FINISHED = frozenset({"failed", "completed", "cached", "skipped", "retried", "stopped", "cancelled"})
IN_PROGRESS = frozenset(RUN_STATUSES) - FINISHED
