"""Models of the ZenML Pro management API."""

from __future__ import annotations

from .invitations import Invitation
from .members import OrganizationMember
from .organizations import Organization
from .role import ROLE_LEVELS
from .roles import Role, RoleAssignment
from .teams import Team
from .users import User
from .workspaces import WORKSPACE_STATUSES, ServiceConfiguration, ServiceStatus, Workspace, ZenMLService

__all__ = [
    "ROLE_LEVELS",
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
