"""Pro teams."""

from __future__ import annotations

from typing import ClassVar

from ..base import UtcDatetime, ZModel


class Team(ZModel):
    """A team of users within one organization."""

    id: str
    name: str | None = None
    description: str | None = None
    organization_id: str | None = None
    member_count: int | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "id",
        "description",
        "organization_id",
        "member_count",
        "created",
    )
