"""A bulk apply shows a progress line at once (what, how far, failures, time) and ends with a summary."""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures_sandbox import CountedSandbox, async_session, new_sandbox, sync_session

from zpro_nb._core.loop import run_sync
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


async def test_a_slow_apply_with_failing_rows_counts_them_and_ends_with_a_summary(
    sandbox: CountedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    aio = await async_session(sandbox)
    try:
        plan = await aio.plan_role_assignments(await _sheet(aio))
        total = plan.counts()["to add"]
        assert total > 16
        capsys.readouterr()
        # Unretried 500s on writes fail some rows; the latency makes the apply take over a second.
        sandbox.faults(latency_ms=LATENCY_MS, error_rate=0.2, error_statuses=(500,))
        await plan.apply()
        sandbox.faults(latency_ms=0, error_rate=0)
        err = capsys.readouterr().err
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
        assert sandbox.token() not in err
    finally:
        await aio.aclose()


async def test_progress_false_keeps_a_slow_apply_quiet(
    sandbox: CountedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    aio = await async_session(sandbox)
    try:
        plan = await aio.plan_role_assignments(await _sheet(aio))
        capsys.readouterr()
        sandbox.faults(latency_ms=LATENCY_MS)
        await plan.apply(progress=False)
        sandbox.faults(latency_ms=0)
        captured = capsys.readouterr()
        assert plan.outcomes()["done"] == plan.counts()["to add"]
        assert "Appl" not in captured.err
        assert "Appl" not in captured.out
    finally:
        await aio.aclose()


async def test_a_resumed_apply_counts_only_the_rows_it_runs(
    sandbox: CountedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    aio = await async_session(sandbox)
    try:
        plan = await aio.plan_role_assignments(await _sheet(aio))
        total = plan.counts()["to add"]
        sandbox.faults(error_rate=0.2, error_statuses=(500,))
        await plan.apply(progress=False)
        failed = plan.outcomes()["failed"]
        assert 0 < failed < total
        sandbox.faults(latency_ms=LATENCY_MS * 4, error_rate=0)  # the rest, slowly: a line shows
        capsys.readouterr()
        await plan.apply()
        sandbox.faults(latency_ms=0)
        err = capsys.readouterr().err
        assert f"Applying {failed} change" in err
        assert f"Applied {failed} change{'' if failed == 1 else 's'}: {failed} done" in err
    finally:
        await aio.aclose()


async def test_a_stopped_apply_says_so_in_its_summary(
    sandbox: CountedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    aio = await async_session(sandbox)
    try:
        plan = await aio.plan_role_assignments(await _sheet(aio))
        total = plan.counts()["to add"]
        seen: list[object] = []

        def stop_after_ten(row: object) -> None:
            seen.append(row)
            if len(seen) == 10:
                raise RuntimeError("enough")

        capsys.readouterr()
        sandbox.faults(latency_ms=LATENCY_MS * 3)  # the line shows before the hook stops the apply
        with pytest.raises(ApplyInterrupted):
            await plan.apply(on_row=stop_after_ten)
        sandbox.faults(latency_ms=0)
        err = capsys.readouterr().err
        outcomes = plan.outcomes()
        assert 0 < outcomes["not run"] < total
        assert summary_text(total, outcomes, stopped=True) in err
        assert f"Stopped applying {total} changes: {outcomes['done']} done" in err
    finally:
        await aio.aclose()


@pytest.mark.parametrize("progress", [True, False])
async def test_undo_shows_the_progress_line_unless_told_not_to(
    sandbox: CountedSandbox, capsys: pytest.CaptureFixture[str], progress: bool
) -> None:
    aio = await async_session(sandbox)
    try:
        plan = await aio.plan_role_assignments(await _sheet(aio))
        await plan.apply(progress=False)
        done = plan.outcomes()["done"]
        capsys.readouterr()
        sandbox.faults(latency_ms=LATENCY_MS)
        reverse = await aio.journal.undo(plan=plan, confirm=True, progress=progress)
        sandbox.faults(latency_ms=0)
        captured = capsys.readouterr()
        assert reverse.outcomes()["done"] == done
        assert (f"Applied {done} changes: {done} done" in captured.err) is progress
        assert ("Appl" in captured.err) is progress
        assert "Appl" not in captured.out
    finally:
        await aio.aclose()


def test_sync_undo_with_progress_false_is_quiet(
    sandbox: CountedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    s = sync_session(sandbox)
    try:
        plan = s.plan_role_assignments(run_sync(_sheet(s.aio)))
        plan.apply(progress=False)
        done = plan.outcomes()["done"]
        capsys.readouterr()
        sandbox.faults(latency_ms=LATENCY_MS)
        reverse = s.journal.undo(plan=plan, confirm=True, progress=False)
        sandbox.faults(latency_ms=0)
        captured = capsys.readouterr()
        assert reverse.outcomes()["done"] == done
        assert "Appl" not in captured.err + captured.out
    finally:
        s.close()
