"""The value sets of the categorical columns: ZenML's own enums (held to the installed zenml by a test).

A value outside a column's categories shows as NA in the frame, so every set here is the whole of the
ZenML enum it names, in ZenML's order. The Pro management API's role levels, invitation statuses
and member types have no enum in the open-source zenml package; their sets follow the Pro API.
"""

from __future__ import annotations

from ..models.pro import ROLE_LEVELS, WORKSPACE_STATUSES
from .schema import Category

#: ``WorkspaceStatus`` (also used for ``desired_state``, which is never ``pending`` or ``failed``).
WORKSPACE_STATUS = Category(WORKSPACE_STATUSES, zenml_enum="zenml.login.pro.workspace.models.WorkspaceStatus")
#: The level a role applies at, and the scope of a role assignment.
ROLE_LEVEL = Category(ROLE_LEVELS)
#: ZenML's ``ExecutionStatus`` for pipeline runs (``retried`` marks a step attempt that was retried).
RUN_STATUS = Category(
    (
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
    ),
    zenml_enum="zenml.enums.ExecutionStatus",
)
#: ZenML's ``StackComponentType``: what a stack component (or a flavor) is.
STACK_COMPONENT_TYPE = Category(
    (
        "alerter",
        "annotator",
        "artifact_store",
        "container_registry",
        "data_validator",
        "experiment_tracker",
        "feature_store",
        "image_builder",
        "log_store",
        "model_deployer",
        "orchestrator",
        "step_operator",
        "model_registry",
        "deployer",
        "sandbox",
    ),
    zenml_enum="zenml.enums.StackComponentType",
)
#: ZenML's ``ColorVariants``: a tag's color.
TAG_COLOR = Category(
    ("grey", "purple", "red", "green", "yellow", "orange", "lime", "teal", "turquoise", "magenta", "blue"),
    zenml_enum="zenml.enums.ColorVariants",
)
INVITATION_STATUS = Category(("pending", "accepted", "expired"))
#: What an organization member row stands for.
MEMBER_TYPE = Category(("user", "service_account", "team", "invitation"))
