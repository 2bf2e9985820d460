"""The raw view: every field of every record stays reachable without widening the frame.

A frame keeps a :class:`FrameSource` in ``df.attrs``. pandas deep-copies ``attrs`` on many
operations (filtering, ``copy()``, arithmetic), so the source copies as *itself*: one object holds the
records list, shared by the frame and everything derived from it, and a filter of 100,000 rows costs
nothing extra. Rows find their records through the index labels the frame was built with
(``0..n-1``), so ``df[df.status == "failed"].zpro.raw`` gives exactly the failed rows' records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from .left_out import LeftOut, errors_frame

if TYPE_CHECKING:
    from .schema import FrameSchema


class FrameSource:
    """The schema a frame was built under and the records it was built from (shared, never copied)."""

    ATTR = "zpro_source"
    __slots__ = ("__weakref__", "records", "schema")

    def __init__(self, schema: FrameSchema, records: Sequence[Mapping[str, Any]]) -> None:
        self.schema = schema
        self.records = records

    def __copy__(self) -> FrameSource:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrameSource:
        return self

    def __repr__(self) -> str:
        return f"FrameSource({self.schema.name!r}, {len(self.records)} records)"


@pd.api.extensions.register_dataframe_accessor("zpro")
class ZproAccessor:
    """``df.zpro``: the raw records behind a zpro_nb frame, and the schema it follows."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame

    def _source(self) -> FrameSource:
        source = self._frame.attrs.get(FrameSource.ATTR)
        if not isinstance(source, FrameSource):
            raise AttributeError(
                "this DataFrame was not built by zpro_nb (or lost its source in a merge/concat): "
                "no raw records to show"
            )
        return source

    @property
    def schema(self) -> FrameSchema:
        """The declared schema the frame was built under."""
        return self._source().schema

    @property
    def raw(self) -> list[Mapping[str, Any]]:
        """The original JSON records, one per row, in row order (a new list; the records are shared)."""
        records = self._source().records
        index = self._frame.index
        if isinstance(index, pd.RangeIndex) and (index.start, index.step, index.stop) == (0, 1, len(records)):
            return list(records)
        try:
            return [records[int(label)] for label in index]
        except (TypeError, ValueError, IndexError) as exc:
            raise LookupError(
                "the frame's index no longer holds the row positions it was built with "
                "(e.g. after set_index or reset_index); take .zpro.raw before re-indexing"
            ) from exc

    @property
    def errors(self) -> pd.DataFrame:
        """The workspaces a frame read across workspaces left out, and why (workspace,
        workspace_id, error); empty when nothing was left out, or for a frame of one workspace."""
        held = self._frame.attrs.get(LeftOut.ATTR)
        return held.frame.copy() if isinstance(held, LeftOut) else errors_frame()

    def record(self, label: Any) -> Mapping[str, Any]:
        """The raw record behind the row with index ``label``."""
        if label not in self._frame.index:
            raise KeyError(label)
        return self._source().records[int(label)]
