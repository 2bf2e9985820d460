"""A list method's records instead of its frame, for a caller that joins many workspaces' answers.

Asked across 50 workspaces, building 50 small frames and joining them cost the client more CPU than
decoding the answers: every column's conversion has a fixed cost per frame. :func:`records_of` runs
a list method as it is (same filters, same paging, same errors) and takes its records at the point
where it would build its frame (:meth:`WorkspaceCore._frame`), so the caller builds one frame from all.

The request travels in a context variable, not on the session: one session may answer several
concurrent calls. Tasks the list method creates inherit the variable, so it names the task that
asked and the frame schema it expects: only that task's frame of that schema is handed over, and
anything else (a helper task's list, another list read on the way) is built as usual.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, NoReturn

__all__ = ["Listed", "hand_over", "records_asked", "records_of"]

_ASKED: ContextVar[tuple[asyncio.Task[Any] | None, str] | None] = ContextVar(
    "zpro_nb_records_only", default=None
)


@dataclass(frozen=True)
class Listed:
    """What a list method would have laid out: its frame schema's name, its records, and the
    values of the columns the records do not carry (e.g. an API key's service account), one per
    record."""

    schema: str
    records: list[dict[str, Any]]
    values: Mapping[str, Sequence[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, given in self.values.items():
            if len(given) != len(self.records):
                raise ValueError(f"{name}: {len(given)} values for {len(self.records)} records")


class _HandedOver(Exception):  # not an error: how the records leave the method
    def __init__(self, listed: Listed) -> None:
        super().__init__(listed.schema)
        self.listed = listed


def records_asked(schema: str) -> bool:
    """Whether a frame of ``schema`` built here is to be handed to :func:`records_of` instead."""
    asked = _ASKED.get()
    return asked is not None and asked == (_current_task(), schema)


def hand_over(schema: str, records: list[dict[str, Any]], values: Mapping[str, Sequence[Any]]) -> NoReturn:
    """End the list method here, handing its records to :func:`records_of`."""
    raise _HandedOver(Listed(schema, records, dict(values)))


async def records_of(call: Coroutine[Any, Any, object], schema: str) -> Listed:
    """The records ``call`` (a workspace session's list method, not yet awaited) lays out under
    the frame schema ``schema``."""
    if not asyncio.iscoroutine(call):
        raise TypeError(f"records_of takes a list method's coroutine, not {type(call).__name__}")
    asked = _ASKED.set((_current_task(), schema))
    try:
        await call
    except _HandedOver as handed:
        return handed.listed
    finally:
        _ASKED.reset(asked)
    name = getattr(call, "__qualname__", "this method")
    raise TypeError(f"{name} lays out no {schema!r} list: it cannot be asked for its records")


def _current_task() -> asyncio.Task[Any] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # no running loop: nothing can have asked
        return None
