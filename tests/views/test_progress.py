"""Progress lines start within a second, show what is happening and the time so far, and never freeze."""

from __future__ import annotations

import asyncio

import pytest

from zpro_nb.progress import Activity, gather_with_progress


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
