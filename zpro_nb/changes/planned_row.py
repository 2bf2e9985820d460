"""One row of a plan and its states, on its own: :mod:`.planning` resolves rows and
:mod:`.row_checks` checks their cells, so both stand on this module and never on each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .change import Change
from .problems import RowProblem

__all__ = ["Outcome", "PlannedRow", "RowStatus"]

RowStatus = Literal["to add", "to remove", "already in place", "error"]
Outcome = Literal["not run", "done", "already", "failed"]


@dataclass
class PlannedRow:
    """One row of a plan: the cells as typed, the change they resolve to, its state before and after apply."""

    row: int | None
    cells: dict[str, str]
    change: Change | None = None
    problems: list[RowProblem] = field(default_factory=list)
    status: RowStatus = "error"
    outcome: Outcome = "not run"
    reason: str = ""
    #: a request for this row may have reached the server without an answer (re-check before resending)
    in_doubt: bool = False
    #: the journal entry id once the change is done
    journal_id: str = ""
