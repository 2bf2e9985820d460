"""A 429 holds the whole client, and retries go ahead of new work (zpro_nb._core.transport).

A server's rate limit belongs to a credential, not to one request: while the refused request waits
out its ``Retry-After``, the session's other requests would spend whatever the server lets through
and leave the retry to meet the limit again. These tests drive the request core with a clock whose
sleeps block until the test lets them go, so "sent while another request was still waiting" can be
seen without real time passing.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from core.pro_fakes import make_transport
from zpro_nb._core.clock import ManualClock
from zpro_nb._core.errors import RateLimited
from zpro_nb._core.limits import Hold


class HeldClock(ManualClock):
    """A manual clock whose sleeps wait for ``release``, then wake at the time they asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()
        self.sleeping = 0

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        wake_at = self._now + max(0.0, seconds)
        self.sleeping += 1
        await self.release.wait()
        self.sleeping -= 1
        self._now = max(self._now, wake_at)


class RefuseFirst:
    """Answers the first request 429 (with ``headers``) and the rest 200, noting each path and time."""

    def __init__(self, clock: ManualClock, sent: list[tuple[str, float]], headers: dict[str, str]) -> None:
        self.clock, self.sent, self.headers = clock, sent, headers

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request.url.path, self.clock.monotonic()))
        if len(self.sent) == 1:
            return httpx.Response(429, headers=self.headers, json={"detail": "slow down"})
        return httpx.Response(200, json={"ok": True})


async def _rounds(n: int = 20) -> None:
    """Let the event loop run ``n`` rounds, so whatever was about to be sent is."""
    for _ in range(n):
        await asyncio.sleep(0)


async def _until(condition: object, rounds: int = 200) -> None:
    for _ in range(rounds):
        if callable(condition) and condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("the scenario never reached the expected state")


def test_a_429_holds_every_request_of_that_client_until_its_wait_is_over() -> None:
    async def scenario() -> None:
        clock = HeldClock()
        start = clock.monotonic()
        sent: list[tuple[str, float]] = []
        transport = make_transport(RefuseFirst(clock, sent, {"Retry-After": "5"}), clock)
        api = transport.client("https://pro.example", None)
        other = transport.client("https://ws.example", None)
        a = asyncio.ensure_future(api.get("/a"))
        await _until(lambda: clock.sleeping == 1)  # /a was refused: the client waits its 5 s
        b = asyncio.ensure_future(api.get("/b"))
        assert await other.get("/c") == {"ok": True}  # another client (another limit) goes at once
        await _rounds()
        assert [path for path, _ in sent] == ["/a", "/c"]  # /b was not sent
        clock.release.set()
        assert await a == {"ok": True}
        assert await b == {"ok": True}
        assert [path for path, _ in sent] == ["/a", "/c", "/a", "/b"]
        assert dict(sent)["/b"] >= start + 5
        assert clock.sleeps == [5.0]  # one wait for the client, not one per request

    asyncio.run(scenario())


def test_a_429_without_retry_after_holds_the_client_for_its_backoff() -> None:
    async def scenario() -> None:
        clock = HeldClock()
        start = clock.monotonic()
        sent: list[tuple[str, float]] = []
        transport = make_transport(RefuseFirst(clock, sent, {}), clock, backoff_base=2.0)
        api = transport.client("https://pro.example", None)
        a = asyncio.ensure_future(api.get("/a"))
        await _until(lambda: clock.sleeping == 1)
        (backoff,) = clock.sleeps
        assert backoff > 0  # the seeded jitter gives a real wait, so the hold means something
        b = asyncio.ensure_future(api.get("/b"))
        await _rounds()
        assert [path for path, _ in sent] == ["/a"]
        clock.release.set()
        await asyncio.gather(a, b)
        assert dict(sent)["/b"] == pytest.approx(start + backoff)

    asyncio.run(scenario())


def test_when_a_hold_ends_the_refused_requests_go_before_those_that_waited_unsent() -> None:
    async def scenario() -> list[str]:
        clock = HeldClock()
        sent: list[str] = []
        answered: set[str] = set()
        d_may_answer = asyncio.Event()

        async def handler(request: httpx.Request) -> httpx.Response:
            path = request.url.path
            sent.append(path)
            if path == "/d" and path not in answered:
                await d_may_answer.wait()  # /d was sent before the hold and is answered late
            if path in {"/a", "/d"} and path not in answered:
                answered.add(path)
                return httpx.Response(429, headers={"Retry-After": "2"}, json={"detail": "slow down"})
            return httpx.Response(200, json={"ok": True})

        transport = make_transport(handler, clock)
        api = transport.client("https://pro.example", None)
        d = asyncio.ensure_future(api.get("/d"))
        await _until(lambda: sent == ["/d"])
        a = asyncio.ensure_future(api.get("/a"))
        await _until(lambda: clock.sleeping == 1)  # /a was refused: the client is held
        b = asyncio.ensure_future(api.get("/b"))  # new work, queued on the hold
        await _rounds()
        d_may_answer.set()  # /d's 429 arrives after /b queued: its retry still goes first
        await _rounds()
        clock.release.set()
        await asyncio.gather(a, b, d)
        return sent

    assert asyncio.run(scenario()) == ["/d", "/a", "/a", "/d", "/b"]


