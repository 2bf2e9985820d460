"""A concurrency cap and a client-side rate limit, shared by every call of one session."""

from __future__ import annotations

import asyncio
import contextvars
from collections import deque
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

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


#: set while a list that has already begun asks for its next pages (see :func:`continuing`)
_CONTINUING: contextvars.ContextVar[bool] = contextvars.ContextVar("zpro_nb_continuing", default=False)


@contextmanager
def continuing() -> Iterator[None]:
    """Requests (and tasks) started inside go ahead of new work waiting for a slot.

    For work the caller is already waiting on: the next pages of a list already begun, started
    while a fan-out has filled the queue.

    A fan-out queues hundreds of first pages at once; a list that turns out long would otherwise
    queue each of its next pages behind all of them, and finish alone at the end with most slots
    idle. Tasks copy the context they were created in, so this covers the pages fetched by tasks
    created within.
    """
    token = _CONTINUING.set(True)
    try:
        yield
    finally:
        _CONTINUING.reset(token)


class _Slots:
    """A counting semaphore with two queues: waiters continuing a list go before new ones.

    A freed slot is handed straight to the next waiter (so no newcomer can take it in between);
    each queue is first in, first out.
    """

    def __init__(self, size: int) -> None:
        self._free = size
        self._continuing: deque[asyncio.Future[None]] = deque()
        self._new: deque[asyncio.Future[None]] = deque()

    async def acquire(self, urgent: bool) -> None:
        if self._free > 0 and not self._continuing and not self._new:
            self._free -= 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        (self._continuing if urgent else self._new).append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # handed a slot just as it was cancelled: pass it on
            raise

    def release(self) -> None:
        for queue in (self._continuing, self._new):
            while queue:
                waiter = queue.popleft()
                if not waiter.done():  # a cancelled waiter is skipped
                    waiter.set_result(None)
                    return
        self._free += 1


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
        self._slots = _Slots(max_concurrency)
        self._bucket = TokenBucket(rate_limit, clock=self._clock) if rate_limit else None

    def calls_at_once(self) -> int:
        """How many calls of a fan-out to have under way at once: three times the cap keeps the cap's
        queue full (a call may wait between its requests) without a task per call of thousands."""
        return 3 * self.max_concurrency

    def rebind(self) -> None:
        """New locks for a new event loop (the old ones may be bound to a loop that is gone)."""
        self._slots = _Slots(self.max_concurrency)
        if self._bucket is not None:
            self._bucket._lock = asyncio.Lock()

    @asynccontextmanager
    async def slot(self, urgent: bool = False) -> AsyncIterator[None]:
        """Hold one request slot: a place under the cap, after the rate limiter let us through.

        Within :func:`continuing`, or when ``urgent`` (a retry), ahead of the requests that start
        new work.
        """
        await self._slots.acquire(urgent or _CONTINUING.get())
        try:
            if self._bucket is not None:
                await self._bucket.acquire()
            yield
        finally:
            self._slots.release()


class Hold:
    """A wait the server asked of one client (a 429's ``Retry-After``), kept by all its requests.

    A rate limit belongs to a credential at a server: while one refused request waits, the others
    would spend what the server lets through and leave the retry to meet the limit again. So every
    request through the client waits until the time has passed. The waiters queue like the slots,
    retries before new work, each first in first out, and go in that order when the wait ends: the
    requests refused first are sent first.
    """

    def __init__(self) -> None:
        #: when the wait ends, on the transport clock's ``monotonic()`` reading
        self.until = 0.0
        self._retries: deque[asyncio.Future[None]] = deque()
        self._new: deque[asyncio.Future[None]] = deque()
        self._opener: asyncio.Task[None] | None = None

    def extend(self, until: float) -> None:
        """Hold the client until ``until`` at least."""
        self.until = max(self.until, until)

    def holds(self, now: float) -> bool:
        """Whether a request must wait: the time has not passed, or those waiting have not gone yet."""
        opener = self._opener
        return self.until > now or (opener is not None and opener.get_loop() is asyncio.get_running_loop())

    async def wait(self, clock: Clock, retry: bool, latest: float | None = None) -> bool:
        """Wait until the client may send and return ``True`` (at once when nothing holds it).

        ``False``, at once, when the hold lasts past ``latest`` (the call's deadline, on the same
        clock): the caller gives up rather than wait beyond it. Checked when the request joins.
        """
        loop = asyncio.get_running_loop()
        opener = self._opener
        if opener is not None and opener.get_loop() is not loop:
            # A hold begun on a loop the session has left holds nobody here. Its waiters keep their
            # own queues (their opener wakes them if that loop runs again); this loop starts afresh.
            opener = self._opener = None
            self._retries, self._new = deque(), deque()
        if latest is not None and self.until > latest:
            return False
        if opener is None and self.until <= clock.monotonic():
            return True
        waiter: asyncio.Future[None] = loop.create_future()
        (self._retries if retry else self._new).append(waiter)
        if opener is None:
            self._opener = asyncio.ensure_future(self._open(clock, self._retries, self._new))
        await waiter
        return True

    async def _open(
        self, clock: Clock, retries: deque[asyncio.Future[None]], new: deque[asyncio.Future[None]]
    ) -> None:
        try:
            while (left := self.until - clock.monotonic()) > 0:
                await clock.sleep(left)
        finally:
            if self._retries is retries:  # still the current hold (not one left on another loop)
                self._opener = None
            for queue in (retries, new):
                while queue:
                    waiter = queue.popleft()
                    # A cancelled waiter is skipped, and so is one whose loop is closed (nobody to wake).
                    if not waiter.done() and not waiter.get_loop().is_closed():
                        waiter.set_result(None)
