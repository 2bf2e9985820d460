"""A plan: the rows of a sheet resolved and diffed against the live state, ready to review and apply.

``AsyncPlan`` does the work; ``Plan`` is its sync twin (same names) that runs it on the core's loop thread.
A plan remembers what each row did, so ``apply()`` after an interruption finishes the rest and never
sends a change twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._core.loop import run_sync
from ..errors import PlanHasErrors
from .applying import apply_rows
from .change import Change
from .live_state import load_state
from .plan_context import PlanContext, RowHook
from .planning import PlannedRow, diff_rows
from .problems import RowProblem
from .rendering import plan_html

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AsyncPlan", "Plan"]

_SHEET_COLUMNS: dict[str, tuple[str, ...]] = {
    "role_assignments": ("user", "team", "role", "workspace", "organization"),
    "team_members": ("team", "user", "organization"),
    "invitations": ("email", "role", "organization"),
    "undo": ("user", "team", "role", "workspace", "email", "organization"),
}
_ACTION_WORD = {
    "assign_role": "assign",
    "revoke_role": "revoke",
    "add_team_member": "add",
    "remove_team_member": "remove",
    "invite_user": "invite",
    "cancel_invitation": "cancel",
}


class AsyncPlan:
    """A reviewed set of changes. ``await plan.apply()`` runs it; ``plan.frame`` and ``str(plan)`` show it."""

    def __init__(self, kind: str, rows: Sequence[PlannedRow], context: PlanContext) -> None:
        self.id = uuid.uuid4().hex[:12]
        self.kind = kind
        self.rows = list(rows)
        self._context = context

    # -- review --------------------------------------------------------------------------------
    @property
    def errors(self) -> list[RowProblem]:
        """Every problem found, in row order."""
        return [p for row in self.rows for p in row.problems]

    def counts(self) -> dict[str, int]:
        """How many rows are to add, to remove, already in place, and in error."""
        counts = {"to add": 0, "to remove": 0, "already in place": 0, "error": 0}
        for row in self.rows:
            counts[row.status] += 1
        return counts

    def summary(self) -> str:
        """One line: ``12 to add, 3 to remove, 5 already in place, 0 errors`` (plus results once applied)."""
        c = self.counts()
        errors = len(self.errors)
        text = (
            f"{c['to add']} to add, {c['to remove']} to remove, {c['already in place']} already in place, "
            f"{errors} error{'' if errors == 1 else 's'}"
        )
        if any(row.outcome != "not run" for row in self.rows):
            r = self.outcomes()
            text += (
                f"; applied: {r['done']} done, {r['already']} already, {r['failed']} failed, "
                f"{r['not run']} not done"
            )
        return text

    def outcomes(self) -> dict[str, int]:
        """How many changing rows are done, were already so, failed, or have not run."""
        counts = {"done": 0, "already": 0, "failed": 0, "not run": 0}
        for row in self.rows:
            if row.status in ("to add", "to remove"):
                counts[row.outcome] += 1
        return counts

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.kind} {self.id}: {self.summary()}>"

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def changes(self) -> list[Change]:
        """The resolved changes (rows without errors), in row order."""
        return [row.change for row in self.rows if row.change is not None and not row.problems]

    @property
    def frame(self) -> pd.DataFrame:
        """One row per sheet row: what it says, its status (to add / to remove / already in place / error),
        the problem and its fix, and the outcome (done / already in place / failed / not run) and reason."""
        import pandas as pd  # lazy: pandas

        cells = _SHEET_COLUMNS.get(self.kind, _SHEET_COLUMNS["undo"])
        records = []
        for row in self.rows:
            record: dict[str, Any] = {"row": row.row, "action": _action_word(row)}
            for name in cells:
                record[name] = _shown(row, name)
            record["status"] = row.status
            record["problem"] = "; ".join(p.message for p in row.problems)
            record["fix"] = "; ".join(p.fix for p in row.problems)
            record["outcome"] = _outcome_word(row)
            record["reason"] = row.reason
            records.append(record)
        columns = ["row", "action", *cells, "status", "problem", "fix", "outcome", "reason"]
        frame = pd.DataFrame(records, columns=columns)
        frame["row"] = frame["row"].astype("Int64")
        for column in columns[1:]:
            frame[column] = frame[column].astype("string")
        return frame

    @property
    def results(self) -> pd.DataFrame:
        """The rows that change something, with their outcome and reason."""
        frame = self.frame
        return frame[frame["status"].isin(["to add", "to remove"])].reset_index(drop=True)

    def _repr_html_(self) -> str:
        return plan_html(self)

    # -- apply ---------------------------------------------------------------------------------
    async def apply(self, *, on_row: RowHook | None = None, progress: bool = True) -> pd.DataFrame:
        """Make the changes, concurrently within the session's limits; returns :attr:`results`.

        A progress line ("Applying 40 changes", rows done of all, failures so far, elapsed time) shows
        while it runs and a summary line stays at the end; ``progress=False`` keeps it quiet.

        409 counts as already in place, a 404 on a removal as already gone. Raises
        :class:`~zpro_nb.changes.problems.PlanHasErrors` (nothing sent) when the plan has errors, and
        :class:`~zpro_nb.changes.applying.ApplyInterrupted` when it had to stop (expired token, lost
        connection, rate limit, a hook that raised): what was done is kept; ``apply()`` again does the rest.
        """
        if self.errors:
            raise PlanHasErrors(self.errors)
        await apply_rows(self, self._context, on_row=on_row, progress=progress)
        return self.results

    async def refresh(self) -> None:
        """Re-read the live state and re-diff the rows that have not run (someone may have changed things)."""
        state = await load_state(self._context.source, self.changes)
        pending = [r for r in self.rows if r.outcome == "not run"]
        diff_rows(pending, state)


def _outcome_word(row: PlannedRow) -> str:
    # A row that was already as the sheet asks, before apply or found so by it, reads the same
    # way; "not run" is kept for rows that still have something to do.
    if row.status == "already in place" or row.outcome == "already":
        return "already in place"
    return row.outcome


class Plan:
    """The sync twin of :class:`AsyncPlan` (what ``Session.plan_*`` return); ``plan.aio`` is the async one."""

    def __init__(self, aio: AsyncPlan) -> None:
        self.aio = aio

    @property
    def id(self) -> str:
        """The plan's id (journal entries made by it carry it)."""
        return self.aio.id

    @property
    def kind(self) -> str:
        """``role_assignments``, ``team_members``, ``invitations`` or ``undo``."""
        return self.aio.kind

    @property
    def rows(self) -> list[PlannedRow]:
        """The planned rows."""
        return self.aio.rows

    @property
    def errors(self) -> list[RowProblem]:
        """Every problem found, in row order."""
        return self.aio.errors

    @property
    def changes(self) -> list[Change]:
        """The resolved changes."""
        return self.aio.changes

    @property
    def frame(self) -> pd.DataFrame:
        """See :attr:`AsyncPlan.frame`."""
        return self.aio.frame

    @property
    def results(self) -> pd.DataFrame:
        """See :attr:`AsyncPlan.results`."""
        return self.aio.results

    def counts(self) -> dict[str, int]:
        """See :meth:`AsyncPlan.counts`."""
        return self.aio.counts()

    def outcomes(self) -> dict[str, int]:
        """See :meth:`AsyncPlan.outcomes`."""
        return self.aio.outcomes()

    def summary(self) -> str:
        """See :meth:`AsyncPlan.summary`."""
        return self.aio.summary()

    def __str__(self) -> str:
        return self.aio.summary()

    def __repr__(self) -> str:
        return f"<Plan {self.aio.kind} {self.aio.id}: {self.aio.summary()}>"

    def __len__(self) -> int:
        return len(self.aio.rows)

    def _repr_html_(self) -> str:
        return self.aio._repr_html_()

    def apply(self, *, on_row: RowHook | None = None, progress: bool = True) -> pd.DataFrame:
        """See :meth:`AsyncPlan.apply` (Ctrl-C stops it cleanly; ``apply()`` again does the rest)."""
        return run_sync(self.aio.apply(on_row=on_row, progress=progress))

    def refresh(self) -> None:
        """See :meth:`AsyncPlan.refresh`."""
        run_sync(self.aio.refresh())


def _action_word(row: PlannedRow) -> str:
    if row.change is not None:
        return _ACTION_WORD[row.change.kind]
    return row.cells.get("action", "")


def _shown(row: PlannedRow, name: str) -> str:
    if row.change is not None:
        value = str(getattr(row.change, name, ""))
        if value or name not in row.cells:
            return value
    return row.cells.get(name, "")
