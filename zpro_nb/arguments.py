"""Checks of caller-supplied arguments, made before any request is sent.

A bad argument is refused here with a message naming the argument and what would be accepted,
rather than surfacing later as a ``TypeError`` from deep inside, or as a server's 422.
"""

from __future__ import annotations

import math
from typing import Any

# Defined in the core so its own checks (``ReadBounds``) can raise it; zpro_nb.errors exports it.
from ._core.errors import InvalidArgument

__all__ = ["require_name", "require_number"]


def require_number(name: str, value: Any, *, minimum: float = 0.0, strict: bool = False) -> float:
    """``value`` as a float, refused unless it is a real number >= ``minimum`` (> with ``strict``)."""
    bound = f"> {minimum:g}" if strict else f">= {minimum:g}"
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise InvalidArgument(f"{name} must be a number {bound}, not {type(value).__name__} {value!r}")
    if value < minimum or (strict and value == minimum):
        raise InvalidArgument(f"{name} must be a number {bound}, got {value!r}")
    return float(value)


def require_name(name: str, value: Any, *, max_length: int = 255) -> str:
    """``value`` as a non-blank name of at most ``max_length`` characters."""
    if not isinstance(value, str):
        raise InvalidArgument(f"{name} must be text, not {type(value).__name__} {value!r}")
    if not value.strip():
        raise InvalidArgument(f"{name} cannot be empty: give it a name")
    if len(value) > max_length:
        raise InvalidArgument(f"{name} has at most {max_length} characters (this one has {len(value)})")
    return value
