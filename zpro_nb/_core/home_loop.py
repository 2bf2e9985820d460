"""Running a call on the event loop that owns a transport, from whichever loop asks.

A transport's connection pool and its limits' locks belong to one event loop (its "home"). A call
from another loop hops there. Two ways that goes wrong are handled here rather than left to hang:

- the home loop is gone (an earlier ``asyncio.run`` ended): the calling loop takes over, and the
  transport is told to start a fresh pool, since the old one's connections belong to a dead loop;
- the home loop is alive but does not pick the call up (typically: its thread is blocked waiting
  for this very call, as when a cell hands ``asyncio.run(aio.users())`` to a thread and waits):
  after ``start_timeout`` seconds a ``ZProError`` says so, instead of waiting forever.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import TypeVar

from .errors import ZProError

__all__ = ["HomeLoop"]

T = TypeVar("T")


class HomeLoop:
    """The loop a transport lives on, and how calls from other loops reach it."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop | None,
        on_takeover: Callable[[], None],
        *,
        start_timeout: float = 10.0,
    ) -> None:
        self.loop = loop
        self._on_takeover = on_takeover
        #: seconds the home loop has to start a call handed to it from another loop
        self.start_timeout = start_timeout

    async def run(self, make: Callable[[], Awaitable[T]]) -> T:
        """Run ``make()`` on the home loop, hopping there when called from another loop."""
        running = asyncio.get_running_loop()
        home = self.loop
        if home is None or home.is_closed() or not home.is_running():
            # No home yet, or it is gone: this loop takes over rather than waiting forever on a loop
            # that will not run again, with a fresh pool if there was an old home.
            if home is not None:
                self._on_takeover()
            self.loop = home = running
        if home is running:
            return await make()
        started = running.create_future()

        def mark_started() -> None:
            if not started.done():
                started.set_result(None)

        async def run() -> T:
            with contextlib.suppress(RuntimeError):  # the asking loop may be gone by now
                running.call_soon_threadsafe(mark_started)
            return await make()

        future = asyncio.run_coroutine_threadsafe(run(), home)
        try:
            await asyncio.wait_for(asyncio.shield(started), self.start_timeout)
        except TimeoutError:
            future.cancel()
            raise ZProError(
                f"this session's event loop did not take the call within {self.start_timeout:g} s: it is "
                "busy or blocked, probably waiting for this very call (a session made on one event loop, "
                "used from another while the first waits). Await the session's methods on the loop that "
                "made it, or use the sync Session (zpro_nb.connect()), which works from any thread"
            ) from None
        return await asyncio.wrap_future(future)
