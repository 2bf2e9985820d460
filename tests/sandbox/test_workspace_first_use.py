"""A workspace's sandbox state is seeded once, however many first requests reach it at the same time.

A workspace's first request seeds it on a worker thread, so that the server keeps answering other
requests meanwhile. Two first requests both seeded the workspace, and a token signed with the state
the second one replaced was then refused (401): a flaky sign-in to a workspace asked for the first
time by many calls at once.
"""

from __future__ import annotations

import gc
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from fixtures_sandbox import new_app, open_async

from zpro_nb.emulator.workspace.context import WorkspaceService
from zpro_nb.emulator.workspace.state import WorkspaceState


class SlowBridge:
    """Pro as the workspace service sees it, slow to answer who the members are (as seeding is)."""

    def __init__(self) -> None:
        self.asked = 0
        self._lock = threading.Lock()

    def workspace_members(self, workspace_id: str) -> list[object]:
        with self._lock:
            self.asked += 1
        threading.Event().wait(0.05)  # long enough for every other first request to arrive
        return []

    def now(self) -> float:
        return 1_700_000_000.0


def test_concurrent_first_requests_share_one_seeded_state() -> None:
    bridge = SlowBridge()
    service = WorkspaceService(bridge)  # type: ignore[arg-type]
    start = threading.Barrier(8)

    def first_request() -> WorkspaceState:
        start.wait()
        return service.state_for("w1")

    with ThreadPoolExecutor(8) as pool:
        states = list(pool.map(lambda _: first_request(), range(8)))
    assert len({id(state) for state in states}) == 1
    assert bridge.asked == 1


def _frozen(obj: object) -> bool:
    # A frozen object sits in the collector's permanent generation, which get_objects() leaves out.
    # (Counting frozen objects is no test: frozen garbage freed meanwhile lowers the count.)
    return gc.is_tracked(obj) and all(o is not obj for o in gc.get_objects())


def test_a_sandbox_in_its_own_process_freezes_each_store_it_seeds() -> None:
    try:
        seeded = WorkspaceService(SlowBridge(), freeze_seeded=True).state_for("w1")  # type: ignore[arg-type]
        assert _frozen(seeded)
        # the default (a sandbox inside a notebook's process) never freezes the process's objects
        kept = WorkspaceService(SlowBridge()).state_for("w2")  # type: ignore[arg-type]
        assert not _frozen(kept)
    finally:
        gc.unfreeze()


@pytest.mark.anyio
@pytest.mark.parametrize("freeze", [False, True])
async def test_only_a_sandbox_told_so_freezes_what_it_seeds(freeze: bool) -> None:
    # Only ``python -m zpro_nb.emulator`` asks for it: inside a notebook's process freezing would
    # hold the notebook's own objects too.
    gc.unfreeze()
    try:
        app = new_app(freeze_seeded=freeze)
        assert _frozen(app.state.pro.store) is freeze  # the Pro store, when the app is made
        created = gc.get_freeze_count()
        session = await open_async(app)
        await (await session.workspace("production")).runs()  # type: ignore[attr-defined]
        await session.aclose()
        # the workspace's store at its first sign-in: thousands of objects more, or none at all (the
        # count can only fall then, as frozen garbage is freed)
        if freeze:
            assert gc.get_freeze_count() > created + 1000
        else:
            assert gc.get_freeze_count() == created == 0
    finally:
        gc.unfreeze()
