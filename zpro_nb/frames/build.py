"""Build a DataFrame straight from JSON records, one column at a time, under a declared schema.

Why not pydantic per record or ``pandas.json_normalize``: both touch every field of every record in
Python and then infer dtypes. Here each column is one list comprehension over the records (a fast
path that assumes well-formed input, with a per-record fallback when it meets something odd) and
one vectorised conversion to the declared dtype. Odd values never raise: they become NA/NaT.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .columns import Category, Column, KeyPath
from .raw import FrameSource
from .rules import COLUMN_RULES, RULES

if TYPE_CHECKING:
    from .layout import Layout

_EMPTY: Mapping[str, Any] = {}
_NONE = type(None)
# pandas stores these times in nanoseconds; anything outside becomes NaT instead of an overflow error.
_NS_MIN = pd.Timestamp.min.tz_localize("UTC")
_NS_MAX = pd.Timestamp.max.tz_localize("UTC")


def build_frame(
    schema: Layout,
    records: Sequence[Mapping[str, Any]],
    *,
    values: Mapping[str, Sequence[Any]] | None = None,
) -> pd.DataFrame:
    """Lay ``records`` out under ``schema``.

    ``values`` supplies a column's raw values directly (one per record, converted like any other),
    for columns the records do not carry themselves, e.g. a workspace name looked up elsewhere.
    The records list is kept (not copied) as the frame's raw view: ``df.zpro.raw``.
    """
    if not isinstance(records, list):
        records = list(records)
    n = len(records)
    supplied = values or {}
    unknown = sorted(set(supplied) - set(schema.names))
    if unknown:
        raise KeyError(f"schema {schema.name!r} has no columns {unknown}")
    data: dict[str, Any] = {}
    for column in schema.columns:
        if column.name in supplied:
            raw = list(supplied[column.name])
            if len(raw) != n:
                raise ValueError(f"values for {column.name!r}: {len(raw)} given for {n} records")
        elif column.derived:
            computed = COLUMN_RULES[str(column.rule)](*(data[p[0]] for p in column.paths))
            data[column.name] = _as_dtype(computed, column.dtype)
            continue
        else:
            raw = extract_column(records, column)
        data[column.name] = convert(raw, column.dtype)
    frame = pd.DataFrame(data, index=pd.RangeIndex(n), copy=False)
    frame.attrs[FrameSource.ATTR] = FrameSource(schema, records)
    return frame


def extract_column(records: Sequence[Mapping[str, Any]], column: Column) -> list[Any]:
    """The column's values, one per record: first non-null key path wins, then the column's rule."""
    found = _extract(records, column.paths[0])
    for path in column.paths[1:]:
        if None not in found:
            break
        fallback = _extract(records, path)
        found = [a if a is not None else b for a, b in zip(found, fallback, strict=True)]
    if column.rule is not None:
        rule = RULES[column.rule]
        found = [rule(v) for v in found]
    return found


def _extract(records: Sequence[Mapping[str, Any]], path: KeyPath) -> list[Any]:
    # Unrolled for the common depths; a non-mapping on the way raises AttributeError and the safe
    # per-record walk takes over for the whole column.
    e = _EMPTY
    try:
        if len(path) == 1:
            (a,) = path
            return [r.get(a) for r in records]
        if len(path) == 2:
            a, b = path
            return [(r.get(a) or e).get(b) for r in records]
        if len(path) == 3:
            a, b, c = path
            return [((r.get(a) or e).get(b) or e).get(c) for r in records]
    except AttributeError:
        pass
    return [_dig(r, path) for r in records]


def _dig(value: Any, path: KeyPath) -> Any:
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def convert(raw: list[Any], dtype: str | Category) -> Any:
    """``raw`` as a pandas array of ``dtype``; values that do not fit become NA/NaT."""
    if isinstance(dtype, Category):
        return _categories(raw, dtype)
    if dtype == "string":
        return _strings(raw)
    if dtype == "boolean":
        return _booleans(raw)
    if dtype == "Int64":
        return _integers(raw)
    if dtype == "Float64":
        return _floats(raw)
    if dtype == "timedelta64[ns]":
        return _durations(raw)
    return _timestamps(raw)


def _as_dtype(values: Any, dtype: str | Category) -> Any:
    # A derived column: already an array; only the unit may differ (pandas 3 infers microseconds).
    if dtype == "timedelta64[ns]":
        return pd.array(values).as_unit("ns") if len(values) else pd.array([], dtype="timedelta64[ns]")
    return pd.array(values, dtype=dtype if isinstance(dtype, str) else dtype.dtype())


def _as_duration(value: Any) -> Any:
    # Numbers are seconds; text is pandas' or ISO-8601 (``PT1H``, as pydantic writes a timedelta).
    if isinstance(value, str | dt.timedelta):
        return value
    if type(value) in (int, float) and math.isfinite(value) and abs(value) < 9e9:
        return dt.timedelta(seconds=value)
    return None


def _durations(raw: list[Any]) -> Any:
    values = pd.Index([_as_duration(v) for v in raw], dtype=object)
    return pd.to_timedelta(values, errors="coerce").as_unit("ns").array


def _types(raw: list[Any]) -> set[type]:
    return set(map(type, raw))


def _strings(raw: list[Any]) -> Any:
    if not _types(raw) <= {str, _NONE}:
        raw = [_as_string(v) for v in raw]
    return pd.array(raw, dtype="string")


def _as_string(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int):
        return str(value)
    if isinstance(value, float):
        return None if math.isnan(value) else str(value)
    # Containers and other objects stay in the raw view; a cell holds text only.
    return None


def _booleans(raw: list[Any]) -> Any:
    if not _types(raw) <= {bool, _NONE}:
        raw = [v if type(v) is bool else None for v in raw]
    return pd.array(raw, dtype="boolean")


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _as_int(value: Any) -> int | None:
    if type(value) is int:
        return value if _INT64_MIN <= value <= _INT64_MAX else None
    if type(value) is float and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return None


def _integers(raw: list[Any]) -> Any:
    if _types(raw) <= {int, _NONE}:
        try:
            return pd.array(raw, dtype="Int64")
        except (OverflowError, TypeError, ValueError):
            pass  # an integer beyond int64: the per-value path turns it into NA
    return pd.array([_as_int(v) for v in raw], dtype="Int64")


def _as_float(value: Any) -> float | None:
    if type(value) is float:
        return None if math.isnan(value) else value
    if type(value) is int:
        return float(value)
    return None


def _floats(raw: list[Any]) -> Any:
    raw = [_as_float(v) for v in raw]
    return pd.array(raw, dtype="Float64")


def _as_time_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return None


def _timestamps(raw: list[Any]) -> Any:
    if not _types(raw) <= {str, _NONE}:
        raw = [_as_time_text(v) for v in raw]
    # ISO8601 accepts offsets or none (utc=True reads a naive time as UTC), with or without fractions;
    # anything unparseable is NaT rather than an error.
    parsed = pd.to_datetime(pd.Index(raw, dtype=object), utc=True, format="ISO8601", errors="coerce")
    if len(parsed) and str(parsed.dtype) != "datetime64[ns, UTC]":
        parsed = parsed.where((parsed >= _NS_MIN) & (parsed <= _NS_MAX))
    return parsed.as_unit("ns").array


def _categories(raw: list[Any], category: Category) -> Any:
    dtype = category.dtype()
    position = {value: i for i, value in enumerate(category.values)}
    try:
        codes = [position.get(v, -1) for v in raw]
    except TypeError:  # an unhashable value (a list or object) where a status was expected
        codes = [position.get(v, -1) if isinstance(v, str) else -1 for v in raw]
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int16), dtype=dtype)
