"""Declared frame schemas: which columns a resource's DataFrame has, their dtypes and where each comes from.

A schema is data, not code: every list the Session returns is laid out under one of these, so the
columns, their order and their dtypes are the same for 0 rows and for 100,000, and
``docs/schemas.md`` is generated from the same objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

#: The scalar dtypes a column may declare (pandas' nullable extension dtypes, and tz-aware UTC times).
ScalarDtype = Literal["string", "boolean", "Int64", "Float64", "datetime64[ns, UTC]", "timedelta64[ns]"]
#: Shorthand for the timestamp dtype.
TS: ScalarDtype = "datetime64[ns, UTC]"
#: Shorthand for the duration dtype (missing = ``NaT``).
TD: ScalarDtype = "timedelta64[ns]"
SCALAR_DTYPES: tuple[ScalarDtype, ...] = (
    "string",
    "boolean",
    "Int64",
    "Float64",
    "datetime64[ns, UTC]",
    "timedelta64[ns]",
)

#: A key path into one JSON record; ``()`` is the record itself (for rules that need several fields).
KeyPath = tuple[str, ...]


@dataclass(frozen=True)
class Category:
    """A categorical dtype with its documented values; values outside them become NA (the raw keeps them)."""

    values: tuple[str, ...]

    def dtype(self) -> pd.CategoricalDtype:
        """The pandas dtype (unordered categories in the documented order)."""
        import pandas as pd

        return pd.CategoricalDtype(list(self.values), ordered=False)

    def __str__(self) -> str:
        return "category(" + ", ".join(self.values) + ")"


ColumnDtype = ScalarDtype | Category


@dataclass(frozen=True)
class Column:
    """One column: its name, dtype, the key paths it is read from (first present, non-null wins) and a rule.

    ``rule`` names a transform from :mod:`zpro_nb.frames.rules` applied to the value found (for example
    ``"names"`` turns a list of objects into ``"a, b"``); ``None`` takes the value as it is. A rule
    of ``COLUMN_RULES`` (e.g. ``"elapsed"``) reads earlier *columns* of the frame instead: its paths
    are their names.
    """

    name: str
    dtype: ColumnDtype
    paths: tuple[KeyPath, ...]
    rule: str | None = None
    doc: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.dtype, Category) and self.dtype not in SCALAR_DTYPES:
            raise ValueError(f"column {self.name!r}: unsupported dtype {self.dtype!r}")
        if not self.paths:
            raise ValueError(f"column {self.name!r}: at least one key path is needed")

    def pandas_dtype(self) -> Any:
        """The dtype as pandas understands it (a string alias or a ``CategoricalDtype``)."""
        return self.dtype.dtype() if isinstance(self.dtype, Category) else self.dtype

    @property
    def derived(self) -> bool:
        """Whether the column is computed from earlier columns (its paths name them)."""
        from .rules import COLUMN_RULES

        return self.rule in COLUMN_RULES

    def source(self) -> str:
        """The key paths as documentation text, e.g. ``body.created | created``."""
        if self.derived:
            return f"{self.rule}(" + ", ".join(".".join(p) for p in self.paths) + ")"
        text = " | ".join(".".join(p) if p else "(record)" for p in self.paths)
        return f"{self.rule}({text})" if self.rule else text


def col(
    name: str,
    dtype: ColumnDtype,
    *paths: str,
    rule: str | None = None,
    doc: str = "",
) -> Column:
    """Shorthand for :class:`Column` with dotted paths (``"organization.name"``; ``""`` is the record)."""
    return Column(
        name=name,
        dtype=dtype,
        paths=tuple(tuple(p.split(".")) if p else () for p in (paths or (name,))),
        rule=rule,
        doc=doc,
    )


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
        from .build import build_frame

        return build_frame(self, records, values=values)
