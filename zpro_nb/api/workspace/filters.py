"""Workspace-API list filters: ``field=op:value`` query values and server-side sorting.

Operators (as ZenML 0.98's server takes them, docs/contract.md): equals, notequals, contains,
notcontains, startswith, endswith, oneof, notoneof, in, isnull, isnotnull, gt, gte, lt, lte. An
unknown operator is not an error on the server: it silently matches nothing, so we refuse it here.
Times go as ``%Y-%m-%d %H:%M:%S`` (UTC).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from ...errors import InvalidArgument

OPERATORS = frozenset(
    {
        "equals",
        "notequals",
        "contains",
        "notcontains",
        "startswith",
        "endswith",
        "oneof",
        "notoneof",
        "in",
        "isnull",
        "isnotnull",
        "gt",
        "gte",
        "lt",
        "lte",
    }
)


def filter_time(moment: dt.datetime) -> str:
    """A datetime in the one format filters accept (naive is taken as UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return filter_time(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def op(operator: str, value: Any = None) -> str:
    """``op("gte", when)`` -> ``"gte:2026-11-01 00:00:00"``; ``op("oneof", [...])`` sends a JSON list."""
    if operator not in OPERATORS:
        raise InvalidArgument(f"unknown filter operator {operator!r}; use one of {sorted(OPERATORS)}")
    if operator in {"isnull", "isnotnull"}:
        return f"{operator}:"
    if operator in {"oneof", "notoneof", "in"} and isinstance(value, Iterable) and not isinstance(value, str):
        return f"{operator}:{json.dumps([_text(v) for v in value])}"
    return f"{operator}:{_text(value)}"


def sort(field: str, *, descending: bool = False) -> str:
    """A ``sort_by`` value: ``asc:<field>`` or ``desc:<field>``."""
    return f"{'desc' if descending else 'asc'}:{field}"
