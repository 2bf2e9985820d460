"""The source of a frame's raw view: every field of every record stays reachable without widening the frame.

A frame keeps a :class:`FrameSource` in ``df.attrs``. pandas deep-copies ``attrs`` on many
operations (filtering, ``copy()``, arithmetic), so the source copies as *itself*: one object holds the
records list, shared by the frame and everything derived from it, and a filter of 100,000 rows costs
nothing extra. Rows find their records through the index labels the frame was built with
(``0..n-1``), so ``df[df.status == "failed"].zpro.raw`` gives exactly the failed rows' records
(the ``df.zpro`` accessor is :mod:`.accessor`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .layout import Layout

__all__ = ["FrameSource"]


class FrameSource:
    """The schema a frame was built under and the records it was built from (shared, never copied)."""

    ATTR = "zpro_source"
    __slots__ = ("__weakref__", "records", "schema")

    def __init__(self, schema: Layout, records: Sequence[Mapping[str, Any]]) -> None:
        self.schema = schema
        self.records = records

    def __copy__(self) -> FrameSource:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrameSource:
        return self

    def __repr__(self) -> str:
        return f"FrameSource({self.schema.name!r}, {len(self.records)} records)"
