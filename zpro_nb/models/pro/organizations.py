"""Pro organizations."""

from __future__ import annotations

from typing import ClassVar

from ..base import UtcDatetime, ZModel
from .users import User


class Organization(ZModel):
    """A ZenML Pro organization."""

    id: str
    name: str | None = None
    description: str | None = None
    logo_url: str | None = None
    owner: User | None = None
    has_active_subscription: bool | None = None
    #: seconds until the trial ends; ``None`` outside a trial
    trial_expiry: int | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "id",
        "description",
        "owner",
        "has_active_subscription",
        "trial_expiry",
        "created",
    )
