"""OSS list semantics: ``page``/``size`` envelopes, ``sort_by`` and ``field=op:value`` filters.

Behaviour copied from a real ZenML OSS 0.98.0 server (``BaseFilter`` and its typed filters):

* string and UUID fields take ``equals notequals contains notcontains startswith endswith oneof
  notoneof isnull isnotnull gt gte lt lte`` (``gt``..``lte`` compare numerically);
* booleans take ``equals notequals isnull isnotnull``; datetimes (``%Y-%m-%d %H:%M:%S``) take
  those plus ``gt gte lt lte`` and ``in:<from>,<to>``; numbers take the datetime set minus ``in``;
* an unknown operator prefix is not an error: the whole text is compared literally;
* ``oneof``/``notoneof`` need a JSON list; an operator not allowed for the type, a bad boolean or
  datetime, or an unknown ``sort_by`` field gives 422 ``{"detail": ["ValueError", ...]}``;
* pattern matches are case-insensitive (SQL ``LIKE`` on the real server's SQLite/MySQL).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, Literal, TypeVar

from fastapi import Query, Request

from ..list_order_cache import OrderCache
from .errors import OSSError, filter_error

E = TypeVar("E")
Kind = Literal["str", "uuid", "bool", "datetime", "number"]
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAXIMUM = 10_000

OPS = (
    "equals",
    "notequals",
    "contains",
    "notcontains",
    "startswith",
    "endswith",
    "oneof",
    "notoneof",
    "isnull",
    "isnotnull",
    "gt",
    "gte",
    "lt",
    "lte",
    "in",
)
_ALLOWED: dict[Kind, tuple[str, ...]] = {
    "str": (
        "equals",
        "notequals",
        "startswith",
        "contains",
        "endswith",
        "oneof",
        "notoneof",
        "notcontains",
        "isnull",
        "isnotnull",
        "gt",
        "gte",
        "lt",
        "lte",
    ),
    "bool": ("equals", "notequals", "isnull", "isnotnull"),
    "number": ("equals", "notequals", "isnull", "isnotnull", "gt", "gte", "lt", "lte"),
    "datetime": ("equals", "notequals", "isnull", "isnotnull", "gt", "gte", "lt", "lte", "in"),
}
_ALLOWED["uuid"] = _ALLOWED["str"]
_OP_ENUM = {
    "equals": "EQUALS",
    "notequals": "NOT_EQUALS",
    "startswith": "STARTSWITH",
    "contains": "CONTAINS",
    "endswith": "ENDSWITH",
    "oneof": "ONEOF",
    "notoneof": "NOT_ONEOF",
    "notcontains": "NOT_CONTAINS",
    "isnull": "IS_NULL",
    "isnotnull": "IS_NOT_NULL",
    "gt": "GT",
    "gte": "GTE",
    "lt": "LT",
    "lte": "LTE",
    "in": "IN",
}
_TRUE = {"true", "1", "yes", "y", "on", "t"}
_FALSE = {"false", "0", "no", "n", "off", "f"}


@dataclass(frozen=True)
class FieldSpec(Generic[E]):
    """A filterable and sortable field: its type and how to read it from an entity.

    ``resolve`` maps a filter value before comparison (e.g. a project name to its id) and may
    raise an :class:`OSSError` (unknown project -> 404, like the real server).
    """

    kind: Kind
    get: Callable[[E], Any]
    resolve: Callable[[str], str] | None = None
    sortable: bool = True


@dataclass(frozen=True)
class ListParams:
    """The common list query parameters, validated like the real server (bad page/size -> 422)."""

    page: int
    size: int
    sort_by: str
    logical_operator: str
    hydrate: bool
    raw: Sequence[tuple[str, str]] = field(default_factory=tuple)


async def list_params(  # a coroutine: FastAPI runs a plain function on a worker thread
    request: Request,
    page: int = Query(1, ge=1),
    size: int = Query(PAGE_SIZE_DEFAULT, ge=1, le=PAGE_SIZE_MAXIMUM),
    sort_by: str = Query("created"),
    logical_operator: str = Query("and"),
    hydrate: bool = Query(False),
) -> ListParams:
    """FastAPI dependency: the list parameters plus every raw query pair (for the filters)."""
    return ListParams(
        page, size, sort_by, logical_operator, hydrate, tuple(request.query_params.multi_items())
    )


@dataclass(frozen=True)
class _Condition:
    column: str
    op: str
    value: Any


def _parse_datetime(value: str) -> float:
    return datetime.strptime(value, DATETIME_FORMAT).replace(tzinfo=UTC).timestamp()


def _condition(column: str, raw: str, spec: FieldSpec[Any], filter_name: str) -> _Condition:
    op, value = "equals", raw
    head, sep, tail = raw.partition(":")
    if sep and head in OPS:
        op, value = head, tail
    if op not in _ALLOWED[spec.kind]:
        allowed = ", ".join(f"<GenericFilterOps.{_OP_ENUM[o]}: '{o}'>" for o in _ALLOWED[spec.kind])
        raise filter_error(
            filter_name,
            f"This datatype can not be filtered using this operation: '{op}'. "
            f"The allowed operations are: [{allowed}]",
            loc="operation",
            value=op,
        )
    if op in ("isnull", "isnotnull"):
        if value:
            raise filter_error(
                filter_name, "Operators like 'isnull' and 'isnotnull' take no value.", value=raw
            )
        return _Condition(column, op, None)
    if op in ("oneof", "notoneof"):
        try:
            items = json.loads(value)
            if not isinstance(items, list):
                raise ValueError
        except ValueError:
            raise filter_error(
                filter_name,
                "When you are using the 'oneof:'/'notoneof:' filtering make sure that the provided value "
                "is a json formatted list.",
                value=raw,
            ) from None
        values = [str(v) for v in items]
        if spec.resolve:
            values = [spec.resolve(v) for v in values]
        return _Condition(column, op, values)
    if spec.kind == "bool":
        lowered = value.strip().lower()
        if lowered not in _TRUE | _FALSE:
            raise filter_error(filter_name, "The bool filter only works with boolean values.", "value", value)
        return _Condition(column, op, lowered in _TRUE)
    if spec.kind == "datetime":
        try:
            if op == "in":
                low, _, high = value.partition(",")
                return _Condition(column, op, (_parse_datetime(low), _parse_datetime(high)))
            return _Condition(column, op, _parse_datetime(value))
        except ValueError:
            raise filter_error(
                filter_name,
                f"The datetime filter only works with values in the following format: {DATETIME_FORMAT}",
                value=raw,
            ) from None
    if spec.kind == "number" or op in ("gt", "gte", "lt", "lte"):
        try:
            return _Condition(column, op, float(value))
        except ValueError:
            raise OSSError(
                400,
                "ValueError",
                f"Failed to compare the column '{column}' to the value '{value}' (must be numeric): "
                f"could not convert string to float: '{value}'",
            ) from None
    if spec.resolve:
        value = spec.resolve(value)
    return _Condition(column, op, value)


def _matches(actual: Any, cond: _Condition, kind: Kind) -> bool:
    op, want = cond.op, cond.value
    if op == "isnull":
        return actual is None
    if op == "isnotnull":
        return actual is not None
    if actual is None:
        return op in ("notequals", "notoneof", "notcontains")
    if op in ("gt", "gte", "lt", "lte"):
        try:
            number = float(actual)
        except (TypeError, ValueError):
            return False
        return bool(
            {"gt": number > want, "gte": number >= want, "lt": number < want, "lte": number <= want}[op]
        )
    if op == "in":
        low, high = want
        return bool(low <= actual <= high)
    if kind in ("bool", "number"):
        return bool(actual == want) if op == "equals" else bool(actual != want)
    if kind == "datetime":
        # Compared at second precision: the filter format has no fractions.
        same = math.floor(actual) == math.floor(want)
        return same if op == "equals" else not same
    text = str(actual)
    if kind == "uuid":
        text = text.lower()
    if op in ("oneof", "notoneof"):
        hit = text in {v.lower() if kind == "uuid" else v for v in want}
        return hit if op == "oneof" else not hit
    needle = str(want)
    if op == "equals":
        return text == (needle.lower() if kind == "uuid" else needle)
    if op == "notequals":
        return text != (needle.lower() if kind == "uuid" else needle)
    low_text, low_needle = text.lower(), needle.lower()
    if op == "contains":
        return low_needle in low_text
    if op == "notcontains":
        return low_needle not in low_text
    if op == "startswith":
        return low_text.startswith(low_needle)
    return low_text.endswith(low_needle)


def _cache_key(cond: _Condition) -> tuple[str, str, Hashable]:
    # ``oneof`` values arrive as lists; everything else is already hashable.
    value = tuple(cond.value) if isinstance(cond.value, list) else cond.value
    return (cond.column, cond.op, value)


def _sort_column(params: ListParams, specs: Mapping[str, FieldSpec[E]], filter_name: str) -> tuple[str, bool]:
    column, descending = params.sort_by, False
    head, sep, tail = params.sort_by.partition(":")
    if sep:
        column = tail
        descending = head == "desc"  # an unknown direction falls back to ascending, as on the real server
    spec = specs.get(column)
    if spec is None or not spec.sortable:
        raise filter_error(
            filter_name,
            "You can only sort by valid fields of this resource",
            loc="sort_by",
            value=params.sort_by,
        )
    return column, descending


def page_of(
    items: Iterable[E],
    specs: Mapping[str, FieldSpec[E]],
    params: ListParams,
    filter_name: str,
    sort_keys: Mapping[str, Callable[[E], Any]] | None = None,
    cache: OrderCache[E] | None = None,
    stamp: Hashable = None,
) -> tuple[list[E], dict[str, Any]]:
    """Filter, sort and cut one page; returns ``(page items, envelope without "items")``.

    ``sort_keys`` adds sort-only columns (e.g. ``latest_run`` on pipelines). With ``cache``, the
    filtered and sorted order is kept under ``stamp`` (which must change whenever anything the
    sort or the filters read changes) and the next page of the same query is only a slice.
    """
    if params.logical_operator not in ("and", "or"):
        raise filter_error(
            filter_name,
            "Input should be 'and' or 'or'",
            loc="logical_operator",
            value=params.logical_operator,
        )
    extra = {name: FieldSpec[E]("str", key) for name, key in (sort_keys or {}).items()}
    column, descending = _sort_column(params, {**specs, **extra}, filter_name)
    conditions = [
        _condition(name, value, specs[name], filter_name)
        for name, value in params.raw
        if name in specs and name not in ("page", "size", "sort_by", "logical_operator", "hydrate")
    ]
    getter = extra[column].get if column in extra else specs[column].get

    def key(item: E) -> tuple[bool, Any]:
        value = getter(item)
        return (value is not None, value if value is not None else 0)

    def ordered() -> list[E]:
        selected = list(items)
        if conditions:
            combine = all if params.logical_operator == "and" else any
            selected = [
                item
                for item in selected
                if combine(_matches(specs[c.column].get(item), c, specs[c.column].kind) for c in conditions)
            ]
        selected.sort(key=key, reverse=descending)
        return selected

    if cache is None:
        selected = ordered()
    else:
        query = (column, descending, params.logical_operator, tuple(_cache_key(c) for c in conditions))
        selected = cache.order(stamp, query, ordered)
    total = len(selected)
    total_pages = max(1, math.ceil(total / params.size))
    if params.page > total_pages:
        raise OSSError(
            400,
            "ValueError",
            f"Invalid page {params.page}. The requested page size is {params.size} and there are a total of "
            f"{total} items for this query. The maximum page value therefore is {total_pages}.",
        )
    start = (params.page - 1) * params.size
    envelope = {"index": params.page, "max_size": params.size, "total_pages": total_pages, "total": total}
    return selected[start : start + params.size], envelope
