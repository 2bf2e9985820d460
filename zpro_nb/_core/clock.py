"""Time as an injectable dependency, so retries, rate limits and expiry can be tested without sleeping."""

from __future__ import annotations

import asyncio
import time
from typing import Protocol


class Clock(Protocol):
    """What the core asks of time: a monotonic reading, the wall clock, and a way to wait."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (for deadlines, backoff and rate limits)."""
        ...

    def time(self) -> float:
        """Seconds since the epoch (for token expiry and HTTP dates)."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds``."""
        ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        """``time.monotonic()``."""
        return time.monotonic()

    def time(self) -> float:
        """``time.time()``."""
        return time.time()

    async def sleep(self, seconds: float) -> None:
        """``asyncio.sleep(seconds)``."""
        await asyncio.sleep(max(0.0, seconds))


class ManualClock:
    """A clock that only moves when told to; ``sleep`` advances it at once and records the wait.

    Tests use it so that a 30 s ``Retry-After`` costs no real time.
    """

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self._now = start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        """The current reading."""
        return self._now

    def time(self) -> float:
        """The same reading, read as seconds since the epoch."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self._now += seconds

    async def sleep(self, seconds: float) -> None:
        """Record the wait, advance the clock, and yield once so other tasks may run."""
        self.sleeps.append(seconds)
        self._now += max(0.0, seconds)
        await asyncio.sleep(0)
