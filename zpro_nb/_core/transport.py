"""The one way requests are sent: one httpx.AsyncClient per session, serving the Pro API and every workspace.

``Transport`` owns the client, the limits, the retry policy and the clock. ``ApiClient`` is a base
URL plus an auth that sends through it. Every request, Pro or workspace, sync or async, passes
here, so retries, limits, redaction and error parsing happen once.

A transport lives on one event loop (its "home"): the loop of its first request, or the private
background loop for a sync ``Session``. A call awaited on another loop hops to the home loop, so an
``AsyncSession`` reached through ``Session.aio`` from Jupyter's own loop still shares the same
connection pool, concurrency cap and rate limiter.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from .answers import Refusal, odd_status, receive, redirect_target
from .api_client import ApiClient
from .bounds import ReadBounds
from .clock import Clock, SystemClock
from .decoding import LARGE_BODY, decode, not_json, parse_json
from .errors import (
    AuthenticationError,
    ConnectionFailed,
    InvalidArgument,
    RateLimited,
    UnexpectedResponse,
    ZProError,
    error_from_response,
    with_note,
)
from .home_loop import HomeLoop
from .limits import Limits
from .notice import announce
from .redaction import install_log_redaction, redact_text, redact_url
from .retry import RetryPolicy, is_idempotent, parse_retry_after
from .urls import USER_AGENT, check_base_url, encode_params, is_loopback_host

if TYPE_CHECKING:
    from .auth import Auth

__all__ = [
    "LARGE_BODY",
    "ApiClient",
    "Transport",
    "check_base_url",
    "decode",
    "encode_params",
    "is_loopback_host",
    "not_json",
    "parse_json",
]

logger = logging.getLogger("zpro_nb")
T = TypeVar("T")

_KEPT_HEADERS = frozenset({"content-type", "retry-after", "x-request-id"})


@dataclass
class _Failure:
    """A send that got no response, described without keeping the httpx exception (it holds the request)."""

    kind: str
    detail: str
    retryable: bool


@dataclass
class _ErrorResponse:
    status: int
    headers: dict[str, str]
    content: bytes
    reason: str

    def error(self, method: str, url: str, attempts: int | None = None) -> ZProError:
        """The ``ZProError`` this answer stands for."""
        return error_from_response(
            status=self.status,
            method=method,
            url=url,
            headers=self.headers,
            content=self.content,
            reason=self.reason,
            attempts=attempts,
        )


class _Held:
    """What an attempt returns when the client is held past the call's deadline."""


_HELD_PAST_DEADLINE = _Held()


