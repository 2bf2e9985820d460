"""``runs(since=, until=)``: every documented form reaches the server as the one text its filters take.

A ZenML server's time filters accept ``%Y-%m-%d %H:%M:%S`` (UTC) only; ``gte:30d`` is a 422. Each
form is sent through a recording transport to a sandbox workspace; the expected filter text is
worked out here from the session's fixed clock, and the count is checked against a raw read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI
from fixtures_sandbox import URL, new_app

import zpro_nb
from zpro_nb._core.clock import ManualClock
from zpro_nb.errors import InvalidArgument
from zpro_nb.notebook_session import AsyncSession
from zpro_nb.time_filters import moment
from zpro_nb.workspace_session import AsyncWorkspaceSession

pytestmark = pytest.mark.anyio
FORMAT = "%Y-%m-%d %H:%M:%S"


class Recording(httpx.ASGITransport):
    def __init__(self, app: FastAPI) -> None:
        super().__init__(app=app)
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return await super().handle_async_request(request)

    def created_filters(self) -> list[str]:
        found = []
        for request in self.requests:
            parts = urlsplit(str(request.url))
            if parts.path.endswith("/runs"):
                found += parse_qs(parts.query).get("created", [])
        return found


@pytest.fixture
def app() -> FastAPI:
    return new_app()


@pytest.fixture
def recording(app: FastAPI) -> Recording:
    return Recording(app)


@pytest.fixture
async def s(app: FastAPI, recording: Recording) -> AsyncIterator[AsyncSession]:
    session = await zpro_nb.connect_async(
        url=URL,
        token=app.state.demo_credentials["tokens"]["admin"],
        transport=recording,
        clock=ManualClock(start=app.state.clock.now()),
    )
    yield session
    await session.aclose()


@pytest.fixture
async def ws(s: AsyncSession) -> AsyncWorkspaceSession:
    return await s.workspace("production")


def now_of(ws: AsyncWorkspaceSession) -> dt.datetime:
    return dt.datetime.fromtimestamp(ws.transport.clock.time(), dt.UTC)


async def raw_total(app: FastAPI, ws: AsyncWorkspaceSession, created: str) -> int:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=URL) as client:
        token = (
            await client.post(
                f"{ws.server_url}/api/v1/login",
                headers={"Authorization": f"Bearer {app.state.demo_credentials['tokens']['admin']}"},
            )
        ).json()["access_token"]
        answer = await client.get(
            f"{ws.server_url}/api/v1/runs",
            params={"created": created, "size": 1},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert answer.status_code == 200, answer.text
        return int(answer.json()["total"])


def forms(now: dt.datetime) -> list[tuple[Any, dt.datetime]]:
    """(what a person passes, the moment it means) - the moments worked out independently."""
    ten_days = now - dt.timedelta(days=10)
    day = ten_days.date()
    berlin = dt.timezone(dt.timedelta(hours=2))
    return [
        ("30d", now - dt.timedelta(days=30)),
        ("12h", now - dt.timedelta(hours=12)),
        ("2w", now - dt.timedelta(weeks=2)),
        ("90m", now - dt.timedelta(minutes=90)),
        (dt.timedelta(days=3), now - dt.timedelta(days=3)),
        (day, dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)),
        (day.isoformat(), dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)),
        (ten_days.strftime("%Y-%m-%dT%H:%M:%SZ"), ten_days.replace(microsecond=0)),
        (ten_days.astimezone(berlin).isoformat(), ten_days),
        (ten_days.replace(tzinfo=None), ten_days),  # naive means UTC
        (ten_days.astimezone(berlin), ten_days),
    ]


async def test_every_form_of_since_is_sent_as_the_servers_format(
    app: FastAPI, ws: AsyncWorkspaceSession, recording: Recording
) -> None:
    now = now_of(ws)
    everything = len(await ws.runs())
    for given, meant in forms(now):
        recording.requests.clear()
        frame = await ws.runs(since=given)
        sent = f"gte:{meant.astimezone(dt.UTC):{FORMAT}}"
        assert recording.created_filters() == [sent], given
        assert len(frame) == await raw_total(app, ws, sent), given
        assert 0 < len(frame) < everything or given in ("30d", "2w"), given


async def test_since_and_until_make_one_range(
    app: FastAPI, ws: AsyncWorkspaceSession, recording: Recording
) -> None:
    now = now_of(ws)
    frame = await ws.runs(since="3w", until="1w")
    sent = f"in:{now - dt.timedelta(weeks=3):{FORMAT}},{now - dt.timedelta(weeks=1):{FORMAT}}"
    assert recording.created_filters() == [sent]
    assert 0 < len(frame) == await raw_total(app, ws, sent)
    older = await ws.runs(until="2026-01-01")
    assert recording.created_filters()[-1] == "lte:2026-01-01 00:00:00"
    assert len(older) == await raw_total(app, ws, "lte:2026-01-01 00:00:00")


@pytest.mark.parametrize(
    "bad",
    ["30 days", "yesterday", "3y", "2026-13-01", "-2d", "", 30, 1.5, True, ["30d"], dt.timedelta(days=-1)],
)
async def test_anything_else_is_refused_before_sending(
    ws: AsyncWorkspaceSession, recording: Recording, bad: Any
) -> None:
    recording.requests.clear()
    with pytest.raises(InvalidArgument, match="since") as refused:
        await ws.runs(since=bad)
    assert recording.requests == []
    if not isinstance(bad, dt.timedelta):
        assert '"30d"' in str(refused.value)
        assert "ISO timestamp" in str(refused.value)


async def test_since_after_until_is_refused(ws: AsyncWorkspaceSession, recording: Recording) -> None:
    recording.requests.clear()
    with pytest.raises(InvalidArgument, match=r"since .* is after until"):
        await ws.runs(since="1d", until="2d")
    assert recording.requests == []


def test_moment_reads_naive_as_utc() -> None:
    now = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
    assert moment("since", dt.datetime(2026, 12, 1, 8, 30), now) == dt.datetime(
        2026, 12, 1, 8, 30, tzinfo=dt.UTC
    )
    assert moment("since", "2026-12-01 08:30:00", now) == dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.UTC)
