"""``df.zpro``: the raw records behind a zpro_nb frame (kept in its :class:`.raw.FrameSource`) and the
schema it follows. Above :mod:`.schema`, so the accessor hands back the full ``FrameSchema``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .left_out import LeftOut, errors_frame
from .raw import FrameSource
from .schema import FrameSchema

__all__ = ["ZproAccessor"]


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
        schema = self._source().schema
        # build_frame takes any Layout; every frame zpro_nb builds carries a FrameSchema.
        if not isinstance(schema, FrameSchema):
            raise AttributeError(f"this DataFrame was built under {type(schema).__name__}, not a FrameSchema")
        return schema

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
