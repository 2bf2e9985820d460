"""Pro organization invitations (fields beyond id/email follow the sandbox, docs/sandbox.md)."""

from __future__ import annotations

from typing import ClassVar

from ..base import UtcDatetime, ZModel
from .role import Role
from .users import User


class Invitation(ZModel):
    """An invitation of an email address into an organization with an organization-level role."""

    id: str
    email: str | None = None
    organization_id: str | None = None
    role: Role | None = None
    inviter: User | None = None
    #: pending, accepted or expired
    status: str | None = None
    created: UtcDatetime = None
    expires: UtcDatetime = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "email",
        "id",
        "status",
        "role",
        "inviter",
        "organization_id",
        "created",
        "expires",
    )
