"""Deferred work for panels: debounced validation, the expiry countdown and progress polling.

A panel never sleeps and never blocks the kernel: it asks a :class:`Scheduler` to call it back
later. The default runs callbacks on daemon timer threads (safe in a kernel, sync or async
notebook: the Session's sync methods run on the core's own loop thread). Tests inject a
:class:`ManualScheduler`, whose time moves only when told, so nothing really waits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol


class Cancellable(Protocol):
    """A pending callback that can be called off."""

    def cancel(self) -> None:
        """Call it off; calling off a callback that already ran does nothing."""
        ...


class Scheduler(Protocol):
    """Runs a callback once, ``delay`` seconds from now, without blocking the caller."""

    def call_later(self, delay: float, callback: Callable[[], None]) -> Cancellable:
        """Schedule ``callback``; returns a handle to cancel it."""
        ...


class ThreadScheduler:
    """Runs each callback on a daemon ``threading.Timer`` (the kernel's own loop is never touched)."""

    def call_later(self, delay: float, callback: Callable[[], None]) -> Cancellable:
        """Start a daemon timer for ``callback``."""
        timer = threading.Timer(max(0.0, delay), callback)
        timer.daemon = True
        timer.start()
        return timer


@dataclass(order=True)
class _Pending:
    due: float
    seq: int
    callback: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class ManualScheduler:
    """A scheduler whose clock moves only through :meth:`advance` (tests, and docs examples).

    Callbacks run on the caller's thread, in due order, so a test reads the panel right after.
    """

    def __init__(self) -> None:
        self.now = 0.0
        self._pending: list[_Pending] = []
        self._seq = 0

    def call_later(self, delay: float, callback: Callable[[], None]) -> Cancellable:
        """Queue ``callback`` for ``now + delay``."""
        self._seq += 1
        item = _Pending(self.now + max(0.0, delay), self._seq, callback)
        self._pending.append(item)
        return item

    @property
    def pending(self) -> int:
        """How many callbacks are queued and not cancelled."""
        return sum(1 for p in self._pending if not p.cancelled)

    def advance(self, seconds: float) -> int:
        """Move the clock, running each callback that falls due (and ones they schedule); returns how many."""
        target = self.now + seconds
        ran = 0
        while True:
            due = sorted(p for p in self._pending if not p.cancelled and p.due <= target)
            if not due:
                break
            item = due[0]
            self._pending.remove(item)
            self.now = max(self.now, item.due)
            item.callback()
            ran += 1
        self.now = target
        self._pending = [p for p in self._pending if not p.cancelled]
        return ran


class Debouncer:
    """Calls ``callback`` once input is quiet for ``delay`` seconds; each :meth:`trigger` restarts it."""

    def __init__(self, scheduler: Scheduler, delay: float, callback: Callable[[], None]) -> None:
        self._scheduler = scheduler
        self._delay = delay
        self._callback = callback
        self._handle: Cancellable | None = None
        self._lock = threading.Lock()

    def trigger(self) -> None:
        """(Re)start the quiet period."""
        with self._lock:
            if self._handle is not None:
                self._handle.cancel()
            self._handle = self._scheduler.call_later(self._delay, self._callback)

    def cancel(self) -> None:
        """Drop a pending call."""
        with self._lock:
            if self._handle is not None:
                self._handle.cancel()
                self._handle = None


class Repeater:
    """Calls ``callback`` every ``interval`` seconds until :meth:`stop` (or until it returns ``False``)."""

    def __init__(self, scheduler: Scheduler, interval: float, callback: Callable[[], bool | None]) -> None:
        self._scheduler = scheduler
        self._interval = interval
        self._callback = callback
        self._handle: Cancellable | None = None
        self._running = False
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        """Whether another call is scheduled."""
        return self._running

    def start(self) -> None:
        """Schedule the first call (no-op when already running)."""
        with self._lock:
            if self._running:
                return
            self._running = True
            self._handle = self._scheduler.call_later(self._interval, self._tick)

    def stop(self) -> None:
        """Stop; a tick already in progress finishes but schedules no other."""
        with self._lock:
            self._running = False
            if self._handle is not None:
                self._handle.cancel()
                self._handle = None

    def _tick(self) -> None:
        if not self._running:
            return
        again = self._callback()
        with self._lock:
            if self._running and again is not False:
                self._handle = self._scheduler.call_later(self._interval, self._tick)
            else:
                self._running = False
                self._handle = None
