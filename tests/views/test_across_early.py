"""Org-wide calls ask each workspace as soon as the page listing it arrives, before the end of the
Pro workspace list is known; a read that no target takes in the end is cancelled, never left running.
On the large sandbox in-process (300 workspaces: three full pages, then a wave that finds the end)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx
import pytest
from fixtures_sandbox import URL, new_app

import zpro_nb
from zpro_nb.api.pro import workspaces as ws_api
from zpro_nb.errors import AmbiguousName, NameNotFound
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


class LastWaveHeld(Counting):
    """Counting, and holding the answers of the list's last wave (offset 300 on) until a workspace
    sign-in is sent, or 10 s: in-process answers come at once, and the list asks for that wave
    before the reads its earlier pages made possible start."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        super().__init__(inner)
        self.signed_in = asyncio.Event()
        self.armed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/api/v1/login"):
            self.signed_in.set()
        last_wave = request.url.path == "/workspaces" and int(request.url.params.get("offset", "0")) >= 300
        if self.armed and last_wave:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.signed_in.wait(), 10)
        return await super().handle_async_request(request)


async def test_a_workspace_on_the_first_page_is_asked_before_the_list_ends(large: object) -> None:
    wire = LastWaveHeld(httpx.ASGITransport(app=large))  # type: ignore[arg-type]
    token = large.state.demo_credentials["tokens"]["admin"]  # type: ignore[attr-defined]
    s = await zpro_nb.connect_async(url=URL, token=token, transport=wire)
    try:
        pages = await _pages(s)
        assert len(pages) == 3
        assert len(pages[-1]) == 100  # full: the end is found by one more wave
        first, last = _available(pages[0])[0], _available(pages[-1])[0]
        wire.reset()
        wire.armed = True
        frame = await s.stacks(workspaces=[str(first["name"]), str(last["name"])], progress=False)
    finally:
        await s.aclose()
    assert list(frame["workspace"].unique()) == [first["name"], last["name"]]  # in the order named
    first_sign_in = wire.events.index(("sent", f"/ws/{first['id']}/api/v1/login"))
    list_read = max(i for i, event in enumerate(wire.events) if event == ("answered", "/workspaces"))
    assert first_sign_in < list_read
    assert wire.count(f"/ws/{first['id']}/api/v1/login") == 1  # asked once: the target took the read


class Holding(Counting):
    """Counting, and holding every request to one workspace's API until the test ends."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        super().__init__(inner)
        self.hold: str | None = None
        self.held = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.hold and request.url.path.startswith(f"/ws/{self.hold}/"):
            self.paths.append(request.url.path)
            self.held.set()
            await asyncio.Event().wait()  # never answered: the read can only end by cancellation
        return await super().handle_async_request(request)


async def test_a_read_started_for_a_name_that_turns_out_ambiguous_is_cancelled(large: object) -> None:
    wire = Holding(httpx.ASGITransport(app=large))  # type: ignore[arg-type]
    token = large.state.demo_credentials["tokens"]["admin"]  # type: ignore[attr-defined]
    s = await zpro_nb.connect_async(url=URL, token=token, transport=wire)
    try:
        pages = await _pages(s)
        early, late = _available(pages[0])[0], _available(pages[-1])[1]
        # A workspace on the last page takes the first one's name as its display name: the name
        # then matches two workspaces, which only the whole list shows.
        await s.pro.patch(f"/workspaces/{late['id']}", json={"display_name": early["name"]})
        wire.hold = str(early["id"])
        with pytest.raises(AmbiguousName, match=str(early["name"])):
            await asyncio.wait_for(s.runs(workspaces=[str(early["name"])], progress=False), 30)
        assert wire.held.is_set()  # its read had started, and was still waiting on its answer
        reads = [t for t in asyncio.all_tasks() if getattr(t.get_coro(), "__qualname__", "") == "ask_target"]
        assert reads == []  # cancelled, none left running
    finally:
        await s.aclose()


async def test_a_name_nothing_matches_asks_no_workspace(s: AsyncSession, wire: Counting) -> None:
    first = _available((await _pages(s))[0])[0]
    wire.reset()
    with pytest.raises(NameNotFound, match="no-such-workspace"):
        await s.runs(workspaces=[str(first["name"]), "no-such-workspace"], progress=False)
    assert [p for p in wire.paths if p.startswith("/ws/")] == []
