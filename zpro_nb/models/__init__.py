"""Pydantic models of single objects: ``pro`` (management API) and ``workspace`` (a workspace's API)."""

from __future__ import annotations

from .base import UtcDatetime, ZModel

__all__ = ["UtcDatetime", "ZModel"]
