"""One column of a declared frame schema: its name, dtype, where its values come from and how.

Below :mod:`.schema` (which lays records out through :mod:`.build`): the builder reads columns from
here and a schema's shape from :mod:`.layout`, so the builder never imports the schema back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .rules import COLUMN_RULES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SCALAR_DTYPES", "TD", "TS", "Category", "Column", "ColumnDtype", "KeyPath", "ScalarDtype", "col"]

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
    """A categorical dtype with its documented values; values outside them become NA (the raw keeps them).

    ``zenml_enum`` names the ZenML enum the values are (dotted, e.g. ``zenml.enums.ExecutionStatus``):
    a test reads that enum from the installed zenml and holds ``values`` to it.
    """

    values: tuple[str, ...]
    zenml_enum: str = ""

    def dtype(self) -> pd.CategoricalDtype:
        """The pandas dtype (unordered categories in the documented order)."""
        import pandas as pd  # lazy: pandas

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
