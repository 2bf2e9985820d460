"""A concurrency cap and a client-side rate limit, shared by every call of one session."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from .clock import Clock, SystemClock
from .errors import InvalidArgument


class TokenBucket:
    """``rate`` requests per second with bursts up to ``burst``, measured on an injectable clock."""

    def __init__(self, rate: float, *, burst: float | None = None, clock: Clock | None = None) -> None:
        if rate <= 0:
            raise InvalidArgument("rate must be positive")
        self.rate = rate
        self.capacity = burst if burst is not None else max(1.0, rate)
        self._clock = clock or SystemClock()
        self._tokens = self.capacity
        self._updated = self._clock.monotonic()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self._clock.monotonic()
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    async def acquire(self) -> None:
        """Wait until one request may go."""
        # One waiter at a time keeps the order fair and the arithmetic simple.
        async with self._lock:
            self._refill()
            while self._tokens < 1.0:
                await self._clock.sleep((1.0 - self._tokens) / self.rate)
                self._refill()
            self._tokens -= 1.0


class Limits:
    """At most ``max_concurrency`` requests in flight and, optionally, ``rate_limit`` per second."""

    def __init__(
        self, max_concurrency: int = 16, rate_limit: float | None = None, *, clock: Clock | None = None
    ) -> None:
        if max_concurrency < 1:
            raise InvalidArgument("max_concurrency must be at least 1")
        self.max_concurrency = max_concurrency
        self.rate_limit = rate_limit
        self._clock = clock or SystemClock()
        self._semaphore = asyncio.Semaphore(max_concurrency)
        self._bucket = TokenBucket(rate_limit, clock=self._clock) if rate_limit else None

    def rebind(self) -> None:
        """New locks for a new event loop (the old ones may be bound to a loop that is gone)."""
        self._semaphore = asyncio.Semaphore(self.max_concurrency)
        if self._bucket is not None:
            self._bucket._lock = asyncio.Lock()

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one request slot: a place under the cap, after the rate limiter let us through."""
        async with self._semaphore:
            if self._bucket is not None:
                await self._bucket.acquire()
            yield
