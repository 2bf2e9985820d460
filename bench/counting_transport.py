"""An httpx transport that counts what really went over the wire.

The fan-out bound is ``calls x latency / concurrency``: "calls" must be the requests zpro_nb really
sent (retries and logins included), not the number we expect it to send, so we count them below
every layer of the client.
"""

from __future__ import annotations

import time
from collections import Counter

import httpx


def longest_chain(spans: list[tuple[float, float]]) -> int:
    """How many of ``spans`` (start, end) follow one another without overlapping, at most.

    Requests that did not overlap in time may have depended on each other, so a run that made
    them cannot have taken less than that many round trips: ``chain x latency`` is a lower bound
    of its own, next to ``calls x latency / concurrency``. (Greedy by earliest end is optimal.)
    """
    chain, last_end = 0, float("-inf")
    for start, end in sorted(spans, key=lambda s: s[1]):
        if start >= last_end:
            chain, last_end = chain + 1, end
    return chain


class CountingTransport(httpx.AsyncBaseTransport):
    """Delegates to a real ``httpx.AsyncHTTPTransport`` and counts requests, statuses and concurrency."""

    def __init__(self, inner: httpx.AsyncBaseTransport | None = None) -> None:
        # Enough pooled connections that the pool never caps a concurrency the client asked for.
        self._inner = inner or httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=256))
        self.requests = 0
        self.statuses: Counter[int] = Counter()
        self.transport_errors = 0
        self.in_flight = 0
        self.max_in_flight = 0
        #: (start, end) of every request on ``time.perf_counter``, end = response headers received
        self.spans: list[tuple[float, float]] = []
        #: when the latest request ended (kept across :meth:`reset`)
        self._last_end: float | None = None
        self._mark: float | None = None
        #: seconds the client sent nothing before the first request since :meth:`reset` (``None``:
        #: no request before it). Past the server's keep-alive, that request needed a new connection.
        self.idle_before_s: float | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send the request through the real transport, counting it."""
        self.requests += 1
        if self.requests == 1 and self._mark is not None:
            self.idle_before_s = time.perf_counter() - self._mark
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        started = time.perf_counter()
        try:
            response = await self._inner.handle_async_request(request)
        except httpx.TransportError:
            self.transport_errors += 1
            raise
        finally:
            self.in_flight -= 1
            ended = time.perf_counter()
            self.spans.append((started, ended))
            self._last_end = ended if self._last_end is None else max(self._last_end, ended)
        self.statuses[response.status_code] += 1
        return response

    async def aclose(self) -> None:
        """Close the real transport."""
        await self._inner.aclose()

    def reset(self) -> None:
        """Zero every count (between a setup phase and the measured phase)."""
        self.requests = 0
        self.statuses.clear()
        self.transport_errors = 0
        self.max_in_flight = self.in_flight
        self.spans.clear()
        self._mark = self._last_end
        self.idle_before_s = None
