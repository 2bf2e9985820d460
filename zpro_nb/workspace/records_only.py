"""A list method's records instead of its frame, for a caller that joins many workspaces' answers.

Asked across 50 workspaces, building 50 small frames and joining them cost the client more CPU than
decoding the answers: every column's conversion has a fixed cost per frame. :func:`records_of` runs
a list method as it is (same filters, same paging, same errors) and takes its records at the point
where it would build its frame (:meth:`WorkspaceCore._frame`), so the caller builds one frame from all.

The request travels in a context variable, not on the session: one session may answer several
concurrent calls, and a context variable belongs to the task that set it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, NoReturn

__all__ = ["Listed", "hand_over", "records_asked", "records_of"]

_ASKED: ContextVar[bool] = ContextVar("zpro_nb_records_only", default=False)


@dataclass(frozen=True)
class Listed:
    """What a list method would have laid out: its frame schema's name, its records, and the
    values of the columns the records do not carry (e.g. an API key's service account)."""

    schema: str
    records: list[dict[str, Any]]
    values: Mapping[str, Sequence[Any]] = field(default_factory=dict)


class _HandedOver(Exception):  # not an error: how the records leave the method
    def __init__(self, listed: Listed) -> None:
        super().__init__(listed.schema)
        self.listed = listed


def records_asked() -> bool:
    """Whether the running call was started by :func:`records_of`."""
    return _ASKED.get()


def hand_over(schema: str, records: list[dict[str, Any]], values: Mapping[str, Sequence[Any]]) -> NoReturn:
    """End the list method here, handing its records to :func:`records_of`."""
    raise _HandedOver(Listed(schema, records, dict(values)))


async def records_of(call: Awaitable[object]) -> Listed:
    """The records ``call`` (a workspace session's list method, not yet awaited) lays out."""
    asked = _ASKED.set(True)
    try:
        await call
    except _HandedOver as handed:
        return handed.listed
    finally:
        _ASKED.reset(asked)
    raise TypeError("this method does not lay out a list: it cannot be asked for its records")
