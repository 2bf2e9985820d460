"""What a frame gathered from several workspaces left out, and why: ``df.zpro.errors``.

A call across workspaces does not fail because one workspace could not be read; the frame comes
back with the others, and the workspaces left out travel with it in ``df.attrs``. Like the raw
source, the holder copies as itself, so filters and copies of the frame keep it without cost.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["ERROR_COLUMNS", "LeftOut", "errors_frame"]

#: the columns of ``df.zpro.errors``
ERROR_COLUMNS = ["workspace", "workspace_id", "error"]


def errors_frame(rows: Sequence[tuple[str | None, str | None, str]] = ()) -> pd.DataFrame:
    """A ``df.zpro.errors`` frame: one row per workspace left out (all columns ``string``)."""
    return pd.DataFrame(list(rows), columns=ERROR_COLUMNS, dtype="string")


class LeftOut:
    """The workspaces a frame left out (a small frame: workspace, workspace_id, error)."""

    ATTR = "zpro_left_out"
    __slots__ = ("__weakref__", "frame")

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    def __copy__(self) -> LeftOut:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> LeftOut:
        return self

    def __eq__(self, other: object) -> bool:
        # pandas compares attrs when it decides whether a concat keeps them: identity is the answer.
        return self is other

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return f"LeftOut({len(self.frame)} workspaces)"
