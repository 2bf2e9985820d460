"""A bulk apply shows a progress line at once (what, how far, failures, time) and ends with a summary."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

import pandas as pd
import pytest
from fixtures_sandbox import CountedSandbox, async_session, new_sandbox, sync_session

from zpro_nb._core.loop import run_sync
from zpro_nb.changes import AsyncPlan
from zpro_nb.changes.apply_progress import summary_text
from zpro_nb.errors import ApplyInterrupted
from zpro_nb.notebook_session import AsyncSession

from .role_sheet import role_sheet

pytestmark = pytest.mark.anyio

ROWS = 32
#: each request waits this long in the sandbox, so the apply outlasts the half second before a line shows
LATENCY_MS = 250


async def _sheet(aio: AsyncSession) -> pd.DataFrame:
    """``ROWS`` workspace-role assignments for members of acme-ml (viewer and developer roles)."""
    return await role_sheet(aio, ROWS, roles=("Workspace Viewer", "Workspace Developer"))


@pytest.fixture
def sandbox() -> CountedSandbox:
    return new_sandbox()


@dataclass
class Output:
    """What a step printed; filled in when its :func:`_faulted` block ends."""

    err: str = ""
    out: str = ""


@contextmanager
def _faulted(
    sandbox: CountedSandbox, capsys: pytest.CaptureFixture[str], **faults: float
) -> Iterator[Output]:
    """Run the block under ``faults`` and capture only what it prints; the faults are off afterwards."""
    capsys.readouterr()
    sandbox.faults(**faults)
    output = Output()
    try:
        yield output
    finally:
        # switched off before the session closes, so closing is not slowed or failed
        sandbox.faults(latency_ms=0, error_rate=0)
        captured = capsys.readouterr()
        output.err, output.out = captured.err, captured.out


@dataclass
class Planned:
    """An admin session on a fresh sandbox and its plan of ``ROWS`` role assignments, nothing applied."""

    sandbox: CountedSandbox
    capsys: pytest.CaptureFixture[str]
    aio: AsyncSession
    plan: AsyncPlan

    @property
    def total(self) -> int:
        return self.plan.counts()["to add"]

    def faulted(self, **faults: float) -> AbstractContextManager[Output]:
        return _faulted(self.sandbox, self.capsys, **faults)


@pytest.fixture
async def planned(sandbox: CountedSandbox, capsys: pytest.CaptureFixture[str]) -> AsyncIterator[Planned]:
    aio = await async_session(sandbox)
    try:
        plan = await aio.plan_role_assignments(await _sheet(aio))
        yield Planned(sandbox, capsys, aio, plan)
    finally:
        await aio.aclose()


async def test_a_slow_apply_with_failing_rows_counts_them_and_ends_with_a_summary(planned: Planned) -> None:
    plan, total = planned.plan, planned.total
    assert total > 16
    # Unretried 500s on writes fail some rows; the latency makes the apply take over a second.
    with planned.faulted(latency_ms=LATENCY_MS, error_rate=0.2, error_statuses=(500,)) as output:
        await plan.apply()
    err = output.err
    outcomes = plan.outcomes()
    assert outcomes["failed"] > 0  # the dice of the fault seed fail some rows
    assert outcomes["done"] > 0
    assert f"Applying {total} changes" in err
    assert f"{total}/{total}" in err
    assert "failed=" in err  # the failures so far, on the progress line
    # the summary's counts are the plan's own
    assert summary_text(total, outcomes) in err
    assert (
        f"Applied {total} changes: {outcomes['done']} done, 0 already in place, "
        f"{outcomes['failed']} failed, 0 not done"
    ) in err
    assert planned.sandbox.token() not in err


async def test_progress_false_keeps_a_slow_apply_quiet(planned: Planned) -> None:
    plan = planned.plan
    with planned.faulted(latency_ms=LATENCY_MS) as output:
        await plan.apply(progress=False)
    assert plan.outcomes()["done"] == plan.counts()["to add"]
    assert "Appl" not in output.err
    assert "Appl" not in output.out


async def test_a_resumed_apply_counts_only_the_rows_it_runs(planned: Planned) -> None:
    plan, total = planned.plan, planned.total
    with planned.faulted(error_rate=0.2, error_statuses=(500,)):
        await plan.apply(progress=False)
    failed = plan.outcomes()["failed"]
    assert 0 < failed < total
    with planned.faulted(latency_ms=LATENCY_MS * 4) as output:  # the rest, slowly: a line shows
        await plan.apply()
    err = output.err
    assert f"Applying {failed} change" in err
    assert f"Applied {failed} change{'' if failed == 1 else 's'}: {failed} done" in err


async def test_a_stopped_apply_says_so_in_its_summary(planned: Planned) -> None:
    plan, total = planned.plan, planned.total
    seen: list[object] = []

    def stop_after_ten(row: object) -> None:
        seen.append(row)
        if len(seen) == 10:
            raise RuntimeError("enough")

    # the line shows before the hook stops the apply
    with planned.faulted(latency_ms=LATENCY_MS * 3) as output, pytest.raises(ApplyInterrupted):
        await plan.apply(on_row=stop_after_ten)
    err = output.err
    outcomes = plan.outcomes()
    assert 0 < outcomes["not run"] < total
    assert summary_text(total, outcomes, stopped=True) in err
    assert f"Stopped applying {total} changes: {outcomes['done']} done" in err


@pytest.mark.parametrize("progress", [True, False])
async def test_undo_shows_the_progress_line_unless_told_not_to(planned: Planned, progress: bool) -> None:
    plan = planned.plan
    await plan.apply(progress=False)
    done = plan.outcomes()["done"]
    with planned.faulted(latency_ms=LATENCY_MS) as output:
        reverse = await planned.aio.journal.undo(plan=plan, confirm=True, progress=progress)
    assert reverse.outcomes()["done"] == done
    assert (f"Applied {done} changes: {done} done" in output.err) is progress
    assert ("Appl" in output.err) is progress
    assert "Appl" not in output.out


def test_sync_undo_with_progress_false_is_quiet(
    sandbox: CountedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    s = sync_session(sandbox)
    try:
        plan = s.plan_role_assignments(run_sync(_sheet(s.aio)))
        plan.apply(progress=False)
        done = plan.outcomes()["done"]
        with _faulted(sandbox, capsys, latency_ms=LATENCY_MS) as output:
            reverse = s.journal.undo(plan=plan, confirm=True, progress=False)
        assert reverse.outcomes()["done"] == done
        assert "Appl" not in output.err + output.out
    finally:
        s.close()
