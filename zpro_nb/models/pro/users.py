"""Pro users (humans and organization service accounts share one model)."""

from __future__ import annotations

from typing import ClassVar

from ..base import UtcDatetime, ZModel


class User(ZModel):
    """A ZenML Pro user or service account (``is_service_account``)."""

    id: str
    username: str | None = None
    email: str | None = None
    name: str | None = None
    avatar_url: str | None = None
    company: str | None = None
    job_title: str | None = None
    oauth_provider: str | None = None
    is_active: bool | None = None
    is_superuser: bool | None = None
    is_service_account: bool | None = None
    is_onboarded: bool | None = None
    organization_id: str | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None
    #: when the user last signed in (``None`` when the server does not say)
    last_login: UtcDatetime = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "username",
        "email",
        "name",
        "id",
        "is_active",
        "is_superuser",
        "is_service_account",
        "company",
        "job_title",
    )

    def label(self) -> str:
        """The username (what people sign in with), else email, name or id."""
        return self.username or self.email or self.name or self.id
