"""Pro roles and role assignments; ``Role`` itself
lives in :mod:`.role`, below the invitations it is named by."""

from __future__ import annotations

from typing import ClassVar

from ..base import UtcDatetime, ZModel
from .invitations import Invitation
from .role import Role
from .teams import Team
from .users import User

__all__ = ["Role", "RoleAssignment"]


class RoleAssignment(ZModel):
    """One role held by exactly one of a user, a team or an invitation, optionally scoped to a workspace."""

    id: str | None = None
    role: Role | None = None
    user: User | None = None
    team: Team | None = None
    invitation: Invitation | None = None
    organization_id: str | None = None
    workspace_id: str | None = None
    project_id: str | None = None
    created: UtcDatetime = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "role",
        "principal",
        "scope",
        "organization_id",
        "workspace_id",
        "project_id",
        "created",
    )

    @property
    def principal(self) -> User | Team | Invitation | None:
        """Who holds the role."""
        return self.user or self.team or self.invitation

    @property
    def scope(self) -> str:
        """``project``, ``workspace`` or ``organization``."""
        if self.project_id:
            return "project"
        return "workspace" if self.workspace_id else "organization"

    def label(self) -> str:
        """``"<role> → <principal>"``."""
        role = self.role.label() if self.role else "?"
        who = self.principal.label() if self.principal else "?"
        return f"{role} → {who}"
