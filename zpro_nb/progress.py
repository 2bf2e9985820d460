"""Progress for calls that may take a while: one line saying what, how far, and how long so far.

Low in the layers (next to the errors): the session, the views and the changes all show it.

tqdm draws it (``tqdm.auto``: a widget bar in a notebook, a text line in a terminal). A line
appears half a second into the call, even while a single slow request is outstanding, because a
small ticker redraws it; calls that finish sooner show nothing, so quick cells stay quiet.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Sequence
from types import TracebackType
from typing import Any, TypeVar, cast

from ._core.errors import InvalidArgument

T = TypeVar("T")

#: seconds before a line appears (a call that ends sooner shows nothing)
SHOW_AFTER = 0.5
_TICK = 0.25


class Activity:
    """``async with Activity("Reading workspaces") as act:`` then ``act.stage(...)``/``act.advance()``.

    ``stage`` names the current step (with a count when it has one: "Counting members 12/300");
    the elapsed time is always shown, so a long wait never looks frozen.
    """

    def __init__(self, desc: str, *, show: bool = True, total: int | None = None) -> None:
        self.desc = desc
        self.show = show
        self._total = total
        self._bar: Any = None
        self._ticker: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Activity:
        if not self.show:
            # No tqdm for a line nobody sees: a process's first bar makes tqdm's multiprocessing
            # lock (about 0.1 s, in the middle of the first quiet fan-out).
            self._bar = _QuietBar(self._total)
            return self
        from tqdm.auto import tqdm  # lazy: tqdm.auto loads ipywidgets in a notebook

        self._bar = tqdm(
            total=self._total,
            desc=self.desc,
            disable=not self.show,
            leave=False,
            delay=SHOW_AFTER,
            bar_format=_format(self._total),
        )
        if self.show:
            self._ticker = asyncio.ensure_future(self._tick())
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
        self._bar.close()

    async def _tick(self) -> None:
        started = time.monotonic()
        while True:
            await asyncio.sleep(_TICK)
            if time.monotonic() - started >= SHOW_AFTER:
                self._bar.refresh()  # draws the line (and its elapsed time) even with no update

    def stage(self, desc: str, total: int | None = None) -> None:
        """Name the current step; ``total`` when it counts items (the count restarts at 0)."""
        self._bar.set_description_str(f"{self.desc}: {desc}", refresh=False)
        self._bar.bar_format = _format(total)
        # Not tqdm's reset(): it redraws at once, and a call that ends quickly must stay quiet.
        self._bar.n = self._bar.last_print_n = 0
        self._bar.total = total

    def note(self, **state: object) -> None:
        """Show a state next to the line, e.g. ``note(status="pending")``."""
        self._bar.set_postfix({k: str(v) for k, v in state.items()}, refresh=False)

    def advance(self, n: int = 1) -> None:
        """``n`` more items of the current step are done."""
        self._bar.update(n)

    @property
    def count(self) -> int:
        """Items done in the current step."""
        return int(self._bar.n)


class _QuietBar:
    """What an ``Activity`` keeps of a bar when it shows none: the count and the step's total."""

    def __init__(self, total: int | None) -> None:
        self.n = self.last_print_n = 0
        self.total = total
        self.bar_format = ""

    def update(self, n: int = 1) -> None:
        self.n += n

    def set_description_str(self, desc: str, refresh: bool = False) -> None:
        return None

    def set_postfix(self, postfix: dict[str, str], refresh: bool = False) -> None:
        return None

    def refresh(self) -> None:
        return None

    def close(self) -> None:
        return None


def _format(total: int | None) -> str:
    if total is None:
        return "{desc} [{elapsed}{postfix}]"
    return "{desc} {n_fmt}/{total_fmt} |{bar}| [{elapsed}{postfix}]"


async def gather_with_progress(
    calls: Sequence[Awaitable[T]],
    *,
    desc: str,
    show: bool = True,
    activity: Activity | None = None,
    window: int | None = None,
) -> list[T]:
    """Await ``calls``, in order, counting them: ``window`` of them under way at once (default
    :data:`GATHER_WINDOW`), each finished one making room for the next; the transport's cap still
    bounds their requests. Pass ``window=limits.calls_at_once()`` for a session whose cap is not the
    default. A call must not wait on a later one: with a full window, that one would never start.

    Within an ``activity`` the count is a stage of it; otherwise the fan-out has a line of its own.
    """
    if window is not None and window < 1:
        raise InvalidArgument(f"window={window!r}: pass at least 1 (calls under way at once)")
    width = window or GATHER_WINDOW
    if activity is None:
        async with Activity(desc, show=show and bool(calls), total=len(calls)) as own:
            return await _gather(calls, own, width)
    activity.stage(desc, total=len(calls))
    return await _gather(calls, activity, width)


#: calls of one gather under way at once: three times the transport's default cap of 16
GATHER_WINDOW = 48


async def _gather(calls: Sequence[Awaitable[T]], activity: Activity, width: int) -> list[T]:
    # A window of calls, not a task per call: each call runs its first steps (building the request,
    # reaching the cap's queue) as soon as it is a task, and 1,480 of them at once held the loop for
    # a tenth of a second while answers waited. Three times the default cap keeps the cap's queue
    # full, and a finished call makes room for the next in order.
    results: list[T | None] = [None] * len(calls)
    pending = iter(range(len(calls)))

    async def run_in_turn() -> None:
        for i in pending:
            results[i] = await calls[i]
            activity.advance()

    runners = [asyncio.ensure_future(run_in_turn()) for _ in range(min(len(calls), width))]
    try:
        await asyncio.gather(*runners)
    except BaseException:
        for runner in runners:
            runner.cancel()
        for i in pending:  # never started: close them, so none is left "never awaited"
            _discard(calls[i])
        raise
    return cast("list[T]", results)


def _discard(call: Awaitable[Any]) -> None:
    if asyncio.iscoroutine(call):
        call.close()
    elif isinstance(call, asyncio.Future):
        call.cancel()
