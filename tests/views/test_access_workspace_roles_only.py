"""The access table and matrix are about workspaces: they read only workspace roles' assignment
lists, never the organization roles' lists (every member of the organization) only to drop them.
``role_assignments(level=...)`` is the public way to ask for one level."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from fixtures_sandbox import URL, new_app

import zpro_nb
from zpro_nb.errors import InvalidArgument
from zpro_nb.notebook_session import AsyncSession

pytestmark = pytest.mark.anyio


class AssignmentLists(httpx.AsyncBaseTransport):
    """The sandbox in-process, noting which roles' assignment lists were asked for."""

    def __init__(self, app: FastAPI) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.role_ids: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        parts = request.url.path.rstrip("/").split("/")
        if request.method == "GET" and parts[-1] == "assignments" and parts[-3] == "roles":
            self.role_ids.append(parts[-2])
        return await self.inner.handle_async_request(request)


@pytest.fixture
def network() -> AssignmentLists:
    return AssignmentLists(new_app())


@pytest.fixture
async def s(network: AssignmentLists) -> AsyncIterator[AsyncSession]:
    token = network.inner.app.state.demo_credentials["tokens"]["admin"]  # type: ignore[attr-defined]
    session = await zpro_nb.connect_async(url=URL, token=token, transport=network)
    yield session
    await session.aclose()


async def _levels(s: AsyncSession) -> dict[str, str]:
    roles = await s.roles()
    return dict(zip(roles["id"].astype(str), roles["level"].astype(str), strict=True))


async def test_the_matrix_reads_no_organization_role_list(s: AsyncSession, network: AssignmentLists) -> None:
    levels = await _levels(s)
    assert "organization" in levels.values()  # the demo has organization roles to skip
    everything = await s.role_assignments(progress=False)
    network.role_ids.clear()

    matrix = await s.access_matrix(progress=False)

    asked = {levels[r] for r in network.role_ids}
    assert asked == {"workspace"}
    # Nothing the matrix shows was lost by not reading them: every workspace grant is in it.
    in_workspaces = everything[everything["workspace_id"].notna() & everything["user_id"].notna()]
    assert len(in_workspaces) > 0
    for _, grant in in_workspaces.iterrows():
        cell = matrix.loc[grant["username"], grant["workspace_name"]]
        assert grant["role_name"] in str(cell)


async def test_role_assignments_of_one_level(s: AsyncSession, network: AssignmentLists) -> None:
    levels = await _levels(s)
    network.role_ids.clear()
    workspace_only = await s.role_assignments(level="workspace", progress=False)
    assert {levels[r] for r in network.role_ids} == {"workspace"}
    assert workspace_only["workspace_id"].notna().all()

    organization_only = await s.role_assignments(level="organization", progress=False)
    assert len(organization_only) > 0
    assert organization_only["workspace_id"].isna().all()


async def test_an_unknown_level_is_refused_before_anything_is_sent(
    s: AsyncSession, network: AssignmentLists
) -> None:
    network.role_ids.clear()
    with pytest.raises(InvalidArgument, match=r"level='workspaces'.*organization, workspace, project"):
        await s.role_assignments(level="workspaces")
    assert network.role_ids == []
