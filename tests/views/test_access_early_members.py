"""The access table of one organization reads its teams' members early; refused, it reads them as before."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pandas as pd
import pytest
from fastapi import FastAPI
from fixtures_sandbox import URL, new_app

import zpro_nb
from zpro_nb.notebook_session import AsyncSession

pytestmark = pytest.mark.anyio


class RefusingTeamLists(httpx.AsyncBaseTransport):
    """The sandbox in-process, except that listing an organization's teams can be refused (403)."""

    def __init__(self, app: FastAPI) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.refuse = False
        self.team_lists = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        parts = request.url.path.rstrip("/").split("/")
        if (
            request.method == "GET"
            and len(parts) >= 2
            and parts[-1] == "teams"
            and parts[-3] == "organizations"
        ):
            self.team_lists += 1
            if self.refuse:
                return httpx.Response(403, json={"detail": "not allowed to list teams"}, request=request)
        return await self.inner.handle_async_request(request)


@pytest.fixture
def app() -> FastAPI:
    return new_app()


@pytest.fixture
def network(app: FastAPI) -> RefusingTeamLists:
    return RefusingTeamLists(app)


@pytest.fixture
async def s(app: FastAPI, network: RefusingTeamLists) -> AsyncIterator[AsyncSession]:
    token = app.state.demo_credentials["tokens"]["admin"]
    session = await zpro_nb.connect_async(url=URL, token=token, transport=network)
    yield session
    await session.aclose()


def _rows(table: pd.DataFrame) -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in row) for row in table.itertuples(index=False))


async def _one_organization_with_team_access(s: AsyncSession) -> str:
    everything = await s.access_table(progress=False)
    teams = everything[everything["via"] != "direct"]
    assert not teams.empty  # the seed grants some workspace roles through teams
    return str(teams["organization"].iloc[0])


async def test_early_members_give_the_same_table_as_the_organization_wide_read(
    s: AsyncSession, network: RefusingTeamLists
) -> None:
    org = await _one_organization_with_team_access(s)
    everything = await s.access_table(progress=False)
    expected = _rows(everything[everything["organization"] == org])
    network.team_lists = 0
    got = await s.access_table(organization=org, progress=False)
    assert network.team_lists == 1  # the early read happened
    assert _rows(got) == expected


async def test_a_refused_team_list_falls_back_to_reading_members_after_the_assignments(
    s: AsyncSession, network: RefusingTeamLists
) -> None:
    org = await _one_organization_with_team_access(s)
    everything = await s.access_table(progress=False)
    expected = _rows(everything[everything["organization"] == org])
    network.refuse = True
    got = await s.access_table(organization=org, progress=False)
    assert network.team_lists == 1
    assert _rows(got) == expected
    matrix = await s.access_matrix(organization=org, progress=False)
    assert any("(via team " in str(v) for v in matrix.to_numpy().ravel())
