"""Org-wide calls ask each workspace as soon as the page listing it arrives, before the end of the
Pro workspace list is known; a read that no target takes in the end is cancelled, never left running.
On the large sandbox in-process (300 workspaces: three full pages, then a wave that finds the end)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fixtures_sandbox import URL, new_app

import zpro_nb
from zpro_nb.api.pro import workspaces as ws_api
from zpro_nb.errors import AmbiguousName
from zpro_nb.notebook_session import AsyncSession

from .across_support import Counting

pytestmark = pytest.mark.anyio


@pytest.fixture
def large() -> object:
    return new_app(scale="large")


@pytest.fixture
async def wire(large: object) -> Counting:
    return Counting(httpx.ASGITransport(app=large))  # type: ignore[arg-type]


@pytest.fixture
async def s(large: object, wire: Counting) -> AsyncIterator[AsyncSession]:
    token = large.state.demo_credentials["tokens"]["admin"]  # type: ignore[attr-defined]
    session = await zpro_nb.connect_async(url=URL, token=token, transport=wire)
    try:
        yield session
    finally:
        await session.aclose()


async def _pages(s: AsyncSession) -> list[list[dict[str, object]]]:
    every = await ws_api.list_workspaces(s.pro)
    return [every[i : i + 100] for i in range(0, len(every), 100)]


def _available(page: list[dict[str, object]]) -> list[dict[str, object]]:
    return [w for w in page if w.get("status") == "available"]


async def test_a_workspace_on_the_first_page_is_asked_before_the_list_ends(
    s: AsyncSession, wire: Counting
) -> None:
    pages = await _pages(s)
    assert len(pages) == 3
    assert len(pages[-1]) == 100  # full: the end is found by one more wave
    first, last = _available(pages[0])[0], _available(pages[-1])[0]
    wire.reset()
    frame = await s.stacks(workspaces=[str(first["name"]), str(last["name"])], progress=False)
    assert list(frame["workspace"].unique()) == sorted([first["name"], last["name"]])
    first_sign_in = wire.paths.index(f"/ws/{first['id']}/api/v1/login")
    last_page = max(i for i, p in enumerate(wire.paths) if p == "/workspaces")
    assert first_sign_in < last_page
    assert wire.count(f"/ws/{first['id']}/api/v1/login") == 1  # asked once: the target took the read


async def test_a_read_started_for_a_name_that_turns_out_ambiguous_is_cancelled(
    s: AsyncSession, wire: Counting, large: object
) -> None:
    pages = await _pages(s)
    early, late = _available(pages[0])[0], _available(pages[-1])[1]
    # A workspace on the last page takes the first one's name as its display name: the name then
    # matches two workspaces, which only the whole list shows.
    await s.pro.patch(f"/workspaces/{late['id']}", json={"display_name": early["name"]})
    wire.reset()
    with pytest.raises(AmbiguousName, match=str(early["name"])):
        await s.runs(workspaces=[str(early["name"])], progress=False)
    assert wire.count(f"/ws/{early['id']}/") >= 1  # its read had started
    reads = [t for t in asyncio.all_tasks() if getattr(t.get_coro(), "__qualname__", "") == "ask_target"]
    assert reads == []  # none left running
