"""Pro organization members: a user, service account, team or pending invitation with its roles."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from ..base import ZModel
from .invitations import Invitation
from .roles import Role
from .teams import Team
from .users import User


class OrganizationMember(ZModel):
    """One entry of ``GET /organizations/{id}/members``; ``type`` says which object it carries."""

    type: str | None = None
    user: User | None = None
    team: Team | None = None
    invitation: Invitation | None = None
    roles: list[Role] = Field(default_factory=list)

    _display_fields: ClassVar[tuple[str, ...]] = ("type", "member", "roles")

    @property
    def member(self) -> User | Team | Invitation | None:
        """The user, team or invitation this entry is about."""
        return self.user or self.team or self.invitation

    def label(self) -> str:
        """The member's name."""
        return self.member.label() if self.member else "member"