def test_a_503_does_not_hold_the_other_requests() -> None:
    async def scenario() -> None:
        clock = HeldClock()
        sent: list[str] = []
        failed = False

        def handler(request: httpx.Request) -> httpx.Response:
            nonlocal failed
            sent.append(request.url.path)
            if request.url.path == "/a" and not failed:
                failed = True
                return httpx.Response(503, headers={"Retry-After": "5"}, json={"detail": "restarting"})
            return httpx.Response(200, json={"ok": True})

        transport = make_transport(handler, clock)
        api = transport.client("https://pro.example", None)
        a = asyncio.ensure_future(api.get("/a"))
        await _until(lambda: clock.sleeping == 1)
        assert await api.get("/b") == {"ok": True}  # one request's 503 says nothing of the others
        clock.release.set()
        await a
        assert sent == ["/a", "/b", "/a"]

    asyncio.run(scenario())


def test_a_retry_takes_the_next_free_slot_before_new_requests() -> None:
    async def scenario() -> list[str]:
        clock = HeldClock()
        sent: list[str] = []
        failed = False
        b_may_finish = asyncio.Event()

        async def handler(request: httpx.Request) -> httpx.Response:
            nonlocal failed
            sent.append(request.url.path)
            if request.url.path == "/a" and not failed:
                failed = True
                return httpx.Response(502, json={"detail": "bad gateway"})
            if request.url.path == "/b":
                await b_may_finish.wait()  # /b keeps the only slot while /a's retry and /c queue
            return httpx.Response(200, json={"ok": True})

        transport = make_transport(handler, clock, max_concurrency=1)
        api = transport.client("https://pro.example", None)
        a = asyncio.ensure_future(api.get("/a"))
        await _until(lambda: clock.sleeping == 1)  # /a failed once and backs off
        b = asyncio.ensure_future(api.get("/b"))
        await _until(lambda: sent == ["/a", "/b"])
        c = asyncio.ensure_future(api.get("/c"))
        await _rounds()  # /c is queued for the slot
        clock.release.set()
        await _rounds()  # /a's retry is queued for the slot, after /c
        b_may_finish.set()
        await asyncio.gather(a, b, c)
        return sent

    assert asyncio.run(scenario()) == ["/a", "/b", "/a", "/c"]


def test_a_hold_left_on_a_loop_that_is_gone_holds_nobody_on_the_next() -> None:
    clock = HeldClock()
    hold = Hold()
    old_loop = asyncio.new_event_loop()
    left_behind: list[asyncio.Future[None]] = []

    async def begin() -> None:
        hold.extend(clock.monotonic() + 5)
        left_behind.append(asyncio.ensure_future(hold.wait(clock, retry=False)))
        await _until(lambda: clock.sleeping == 1)  # the hold's opener sleeps on the old loop

    old_loop.run_until_complete(begin())
    old_loop.close()  # gone without its tasks ever finishing (a kernel's loop thread that died)
    clock.advance(10)

    async def later() -> bool:
        held = hold.holds(clock.monotonic())
        await asyncio.wait_for(hold.wait(clock, retry=False), timeout=5)
        return held

    assert asyncio.run(later()) is False


def test_a_429_given_up_on_still_holds_the_client_and_no_call_waits_past_its_deadline() -> None:
    async def scenario() -> None:
        clock = HeldClock()
        sent: list[tuple[str, float]] = []
        transport = make_transport(RefuseFirst(clock, sent, {"Retry-After": "100"}), clock, deadline=50.0)
        api = transport.client("https://pro.example", None)
        # /a cannot wait 100 s within its 50 s deadline, so it gives up at once; the server's wait
        # still holds the client, and /b, whose deadline also comes first, gives up unsent.
        with pytest.raises(RateLimited):
            await api.get("/a")
        with pytest.raises(RateLimited, match="past the call's deadline") as caught:
            await api.get("/b")
        assert [path for path, _ in sent] == ["/a"]
        assert caught.value.attempts == 0
        assert clock.sleeps == []  # nobody waited

    asyncio.run(scenario())
