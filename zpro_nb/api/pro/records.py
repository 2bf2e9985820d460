"""Checks on what the Pro API sends back, so a surprise shape fails with a clear message."""

from __future__ import annotations

from typing import Any

from ..._core.errors import ZProError


def as_records(body: Any, what: str) -> list[dict[str, Any]]:
    """A bare JSON array of objects (Pro lists have no envelope); anything else is a ``ZProError``."""
    if not isinstance(body, list):
        raise ZProError(f"{what}: expected a JSON array, got {type(body).__name__}")
    return [item for item in body if isinstance(item, dict)]


def as_object(body: Any, what: str) -> dict[str, Any]:
    """A JSON object; anything else is a ``ZProError``."""
    if not isinstance(body, dict):
        raise ZProError(f"{what}: expected a JSON object, got {type(body).__name__}")
    return body
