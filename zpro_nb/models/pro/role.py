"""A Pro role, on its own below the invitations, which name one.

``roles`` (role assignments, which hold invitations) re-exports it, so ``zpro_nb.models.pro.roles.Role``
keeps working and the imports point one way: roles -> invitations -> role.
"""

from __future__ import annotations

from typing import ClassVar

from ..base import ZModel

__all__ = ["ROLE_LEVELS", "Role"]

#: the levels a Pro role can have, in the order the API documents them
ROLE_LEVELS = ("organization", "workspace", "project")


class Role(ZModel):
    """A role; ``level`` is organization, workspace or project."""

    id: str
    name: str | None = None
    description: str | None = None
    organization_id: str | None = None
    level: str | None = None
    system_managed: bool | None = None
    type: str | None = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "id",
        "level",
        "description",
        "organization_id",
        "system_managed",
        "type",
    )
