"""Workspace users and service accounts (OSS ``UserResponse`` / ``ServiceAccountResponse``)."""

from __future__ import annotations

from typing import ClassVar

from .base import WorkspaceObject


class WorkspaceUser(WorkspaceObject):
    """A user of a workspace; on a Pro workspace ``external_user_id`` is the Pro user's id."""

    full_name: str | None = None
    email: str | None = None
    active: bool | None = None
    is_admin: bool | None = None
    is_service_account: bool | None = None
    email_opted_in: bool | None = None
    default_project_id: str | None = None
    external_user_id: str | None = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "id",
        "full_name",
        "email",
        "active",
        "is_admin",
        "external_user_id",
        "created",
    )


class ServiceAccount(WorkspaceObject):
    """A workspace service account (its keys are listed separately)."""

    full_name: str | None = None
    description: str | None = None
    active: bool | None = None
    external_user_id: str | None = None

    _display_fields: ClassVar[tuple[str, ...]] = ("name", "id", "description", "active", "created", "updated")
