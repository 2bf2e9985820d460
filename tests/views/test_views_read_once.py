"""The organization views read each list once: the access views resolve the organization and list
its workspaces once (the assignments are read with them, the table and matrix built from the same
records), and the inventory hops into each running workspace with the record it has just listed
instead of reading every workspace again."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator

import httpx
import pytest
from fixtures_sandbox import URL, new_app

import zpro_nb

from .across_support import Counting

pytestmark = pytest.mark.anyio


class Paths(Counting):
    """Counting, with the query: pages of one list differ only there."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(f"{request.url.path}?{request.url.query.decode()}")
        return await self.inner.handle_async_request(request)

    def repeated(self) -> dict[str, int]:
        return {p: n for p, n in Counter(self.paths).items() if n > 1}


@pytest.fixture
def wire() -> Paths:
    return Paths(httpx.ASGITransport(app=new_app()))


@pytest.fixture
async def s(wire: Paths) -> AsyncIterator[zpro_nb.AsyncSession]:
    """A session on a fresh in-process sandbox, its set-up requests forgotten."""
    app = wire.inner.app  # type: ignore[attr-defined]
    token = app.state.demo_credentials["tokens"]["admin"]
    session = await zpro_nb.connect_async(url=URL, token=token, transport=wire)
    wire.reset()
    try:
        yield session
    finally:
        await session.aclose()


async def test_the_access_matrix_lists_the_organization_and_its_workspaces_once(
    wire: Paths, s: zpro_nb.AsyncSession
) -> None:
    matrix = await s.access_matrix(organization="acme-ml", progress=False)
    assert wire.repeated() == {}  # no request asked twice
    assert wire.count("/organizations?") == 1
    assert wire.count("/workspaces?") >= 1
    workspaces = await s.workspaces(organization="acme-ml")
    assert sorted(matrix.columns) == sorted(workspaces["name"])


async def test_the_access_table_reads_no_list_twice(wire: Paths, s: zpro_nb.AsyncSession) -> None:
    await s.access_table(organization="acme-ml", progress=False)
    assert wire.repeated() == {}


async def test_the_access_snapshot_reads_no_list_twice_and_names_organization_grants(
    wire: Paths, s: zpro_nb.AsyncSession
) -> None:
    snapshot = await s.access_snapshot(progress=False)
    assert wire.repeated() == {}
    assert wire.count("/organizations?") == 1
    # organization grants come from the organization list the lookup already read
    grants = snapshot.grants
    organization_grants = grants[grants["scope"] == "organization"]
    assert len(organization_grants) > 0
    assert set(organization_grants["organization"]) <= set((await s.organizations())["name"])
    assert "" not in set(organization_grants["organization"])


async def test_the_inventory_hops_with_the_listed_records(wire: Paths, s: zpro_nb.AsyncSession) -> None:
    inventory = await s.workspace_inventory(progress=False)
    running = inventory[inventory["status"] == "available"]
    assert len(running) > 1
    assert running["reachable"].all()
    # /workspaces/{id} alone is a read of one workspace; its members are /workspaces/{id}/members.
    single_reads = [p for p in wire.paths if p.split("?")[0].count("/") == 2 and p.startswith("/workspaces/")]
    assert single_reads == []
    assert wire.repeated() == {}
