"""Checking one sheet row: every cell is checked and every mistake kept, so a sheet is fixed in one go.

A resolver asks :class:`Checks` to run each check; a check that finds a mistake raises
:class:`RowError`, which is noted, and the resolver goes on with the next cell. At the end
:meth:`Checks.raise_if_any` raises them all together as :class:`RowErrors`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from .live_state import Unknown

if TYPE_CHECKING:
    from .planned_row import PlannedRow

T = TypeVar("T")

__all__ = ["Checks", "RowError", "RowErrors", "cell", "lookup"]


class RowError(Exception):
    """One mistake in a row: what is wrong, how to fix it, and in which column."""

    def __init__(self, message: str, fix: str, column: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.column = column


class RowErrors(Exception):
    """Every mistake found in one row (so the sheet is fixed once, not once per rerun)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


class Checks:
    """Checks every cell of a row and keeps going after a mistake, collecting them all."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def run(self, check: Callable[[], T]) -> T | None:
        """``check()``, or ``None`` (the mistake noted) when it finds one."""
        try:
            return check()
        except RowError as exc:
            self.errors.append(exc)
            return None

    def find(self, column: str, find: Callable[[], T]) -> T | None:
        """A name looked up in the live state, or ``None`` (the mistake noted against ``column``)."""
        return self.run(lambda: lookup(column, find))

    def fail(self, message: str, fix: str, column: str | None = None) -> None:
        """Note a mistake."""
        self.errors.append(RowError(message, fix, column))

    def raise_if_any(self) -> None:
        """Raise every mistake noted at once."""
        if self.errors:
            raise RowErrors(self.errors)


def cell(row: PlannedRow, name: str, *, required: bool, example: str = "") -> str:
    """The cell's text; an empty required cell is a mistake."""
    value = row.cells.get(name, "")
    if required and not value:
        hint = f", e.g. {example}" if example else ""
        raise RowError(f"the '{name}' cell is empty", f"fill in the {name}{hint}", column=name)
    return value


def lookup(column: str, find: Callable[[], T]) -> T:
    """``find()``, its ``Unknown`` turned into a mistake in ``column``."""
    try:
        return find()
    except Unknown as exc:
        raise RowError(exc.message, exc.fix, column=column) from None
