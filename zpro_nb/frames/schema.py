"""Declared frame schemas: which columns a resource's DataFrame has, their dtypes and where each comes from.

A schema is data, not code: every list the Session returns is laid out under one of these, so the
columns, their order and their dtypes are the same for 0 rows and for 100,000, and
``docs/schemas.md`` is generated from the same objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .build import build_frame
from .columns import SCALAR_DTYPES, TD, TS, Category, Column, ColumnDtype, KeyPath, ScalarDtype, col

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SCALAR_DTYPES",
    "TD",
    "TS",
    "Category",
    "Column",
    "ColumnDtype",
    "FrameSchema",
    "KeyPath",
    "ScalarDtype",
    "col",
]


@dataclass(frozen=True)
class FrameSchema:
    """A resource's frame layout: a name, ordered columns, and one sentence on what a row is."""

    name: str
    columns: tuple[Column, ...]
    row: str = ""
    _by_name: Mapping[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"schema {self.name!r}: duplicate columns {duplicates}")
        for position, column in enumerate(self.columns):
            earlier = set(names[:position])
            if column.derived and not all(len(p) == 1 and p[0] in earlier for p in column.paths):
                raise ValueError(f"schema {self.name!r}: {column.name!r} must name earlier columns")
        object.__setattr__(self, "_by_name", {c.name: c for c in self.columns})

    @property
    def names(self) -> list[str]:
        """Column names in order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """The column called ``name`` (``KeyError`` if the schema has none)."""
        return self._by_name[name]

    def dtypes(self) -> dict[str, Any]:
        """``{column: pandas dtype}`` in column order."""
        return {c.name: c.pandas_dtype() for c in self.columns}

    def empty(self) -> pd.DataFrame:
        """A 0-row frame with exactly this schema's columns and dtypes."""
        return self.build([])

    def build(
        self,
        records: Sequence[Mapping[str, Any]],
        *,
        values: Mapping[str, Sequence[Any]] | None = None,
    ) -> pd.DataFrame:
        """Lay ``records`` (JSON objects) out under this schema; see ``build_frame``."""
        return build_frame(self, records, values=values)
