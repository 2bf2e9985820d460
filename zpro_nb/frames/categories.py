"""The documented value sets of the categorical columns (reference: pro-api.md §2, ZenML 0.98 enums)."""

from __future__ import annotations

from ..models.pro import WORKSPACE_STATUSES
from .schema import Category

#: ``WorkspaceStatus`` (also used for ``desired_state``, which is never ``pending`` or ``failed``).
WORKSPACE_STATUS = Category(WORKSPACE_STATUSES)
#: The level a role applies at, and the scope of a role assignment.
ROLE_LEVEL = Category(("organization", "workspace", "project"))
#: ZenML's ``ExecutionStatus`` for pipeline runs (``retried`` marks a step attempt that was retried).
RUN_STATUS = Category(
    (
        "initializing",
        "provisioning",
        "running",
        "completed",
        "failed",
        "cached",
        "stopping",
        "stopped",
        "retrying",
        "retried",
    )
)
INVITATION_STATUS = Category(("pending", "accepted", "expired"))
#: What an organization member row stands for.
MEMBER_TYPE = Category(("user", "service_account", "team", "invitation"))
