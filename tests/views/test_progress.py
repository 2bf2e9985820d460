"""Progress lines start within a second, show what is happening and the time so far, and never freeze."""

from __future__ import annotations

import asyncio
import gc

import pytest

from zpro_nb._core.limits import Limits
from zpro_nb.errors import InvalidArgument
from zpro_nb.progress import GATHER_WINDOW, Activity, gather_with_progress


def run(coro: object) -> object:
    return asyncio.run(coro)  # type: ignore[arg-type]


def test_a_single_slow_request_shows_a_line_with_the_time_so_far(capsys: pytest.CaptureFixture[str]) -> None:
    async def slow() -> None:
        async with Activity("Workspace inventory") as line:
            line.stage("listing workspaces")
            await asyncio.sleep(1.2)  # one outstanding request: no update happens meanwhile

    run(slow())
    err = capsys.readouterr().err
    assert "Workspace inventory: listing workspaces" in err
    assert "00:01" in err or "00:00" in err  # the elapsed time is drawn while waiting


def test_a_quick_call_stays_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    async def quick() -> None:
        async with Activity("Reading access") as line:
            line.stage("roles and workspaces")
            await asyncio.sleep(0.05)

    run(quick())
    assert "Reading access" not in capsys.readouterr().err


def test_a_deployment_wait_shows_the_state_not_a_frozen_count(capsys: pytest.CaptureFixture[str]) -> None:
    async def deploy() -> None:
        async with Activity("Deploying ux-review") as line:
            line.note(status="pending")
            await asyncio.sleep(0.8)

    run(deploy())
    err = capsys.readouterr().err
    assert "Deploying ux-review" in err
    assert "status=pending" in err
    assert "0/?" not in err


def test_fan_out_counts_within_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    async def fan_out() -> list[int]:
        async def one(i: int) -> int:
            await asyncio.sleep(0.2 * i)  # the last one ends after the line has appeared
            return i

        async with Activity("Reading access") as line:
            return await gather_with_progress([one(i) for i in range(5)], desc="team members", activity=line)

    assert run(fan_out()) == [0, 1, 2, 3, 4]  # in order
    assert "Reading access: team members" in capsys.readouterr().err


def test_a_large_fan_out_starts_a_window_of_calls_at_a_time_and_keeps_their_order() -> None:
    started: list[int] = []
    running = 0
    most = 0

    async def one(i: int) -> int:
        nonlocal running, most
        started.append(i)
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.001 * (i % 7))  # out-of-order endings
        running -= 1
        return i * 2

    async def fan_out() -> list[int]:
        return await gather_with_progress([one(i) for i in range(1_500)], desc="assignments", show=False)

    assert run(fan_out()) == [i * 2 for i in range(1_500)]
    # Not a task per call: 1,500 calls at once held the event loop while their answers waited.
    assert most == GATHER_WINDOW
    assert started == sorted(started)  # started in the order given


def test_a_session_with_a_larger_cap_gets_a_wider_window() -> None:
    running = 0
    most = 0

    async def one(i: int) -> int:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.001)
        running -= 1
        return i

    limits = Limits(max_concurrency=40)
    calls = [one(i) for i in range(500)]
    assert run(gather_with_progress(calls, desc="x", show=False, window=limits.calls_at_once())) == list(
        range(500)
    )
    assert most == 120 == 3 * limits.max_concurrency
    with pytest.raises(InvalidArgument, match="window=0"):
        run(gather_with_progress([], desc="x", show=False, window=0))


def test_a_failed_fan_out_stops_starting_calls_and_leaves_none_unawaited(
    recwarn: pytest.WarningsRecorder,
) -> None:
    started: list[int] = []

    async def one(i: int) -> int:
        started.append(i)
        await asyncio.sleep(0.001)
        if i == 3:
            raise ValueError("the fourth call failed")
        return i

    async def fan_out() -> list[int]:
        return await gather_with_progress([one(i) for i in range(1_000)], desc="assignments", show=False)

    with pytest.raises(ValueError, match="fourth call"):
        run(fan_out())
    assert len(started) < 1_000  # the calls after the failure were never sent
    gc.collect()
    assert not [w for w in recwarn if "never awaited" in str(w.message)]


def test_a_quiet_activity_counts_without_making_a_tqdm_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    import tqdm.auto

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a tqdm bar was made for a line nobody sees")

    monkeypatch.setattr(tqdm.auto, "tqdm", refuse)

    async def quiet() -> int:
        async with Activity("Reading access", show=False, total=3) as line:
            line.stage("team members", total=2)
            line.advance()
            line.note(status="ok")
            return line.count

    assert run(quiet()) == 1
