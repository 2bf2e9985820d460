"""The shape every workspace-API (ZenML OSS) object shares: ``{id, name, body, metadata, resources}``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import model_validator

from ..base import UtcDatetime, ZModel


class WorkspaceObject(ZModel):
    """A workspace-API response object with ``body.*`` and ``metadata.*`` lifted to fields.

    ``body``/``metadata`` are merged into the top level (a top-level key wins) and then dropped, so a
    value such as a new API key appears in exactly one field; ``resources`` (nested objects, filled only
    when hydrated) is kept as it came.
    """

    id: str
    name: str | None = None
    permission_denied: bool | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None
    resources: dict[str, Any] | None = None

    @model_validator(mode="before")
    @classmethod
    def _lift_body_and_metadata(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        lifted: dict[str, Any] = {}
        for part in ("metadata", "body"):
            section = data.get(part)
            if isinstance(section, Mapping):
                lifted.update(section)
        lifted.update({k: v for k, v in data.items() if k not in ("body", "metadata")})
        return cls._scrub(lifted)

    @classmethod
    def _scrub(cls, fields: dict[str, Any]) -> dict[str, Any]:
        """Drop or reshape fields that must not be kept as they came (subclasses override)."""
        return fields

    def resource(self, *path: str) -> Any:
        """A value inside ``resources`` (e.g. ``run.resource("pipeline", "name")``), or ``None``."""
        value: Any = self.resources
        for key in path:
            if not isinstance(value, Mapping):
                return None
            value = value.get(key)
        return value
