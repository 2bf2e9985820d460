"""An in-process sandbox for the bulk-change tests: instant retry waits, counted writes, faults on demand."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from zpro_nb._core.clock import SystemClock
from zpro_nb._core.in_process import InProcessTransport
from zpro_nb._core.retry import RetryPolicy
from zpro_nb.emulator import SandboxConfig, create_app
from zpro_nb.session import AsyncSession, Session, connect, connect_async


class InstantClock(SystemClock):
    """Real time (so token expiry reads right) but retry waits cost nothing; the waits are recorded."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await asyncio.sleep(0)


@dataclass
class CountingApp:
    """ASGI wrapper counting the sandbox's 2xx answers to writes: the changes the server really made."""

    app: Any
    writes: list[tuple[str, str, int]] = field(default_factory=list)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self._counted(scope, receive, send)

    async def _counted(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "DELETE"):
            await self.app(scope, receive, send)
            return

        async def counting_send(message: Any) -> None:
            if message["type"] == "http.response.start" and 200 <= message["status"] < 300:
                self.writes.append((scope["method"], scope["path"], message["status"]))
            await send(message)

        await self.app(scope, receive, send=counting_send)

    def count(self, method: str, fragment: str) -> int:
        return sum(1 for m, p, _ in self.writes if m == method and fragment in p)


def _policy() -> RetryPolicy:
    return RetryPolicy(max_retries=12, backoff_base=0.01, backoff_cap=0.05, deadline=None)


@dataclass
class Sandbox:
    app: Any
    counter: CountingApp
    clock: InstantClock

    def faults(self, **settings: float) -> None:
        """Switch faults on or off without a restart."""
        self.app.state.faults.update(settings)

    def token(self, user: str = "admin") -> str:
        return str(self.app.state.demo_credentials["tokens"][user])


def new_sandbox(**config: Any) -> Sandbox:
    app = create_app(SandboxConfig(**config))
    return Sandbox(app=app, counter=CountingApp(app), clock=InstantClock())


async def async_session(sandbox: Sandbox, user: str = "admin") -> AsyncSession:
    aio = await connect_async(
        sandbox.token(user),
        url="http://sandbox.localhost",
        transport=InProcessTransport(app=sandbox.counter),
        clock=sandbox.clock,
        retry=_policy(),
    )
    return aio


def sync_session(sandbox: Sandbox, user: str = "admin") -> Session:
    session = connect(
        sandbox.token(user),
        url="http://sandbox.localhost",
        transport=InProcessTransport(app=sandbox.counter),
        clock=sandbox.clock,
        retry=_policy(),
    )
    return session
