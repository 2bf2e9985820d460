"""Checks on what the Pro API sends back, so a surprise shape fails with a clear message."""

from __future__ import annotations

from typing import Any

from ..._core.errors import ZProError


def as_object(body: Any, what: str) -> dict[str, Any]:
    """A JSON object; anything else is a ``ZProError``."""
    if not isinstance(body, dict):
        raise ZProError(f"{what}: expected a JSON object, got {type(body).__name__}")
    return body
