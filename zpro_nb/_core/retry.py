"""Which failures are retried, how long to wait, and when to give up.

Idempotent requests are retried on 429/502/503/504, connect errors and dropped or timed-out reads.
A read (GET, HEAD, OPTIONS) is also retried on 500: servers answer a passing fault (a dropped
database connection, a worker restarting) with a bare 500, and asking again changes nothing. A
write keeps the stricter rules, since a 500 may come after it took effect. A non-idempotent
request (POST, PATCH) is retried only when the server cannot have acted on it: a 429, or a
connection that was never made. Waits use exponential backoff with full jitter under a
cap; a server's ``Retry-After`` (seconds or an HTTP date) wins; one deadline bounds the whole call.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
#: statuses that prove the server did not act, so even a POST may be sent again
SAFE_FOR_ANY_METHOD = frozenset({429})
#: methods that only read, and the statuses retried for them on top of RETRY_STATUSES
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
READ_RETRY_STATUSES = frozenset({500})

# The request never reached the server: safe to resend whatever the method.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# The request may have been processed; only an idempotent one may be resent.
_MAYBE_SENT = (
    httpx.ReadTimeout,
    httpx.ReadError,
    httpx.RemoteProtocolError,
    httpx.WriteError,
    httpx.WriteTimeout,
)


def is_idempotent(method: str) -> bool:
    """Whether a method may be repeated without changing the outcome."""
    return method.upper() in IDEMPOTENT_METHODS


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or HTTP date), or ``None``."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now)


@dataclass
class RetryPolicy:
    """How a request is retried.

    ``max_retries`` resends at most; ``backoff_base`` * 2**n seconds (capped at ``backoff_cap``) is
    the ceiling of the n-th jittered wait; ``max_retry_after`` caps a server's ``Retry-After``;
    ``deadline`` bounds the whole call including waits (``None``: no bound); ``announce_after``:
    waits longer than this are announced to the user.
    """

    max_retries: int = 5
    backoff_base: float = 0.5
    backoff_cap: float = 20.0
    max_retry_after: float = 120.0
    deadline: float | None = 120.0
    announce_after: float = 2.0
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def should_retry_status(self, status: int, idempotent: bool, method: str | None = None) -> bool:
        """Whether a response with ``status`` is worth another attempt (a 500 only for a read ``method``)."""
        if status in READ_RETRY_STATUSES:
            return method is not None and method.upper() in READ_METHODS
        if status not in RETRY_STATUSES:
            return False
        return idempotent or status in SAFE_FOR_ANY_METHOD

    def should_retry_exception(self, exc: BaseException, idempotent: bool) -> bool:
        """Whether a transport failure is worth another attempt."""
        if isinstance(exc, _NOT_SENT):
            return True
        return idempotent and isinstance(exc, _MAYBE_SENT)

    def backoff(self, retry_number: int) -> float:
        """The jittered wait before resend number ``retry_number`` (1-based)."""
        ceiling = min(self.backoff_cap, self.backoff_base * (2 ** (retry_number - 1)))
        return self.rng.uniform(0.0, ceiling)

    def delay(self, retry_number: int, headers: Mapping[str, str] | None, now: float) -> float:
        """The wait before the next attempt: the server's ``Retry-After`` if given, else backoff."""
        retry_after = parse_retry_after(headers.get("retry-after") if headers else None, now)
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        return self.backoff(retry_number)

    def too_long_to_wait(self, headers: Mapping[str, str], now: float) -> str:
        """Why not to wait when the server's ``Retry-After`` is beyond ``max_retry_after`` ("" otherwise).

        Waiting the capped time and asking again would only hold the cell: the server said when.
        """
        asked = parse_retry_after(headers.get("retry-after"), now)
        if asked is None or asked <= self.max_retry_after:
            return ""
        return (
            f"the server asks to wait {asked:,.0f} s before trying again (Retry-After), longer than "
            f"zpro_nb waits (RetryPolicy.max_retry_after = {self.max_retry_after:g} s), so it gave up at "
            "once rather than hold the cell. Try again later"
        )
