"""A private event loop on a daemon thread, so the sync API works everywhere.

``run_sync(coro)`` runs ``coro`` on that loop and blocks the calling thread until it is done. It
works from a plain script, from a thread, from Jupyter (whose own loop is already running in the
calling thread) and from ipywidgets callbacks, without nest-asyncio and without touching the
caller's loop. Ctrl-C in the caller cancels the coroutine on the loop thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None
_thread: threading.Thread | None = None

#: how long a cancelled coroutine gets to unwind before Ctrl-C returns control
_CANCEL_GRACE_S = 5.0


def _serve(loop: asyncio.AbstractEventLoop, ready: threading.Event) -> None:
    asyncio.set_event_loop(loop)
    loop.call_soon(ready.set)
    loop.run_forever()


def background_loop() -> asyncio.AbstractEventLoop:
    """The private loop, started on first use (and again if it was ever stopped)."""
    global _loop, _thread
    with _lock:
        if _loop is None or _thread is None or not _thread.is_alive() or _loop.is_closed():
            loop = asyncio.new_event_loop()
            ready = threading.Event()
            thread = threading.Thread(target=_serve, args=(loop, ready), name="zpro_nb-loop", daemon=True)
            thread.start()
            ready.wait()
            _loop, _thread = loop, thread
        return _loop


def on_loop_thread() -> bool:
    """True when called from the private loop's own thread."""
    return _thread is not None and threading.current_thread() is _thread


class _Outcome:
    __slots__ = ("cancelled", "error", "finished", "never_started", "task", "value")

    def __init__(self) -> None:
        self.finished = threading.Event()
        self.task: asyncio.Task[Any] | None = None
        self.value: Any = None
        self.error: BaseException | None = None
        self.cancelled = False
        self.never_started = False

    def record(self, task: asyncio.Task[Any]) -> None:
        if task.cancelled():
            self.cancelled = True
        else:
            self.error = task.exception()
            if self.error is None:
                self.value = task.result()
        self.finished.set()


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` on the private loop and return its result (or raise its exception)."""
    if on_loop_thread():
        coro.close()
        raise RuntimeError(
            "run_sync() was called from zpro_nb's own loop thread; await the AsyncSession method instead"
        )
    loop = background_loop()
    outcome = _Outcome()

    def start() -> None:
        outcome.task = loop.create_task(coro)
        outcome.task.add_done_callback(outcome.record)

    def cancel() -> None:
        if outcome.task is None:
            outcome.never_started = True
            outcome.finished.set()
        else:
            outcome.task.cancel()

    try:
        # Scheduled inside the try: the coroutine may start (and Ctrl-C arrive) before the next line.
        loop.call_soon_threadsafe(start)
        # Event.wait() is interruptible by Ctrl-C in the main thread (POSIX lock waits are).
        outcome.finished.wait()
    except KeyboardInterrupt:
        # Whether or not start() was queued, cancel() runs after it (the loop runs callbacks in
        # order): it cancels the task, or notes that there never was one. Give the coroutine a
        # moment to unwind (close responses, release limits) before handing Ctrl-C back.
        loop.call_soon_threadsafe(cancel)
        outcome.finished.wait(_CANCEL_GRACE_S)
        if outcome.never_started:
            coro.close()
        raise
    if outcome.cancelled:
        raise concurrent.futures.CancelledError()
    if outcome.error is not None:
        error = outcome.error
        outcome.error = None  # no reference cycle through the traceback
        raise error
    return outcome.value  # type: ignore[no-any-return]
