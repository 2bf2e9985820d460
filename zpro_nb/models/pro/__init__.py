"""Models of the ZenML Pro management API."""

from __future__ import annotations

from .invitations import Invitation
from .members import OrganizationMember
from .organizations import Organization
from .roles import Role, RoleAssignment
from .teams import Team
from .users import User
from .workspaces import WORKSPACE_STATUSES, ServiceConfiguration, ServiceStatus, Workspace, ZenMLService

# Invitation refers to Role, which imports Invitation: resolve the cycle once both exist.
Invitation.model_rebuild(_types_namespace={"Role": Role})
RoleAssignment.model_rebuild()
OrganizationMember.model_rebuild()

__all__ = [
    "WORKSPACE_STATUSES",
    "Invitation",
    "Organization",
    "OrganizationMember",
    "Role",
    "RoleAssignment",
    "ServiceConfiguration",
    "ServiceStatus",
    "Team",
    "User",
    "Workspace",
    "ZenMLService",
]
