"""What can be wrong with a bulk-change sheet, row by row, and the error raised when a plan cannot run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .._core.errors import ZProError


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


class PlanHasErrors(ZProError, ValueError):
    """Raised by ``apply()`` on a plan that has errors: nothing was changed (a ``ValueError`` too)."""

    fix = "fix those cells in the sheet and plan again (plan.frame shows every row's problem and fix)"
    cli_fix = panel_fix = "fix those cells in the sheet and plan again"

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = list(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:50])
        more = f"\n  … and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        noun = "error" if len(self.problems) == 1 else "errors"
        super().__init__(
            f"This plan has {len(self.problems)} {noun} and cannot be applied; nothing was changed:\n"
            f"{shown}{more}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems,))
