"""Offset/limit paging of the Pro API: bare JSON arrays, ``limit`` at most 100."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Annotated, TypeVar

from fastapi import Query

T = TypeVar("T")

Offset = Annotated[int, Query(ge=0, description="How many items to skip.")]
Limit = Annotated[int, Query(ge=1, le=100, description="Page size (at most 100).")]


def page(items: Iterable[T], offset: int, limit: int) -> list[T]:
    """The ``[offset, offset + limit)`` slice of ``items`` without building the whole list."""
    return list(islice(items, offset, offset + limit))