class Transport:
    """One per Session: owns the httpx.AsyncClient, the Limits, the RetryPolicy and the clock."""

    def __init__(
        self,
        *,
        limits: Limits | None = None,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
        clock: Clock | None = None,
        loop: asyncio.AbstractEventLoop | None = None,
        bounds: ReadBounds | None = None,
    ) -> None:
        install_log_redaction()
        if bounds is not None and not isinstance(bounds, ReadBounds):
            raise InvalidArgument(f"bounds must be a zpro_nb.ReadBounds, not {type(bounds).__name__}")
        self.bounds = bounds or ReadBounds()
        self.clock: Clock = clock or SystemClock()
        if limits is None:
            limits = Limits(clock=self.clock)
        self.limits = limits
        self.retry = retry or RetryPolicy()
        self._network = transport
        self._timeout = timeout
        self._http = self._new_pool()
        self.home = HomeLoop(loop, self._rehome)
        self.closed = False

    def _new_pool(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=self._network,
            timeout=self._timeout,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )

    def _rehome(self) -> None:
        # The old pool's connections and the limits' locks belong to a loop that no longer runs;
        # reusing them fails with "Event loop is closed". Start afresh on the new home.
        self._http = self._new_pool()
        self.limits.rebind()

    @property
    def _home(self) -> asyncio.AbstractEventLoop | None:
        return self.home.loop

    @_home.setter
    def _home(self, loop: asyncio.AbstractEventLoop | None) -> None:
        self.home.loop = loop

    def client(
        self,
        base_url: str,
        auth: Auth | None,
        *,
        allow_insecure: bool = False,
        headers: Mapping[str, str] | None = None,
    ) -> ApiClient:
        """An ApiClient for ``base_url`` (checked: no plain http except loopback) sending with ``auth``."""
        return ApiClient(self, check_base_url(base_url, allow_insecure=allow_insecure), auth, headers=headers)

    async def on_home_loop(self, make: Callable[[], Awaitable[T]]) -> T:
        """Run ``make()`` on the transport's home loop, hopping there when called from another loop."""
        return await self.home.run(make)

    async def aclose(self) -> None:
        """Close the connection pool."""
        if self.closed:
            return
        self.closed = True
        await self.on_home_loop(lambda: self._http.aclose())  # the pool of the home it runs on

    async def send(
        self,
        api: ApiClient,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
    ) -> httpx.Response:
        """Send with auth, limits and retries; return a 2xx/3xx response or raise a ``ZProError``."""
        if self.closed:
            raise ZProError("this session is closed")
        return await self.on_home_loop(
            lambda: self._send(api, method.upper(), path, params, json, data, headers, idempotent)
        )

    async def _send(
        self,
        api: ApiClient,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        json: Any,
        data: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        idempotent: bool | None,
    ) -> httpx.Response:
        url = api.url(path)
        idem = is_idempotent(method) if idempotent is None else idempotent
        query = encode_params(params)
        policy = self.retry
        started = self.clock.monotonic()
        attempts = 0
        redirects = 0
        reauthenticated = False
        last_http: _ErrorResponse | None = None
        while True:
            attempts += 1
            latest = None if policy.deadline is None else started + policy.deadline
            outcome = await self._attempt(
                api, method, url, query, json, data, headers, idem, attempts > 1, latest
            )
            note = ""
            if isinstance(outcome, _Held):
                raise self._held_past_deadline(method, url, attempts - 1, last_http)
            if isinstance(outcome, Refusal):
                raise UnexpectedResponse(outcome.message, status=outcome.status, method=method, url=url)
            if isinstance(outcome, httpx.Response):
                status = outcome.status_code
                if logger.isEnabledFor(logging.DEBUG):  # redacting every URL costs ~5% of a fan-out
                    logger.debug("%s %s -> %s", method, redact_url(url), status)
                if status == 401 and api.auth is not None and not reauthenticated:
                    reauthenticated = True
                    if await api.auth.on_unauthorized():
                        attempts -= 1  # a refreshed credential is a new start, not a retry
                        continue
                if 300 <= status < 400:
                    target = redirect_target(method, url, outcome, redirects)
                    if isinstance(target, Refusal):
                        raise UnexpectedResponse(target.message, status=status, method=method, url=url)
                    # The Location carries its own query; a followed redirect is not a retry.
                    url, query, redirects = target, [], redirects + 1
                    attempts -= 1
                    continue
                odd = odd_status(method, outcome)
                if odd is not None:
                    raise UnexpectedResponse(odd.message, status=status, method=method, url=url)
                if status < 400:
                    return outcome
                # Keep only the headers we read: a response's Set-Cookie may carry a token.
                kept = {k: v for k, v in outcome.headers.items() if k.lower() in _KEPT_HEADERS}
                last_http = _ErrorResponse(status, kept, outcome.content, outcome.reason_phrase)
                retryable = policy.should_retry_status(status, idem, method)
                retry_headers: Mapping[str, str] | None = kept
                del outcome
                failure = None
                if retryable:
                    note = policy.too_long_to_wait(kept, self.clock.time())
                if status == 429 and not note:
                    # The whole client waits out what the server asked (see Hold), whether or not
                    # this request tries again: its neighbours would meet the same limit.
                    asked = parse_retry_after(kept.get("retry-after"), self.clock.time())
                    if asked:
                        api.hold.extend(self.clock.monotonic() + min(asked, policy.max_retry_after))
            else:
                failure = outcome
                retryable = failure.retryable
                retry_headers = None

            give_up = not retryable or attempts > policy.max_retries or bool(note)
            delay = 0.0
            if not give_up:
                delay = policy.delay(attempts, retry_headers, self.clock.time())
                elapsed = self.clock.monotonic() - started
                if policy.deadline is not None and elapsed + delay > policy.deadline:
                    give_up = True
            if give_up:
                error = self._final_error(method, url, attempts, failure, last_http)
                if note:
                    error = with_note(error, note)
                raise _with_auth_advice(error, api.auth)

            if delay > policy.announce_after:
                if failure is not None:
                    what = failure.kind
                else:
                    assert last_http is not None
                    what = f"{last_http.status} {last_http.reason}"
                announce(
                    f"{what} from {method} {redact_url(url)}; waiting {delay:.0f} s "
                    f"before retry {attempts} of {policy.max_retries}"
                )
            if failure is None and last_http is not None and last_http.status == 429:
                # The whole client waits (see Hold); this request waits there too, first in line.
                api.hold.extend(self.clock.monotonic() + delay)
            else:
                await self.clock.sleep(delay)

    @staticmethod
    def _held_past_deadline(
        method: str, url: str, attempts: int, last_http: _ErrorResponse | None
    ) -> ZProError:
        note = (
            "the server's rate limit holds this session's requests to it past the call's deadline "
            "(RetryPolicy.deadline), so it gave up rather than wait"
        )
        if last_http is not None:
            return with_note(last_http.error(method, url, attempts), note)
        return RateLimited(note[0].upper() + note[1:], method=method, url=url, attempts=attempts)

    async def _attempt(
        self,
        api: ApiClient,
        method: str,
        url: str,
        query: list[tuple[str, str]],
        json: Any,
        data: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        idempotent: bool,
        retry: bool,
        latest: float | None,
    ) -> httpx.Response | Refusal | _Failure | _Held:
        # The bearer lives only in this frame and in httpx's: the retry loop above, whose frames
        # appear in the traceback of the error it raises, never holds it.
        merged: dict[str, str] = dict(api.headers)
        if headers:
            merged.update(headers)
        try:
            while True:
                # Waited out before taking a slot, so a held client keeps no other client from one.
                if not await api.hold.wait(self.clock, retry, latest):
                    return _HELD_PAST_DEADLINE
                if api.auth is not None:
                    # After the hold (a credential may expire during it), before taking a slot (a key
                    # exchange inside headers() needs a slot of its own).
                    merged.update(await api.auth.headers())
                # A retry is work someone already waits on: it goes ahead of requests starting new work.
                async with self.limits.slot(urgent=retry):
                    if api.hold.holds(self.clock.monotonic()):
                        continue  # a 429 came while this one queued for the slot: back to the hold
                    request = self._http.build_request(
                        method,
                        url,
                        params=tuple(query) if query else None,
                        json=json,
                        data=dict(data) if data is not None else None,
                        headers=merged,
                    )
                    return await receive(self._http, request, self.bounds)
        except httpx.TransportError as exc:
            return _Failure(
                type(exc).__name__,
                redact_text(str(exc)) or type(exc).__name__,
                self.retry.should_retry_exception(exc, idempotent),
            )

    @staticmethod
    def _final_error(
        method: str, url: str, attempts: int, failure: _Failure | None, last_http: _ErrorResponse | None
    ) -> ZProError:
        if failure is None and last_http is not None:
            return last_http.error(method, url, attempts)
        assert failure is not None
        message = f"no response ({failure.kind}: {failure.detail})"
        status = None
        if last_http is not None:
            # Say what the server said last rather than only "timed out".
            earlier = last_http.error(method, url)
            message += f"; the last response before that was {last_http.status}: " + (
                f"{earlier.exception_name}: {earlier.message}" if earlier.exception_name else earlier.message
            )
            status = last_http.status
        error = ConnectionFailed(message, method=method, url=url, attempts=attempts)
        error.last_status = status  # type: ignore[attr-defined]
        return error


def _with_auth_advice(error: ZProError, auth: Auth | None) -> ZProError:
    """A 401 from a credential that cannot refresh says how to go on (``s.login``), not just "refused"."""
    advise = getattr(auth, "refused_advice", None)
    if not isinstance(error, AuthenticationError) or advise is None:
        return error
    said = f"{error.exception_name}: {error.message}" if error.exception_name else error.message
    return AuthenticationError(
        f"{said.rstrip('.')}. {advise()}",
        status=error.status,
        method=error.method,
        url=error.url,
        request_id=error.request_id,
        attempts=error.attempts,
    )
