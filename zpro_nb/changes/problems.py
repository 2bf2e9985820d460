"""What can be wrong with a bulk-change sheet, row by row (``PlanHasErrors`` carries them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowProblem:
    """One problem found while planning, tied to a row as a spreadsheet numbers it (the header is row 1).

    ``row`` is ``None`` for a problem with the whole input (an unreadable file).
    """

    row: int | None
    message: str
    fix: str
    column: str | None = None

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "input"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message} — fix: {self.fix}"
