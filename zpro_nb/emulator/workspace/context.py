"""Per-request context of the workspace API: which workspace, its state, and who is calling."""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from ..contracts import ProBridge
from .auth import Principal, authenticate, bearer
from .errors import PlainError, admin_only
from .seed import seed_workspace
from .state import WorkspaceState


class WorkspaceUnavailable(PlainError):
    """The workspace exists in Pro but its server is not running."""


@dataclass(frozen=True)
class WorkspaceContext:
    """The workspace a request is for."""

    workspace_id: str
    name: str
    organization_id: str
    state: WorkspaceState
    bridge: ProBridge
    now: float
    #: ``{base}/ws/{workspace_id}`` as the client reached it
    server_url: str
    pro_base_url: str


@dataclass(frozen=True)
class Caller:
    """A workspace context plus the authenticated caller."""

    ws: WorkspaceContext
    principal: Principal

    @property
    def state(self) -> WorkspaceState:
        return self.ws.state

    @property
    def now(self) -> float:
        return self.ws.now

    def require_admin(self, action: str) -> None:
        """Raise the real server's 403 when the caller may not ``action``."""
        if not self.principal.is_admin:
            raise admin_only(action)


class WorkspaceService:
    """Holds every workspace's state (created on first use) and builds request contexts."""

    def __init__(self, bridge: ProBridge, *, freeze_seeded: bool = False) -> None:
        """``freeze_seeded``: freeze each seeded store out of the garbage collector's full sweeps
        (a sandbox in a process of its own only, see :func:`~zpro_nb.emulator.app.create_app`)."""
        self.bridge = bridge
        self._freeze_seeded = freeze_seeded
        self.states: dict[str, WorkspaceState] = {}
        # Seeding runs on a worker thread: two first requests to a workspace could both seed it, and
        # a token signed with the state the other one replaced was refused (401).
        self._seeding = threading.Lock()

    def state_for(self, workspace_id: str) -> WorkspaceState:
        """The state of a workspace, seeded on first use (once, however many requests come first)."""
        state = self.states.get(workspace_id)
        if state is not None:
            return state
        with self._seeding:
            state = self.states.get(workspace_id)
            if state is None:
                members = self.bridge.workspace_members(workspace_id)
                state = seed_workspace(workspace_id, members, self.bridge.now())
                self.states[workspace_id] = state
                if self._freeze_seeded:
                    # A full sweep over a few hundred seeded stores took ~115 ms and fell on whatever
                    # request was being answered: a benchmark round timed the test server's collector.
                    # (Cyclic garbage alive at this moment is frozen too and never collected: a
                    # little, once per workspace, in a process that ends with the sandbox.)
                    gc.freeze()
        return state

    async def context(self, request: Request, workspace_id: str) -> WorkspaceContext:
        """FastAPI dependency: the workspace, or 404 (unknown) / 503 (not available).

        A coroutine, so FastAPI runs it on the event loop: a plain function dependency runs on a
        worker thread, and those hops (two a list request) were about a third of the sandbox's CPU
        for a small request. Only a workspace's first request, which seeds its store (about a
        second), goes to a thread, so that the server keeps answering other requests meanwhile.
        """
        found = self.bridge.workspace_state(workspace_id)
        if found is None:
            raise PlainError(404, "Not Found")
        name, status, organization_id = found
        if status != "available":
            raise WorkspaceUnavailable(
                503, f"Workspace '{name}' is not available (status: {status}).", {"Retry-After": "5"}
            )
        state = self.states.get(workspace_id)
        if state is None:
            state = await run_in_threadpool(self.state_for, workspace_id)
        base = str(request.base_url).rstrip("/")
        return WorkspaceContext(
            workspace_id=workspace_id,
            name=name,
            organization_id=organization_id,
            state=state,
            bridge=self.bridge,
            now=self.bridge.now(),
            server_url=f"{base}/ws/{workspace_id}",
            pro_base_url=base,
        )

    async def caller(self, request: Request, workspace_id: str) -> Caller:
        """FastAPI dependency: the workspace context plus the authenticated caller (or 401)."""
        ws = await self.context(request, workspace_id)
        principal = authenticate(bearer(request), ws.state, self.bridge, workspace_id, ws.now)
        ws.state.last_user_activity = ws.now
        return Caller(ws, principal)
