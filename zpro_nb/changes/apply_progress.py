"""The progress line of a bulk apply: "Applying 40 changes 12/40 [00:03, failed=1]", then a summary.

The line is the same :class:`Activity` as planning's and the inventory's: it appears half a second into
the apply (a quick apply stays quiet) and counts rows as they settle, with the failures so far. An
apply that showed a line ends with a line that stays: what was done, already in place, failed or not
done, and how long it took, so a long run leaves its result on screen even when it was interrupted.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from types import TracebackType

from ..progress import SHOW_AFTER, Activity
from .planned_row import PlannedRow


class ApplyProgress:
    """``async with ApplyProgress(len(todo), show=progress) as line:`` then ``line.settled(row)`` per row."""

    def __init__(self, total: int, *, show: bool = True) -> None:
        self.total = total
        self.show = show and total > 0
        self.handled = 0
        self.failed = 0
        self._activity = Activity(f"Applying {_changes(total)}", show=self.show, total=total)
        self._started = 0.0
        #: the rows' outcomes at the end (set by :meth:`finish`), for the summary line
        self.outcomes: dict[str, int] | None = None

    async def __aenter__(self) -> ApplyProgress:
        self._started = time.monotonic()
        await self._activity.__aenter__()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._activity.__aexit__(kind, exc, tb)
        elapsed = time.monotonic() - self._started
        # Only an apply whose line was shown leaves a summary: quick cells stay quiet, as elsewhere.
        if self.show and elapsed >= SHOW_AFTER and self.outcomes is not None:
            _summary_line(summary_text(self.total, self.outcomes, stopped=kind is not None), self, elapsed)

    def settled(self, row: PlannedRow) -> None:
        """One more row has its outcome (done, already in place, failed, or not done when stopping)."""
        self.handled += 1
        if row.outcome == "failed":
            self.failed += 1
            self._activity.note(failed=self.failed)
        self._activity.advance()

    def finish(self, rows: Sequence[PlannedRow]) -> None:
        """The outcomes of this apply's rows once every row in flight is over: what the summary says."""
        outcomes = {"done": 0, "already": 0, "failed": 0, "not run": 0}
        for row in rows:
            outcomes[row.outcome] += 1
        self.outcomes = outcomes


def summary_text(total: int, outcomes: dict[str, int], *, stopped: bool = False) -> str:
    """``Applied 40 changes: 37 done, 1 already in place, 2 failed, 0 not done`` (``Stopped`` if so)."""
    head = "Stopped applying" if stopped else "Applied"
    return (
        f"{head} {_changes(total)}: {outcomes['done']} done, {outcomes['already']} already in place, "
        f"{outcomes['failed']} failed, {outcomes['not run']} not done"
    )


def _changes(n: int) -> str:
    return f"{n} change{'' if n == 1 else 's'}"


def _summary_line(text: str, progress: ApplyProgress, elapsed: float) -> None:
    from tqdm.auto import tqdm  # lazy: tqdm.auto loads ipywidgets in a notebook

    # A finished bar that stays (leave=True): a widget in a notebook, a line on stderr in a terminal,
    # where the progress line itself was drawn. Braces in the text are escaped for tqdm's format.
    shown = text.replace("{", "{{").replace("}", "}}")
    bar = tqdm(
        total=max(progress.total, 1),
        initial=progress.handled,
        leave=True,
        bar_format=shown + " {n_fmt}/{total_fmt} |{bar}| [" + tqdm.format_interval(elapsed) + "]",
    )
    bar.close()
