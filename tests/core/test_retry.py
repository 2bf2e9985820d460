"""Which failures are retried, how long the waits are, and what is raised when retries run out."""

from __future__ import annotations

import logging
import sys
import types
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

from core.pro_fakes import make_transport
from zpro_nb._core.clock import ManualClock
from zpro_nb._core.errors import ConnectionFailed, RateLimited, ServerError, ValidationFailed, ZProError
from zpro_nb._core.retry import RetryPolicy, parse_retry_after

pytestmark = pytest.mark.anyio


class Script:
    """Answers requests from a list of outcomes (a status, a (status, headers) pair, or an exception)."""

    def __init__(self, *outcomes: Any) -> None:
        self.outcomes = list(outcomes)
        self.calls: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request.method)
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, Exception):
            raise outcome
        headers: dict[str, str] = {}
        if isinstance(outcome, tuple):
            outcome, headers = outcome
        if outcome >= 400:
            return httpx.Response(outcome, headers=headers, json={"detail": ["Busy", f"status {outcome}"]})
        return httpx.Response(outcome, headers=headers, json={"ok": True})


def connect_error() -> httpx.ConnectError:
    return httpx.ConnectError("connection refused")


def read_timeout() -> httpx.ReadTimeout:
    return httpx.ReadTimeout("timed out")


@pytest.mark.parametrize("status", [429, 502, 503, 504])
async def test_idempotent_requests_retry_the_retryable_statuses(clock: ManualClock, status: int) -> None:
    script = Script(status, status, 200)
    api = make_transport(script, clock).client("https://h", None)
    assert await api.get("/x") == {"ok": True}
    assert len(script.calls) == 3
    assert len(clock.sleeps) == 2


async def test_a_read_answered_500_is_retried_with_backoff_and_bounded(clock: ManualClock) -> None:
    script = Script(500, 500, 200)
    api = make_transport(script, clock).client("https://h", None)
    assert await api.get("/x") == {"ok": True}
    assert script.calls == ["GET", "GET", "GET"]
    assert len(clock.sleeps) == 2
    forever = Script(500)
    api = make_transport(forever, clock).client("https://h", None)
    with pytest.raises(ServerError) as caught:
        await api.get("/x")
    assert caught.value.status == 500
    assert len(forever.calls) == RetryPolicy().max_retries + 1
    assert caught.value.attempts == len(forever.calls)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
async def test_a_write_answered_500_is_not_retried(clock: ManualClock, method: str) -> None:
    # a 500 may come after the write took effect: writes keep their stricter rules
    for idempotent in (None, True):
        script = Script(500, 200)
        api = make_transport(script, clock).client("https://h", None)
        with pytest.raises(ServerError):
            await api.request(method, "/x", json={}, idempotent=idempotent)
        assert script.calls == [method]


def test_the_policy_retries_500_for_reads_only() -> None:
    policy = RetryPolicy()
    assert policy.should_retry_status(500, True, "GET")
    assert policy.should_retry_status(500, True, "head")
    assert not policy.should_retry_status(500, True, "DELETE")
    assert not policy.should_retry_status(500, True)  # no method known: the old, strict answer
    assert not policy.should_retry_status(501, True, "GET")


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 501])
async def test_other_statuses_are_not_retried(clock: ManualClock, status: int) -> None:
    script = Script(status)
    api = make_transport(script, clock).client("https://h", None)
    with pytest.raises(ZProError) as caught:
        await api.get("/x")
    assert caught.value.status == status
    assert script.calls == ["GET"]
    assert clock.sleeps == []


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize("status", [502, 503, 504])
async def test_non_idempotent_5xx_is_not_retried(clock: ManualClock, method: str, status: int) -> None:
    script = Script(status, 200)
    api = make_transport(script, clock).client("https://h", None)
    with pytest.raises(ServerError) as caught:
        await api.request(method, "/x", json={})
    assert caught.value.status == status
    assert caught.value.message == f"status {status}"
    assert script.calls == [method]


@pytest.mark.parametrize("method", ["POST", "PATCH"])
async def test_non_idempotent_429_is_retried(clock: ManualClock, method: str) -> None:
    script = Script((429, {"Retry-After": "3"}), 200)
    api = make_transport(script, clock).client("https://h", None)
    response = await api.request(method, "/x", json={})
    assert response.status_code == 200
    assert script.calls == [method, method]
    assert clock.sleeps == [3.0]


async def test_connect_refused_post_is_retried(clock: ManualClock) -> None:
    script = Script(connect_error(), connect_error(), 201)
    api = make_transport(script, clock).client("https://h", None)
    assert await api.post("/x", json={"a": 1}) == {"ok": True}
    assert script.calls == ["POST", "POST", "POST"]


async def test_read_timeout_is_retried_only_when_idempotent(clock: ManualClock) -> None:
    script = Script(read_timeout(), 200)
    api = make_transport(script, clock).client("https://h", None)
    assert await api.get("/x") == {"ok": True}
    assert script.calls == ["GET", "GET"]

    script = Script(read_timeout(), 200)
    api = make_transport(script, clock).client("https://h", None)
    with pytest.raises(ConnectionFailed) as caught:
        await api.post("/x", json={})
    assert script.calls == ["POST"]
    assert "ReadTimeout" in str(caught.value)


async def test_idempotent_flag_overrides_the_method(clock: ManualClock) -> None:
    script = Script(503, 200)
    api = make_transport(script, clock).client("https://h", None)
    response = await api.request("POST", "/login", data={"a": "b"}, idempotent=True)
    assert response.status_code == 200
    assert script.calls == ["POST", "POST"]

    script = Script(503, 200)
    api = make_transport(script, clock).client("https://h", None)
    with pytest.raises(ServerError):
        await api.request("GET", "/x", idempotent=False)


async def test_retry_after_seconds_is_honoured(clock: ManualClock) -> None:
    script = Script((503, {"Retry-After": "7"}), 200)
    api = make_transport(script, clock).client("https://h", None)
    await api.get("/x")
    assert clock.sleeps == [7.0]


async def test_retry_after_http_date_is_honoured(clock: ManualClock) -> None:
    when = datetime.fromtimestamp(clock.time() + 12, UTC)
    script = Script((429, {"Retry-After": format_datetime(when, usegmt=True)}), 200)
    api = make_transport(script, clock).client("https://h", None)
    await api.get("/x")
    assert clock.sleeps == [pytest.approx(12.0, abs=1.0)]


async def test_backoff_is_jittered_under_the_cap(clock: ManualClock) -> None:
    script = Script(503, 503, 503, 503, 503, 200)
    api = make_transport(script, clock, backoff_base=1.0, backoff_cap=4.0, max_retries=5).client(
        "https://h", None
    )
    await api.get("/x")
    ceilings = [1.0, 2.0, 4.0, 4.0, 4.0]
    assert len(clock.sleeps) == 5
    for waited, ceiling in zip(clock.sleeps, ceilings, strict=True):
        assert 0.0 <= waited <= ceiling
    assert len(set(clock.sleeps)) > 1  # jittered, not a fixed ladder


async def test_retries_run_out_with_the_last_status_and_message(clock: ManualClock) -> None:
    script = Script((429, {"Retry-After": "1", "X-Request-ID": "rid-9"}))
    api = make_transport(script, clock, max_retries=3).client("https://h", None)
    with pytest.raises(RateLimited) as caught:
        await api.get("/x")
    error = caught.value
    assert error.status == 429
    assert error.message == "status 429"
    assert error.exception_name == "Busy"
    assert error.request_id == "rid-9"
    assert error.attempts == 4
    assert len(script.calls) == 4


async def test_the_deadline_bounds_the_whole_call(clock: ManualClock) -> None:
    script = Script((503, {"Retry-After": "30"}))
    api = make_transport(script, clock, deadline=100.0, max_retries=50).client("https://h", None)
    with pytest.raises(ServerError) as caught:
        await api.get("/x")
    # 30 + 30 + 30 = 90 s waited; a fourth wait would pass 100 s, so it stops with the 503 in hand.
    assert clock.sleeps == [30.0, 30.0, 30.0]
    assert caught.value.status == 503
    assert caught.value.attempts == 4


async def test_a_retry_after_beyond_the_deadline_gives_up_at_once(clock: ManualClock) -> None:
    script = Script((429, {"Retry-After": "500"}))
    api = make_transport(script, clock, deadline=60.0, max_retry_after=600.0).client("https://h", None)
    with pytest.raises(RateLimited):
        await api.get("/x")
    assert clock.sleeps == []


async def test_a_timeout_after_a_503_still_reports_the_503(clock: ManualClock) -> None:
    script = Script(503, read_timeout())
    api = make_transport(script, clock, max_retries=1).client("https://h", None)
    with pytest.raises(ConnectionFailed) as caught:
        await api.get("/x")
    text = str(caught.value)
    assert "503" in text
    assert "status 503" in text
    assert "ReadTimeout" in text
    assert caught.value.last_status == 503  # type: ignore[attr-defined]


async def test_validation_errors_raise_at_once(clock: ManualClock) -> None:
    script = Script(422)
    api = make_transport(script, clock).client("https://h", None)
    with pytest.raises(ValidationFailed):
        await api.post("/x", json={})
    assert clock.sleeps == []


async def test_long_waits_are_announced(clock: ManualClock, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="zpro_nb")
    script = Script((429, {"Retry-After": "5"}), (429, {"Retry-After": "1"}), 200)
    api = make_transport(script, clock).client("https://h", None)
    await api.get("/x")
    notices = [r.getMessage() for r in caplog.records if r.name == "zpro_nb" and "waiting" in r.getMessage()]
    assert len(notices) == 1  # the 5 s wait, not the 1 s one
    assert "429" in notices[0]
    assert "5 s" in notices[0]


async def test_long_waits_show_a_notice_in_a_notebook(
    clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[Any] = []
    ipython = types.ModuleType("IPython")
    ipython.get_ipython = lambda: types.SimpleNamespace(kernel=object())  # type: ignore[attr-defined]
    display = types.ModuleType("IPython.display")
    display.display = lambda obj, raw=False: shown.append(obj)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    monkeypatch.setitem(sys.modules, "IPython.display", display)
    script = Script((503, {"Retry-After": "4"}), 200)
    api = make_transport(script, clock).client("https://h", None)
    await api.get("/x")
    assert len(shown) == 1
    assert "waiting 4 s" in shown[0]["text/plain"]
    assert "text/html" in shown[0]


def test_parse_retry_after() -> None:
    now = 1_800_000_000.0
    assert parse_retry_after("10", now) == 10.0
    assert parse_retry_after("1.5", now) == 1.5
    assert parse_retry_after("-3", now) == 0.0
    assert parse_retry_after(None, now) is None
    assert parse_retry_after("soon", now) is None
    date = format_datetime(datetime.fromtimestamp(now + 30, UTC), usegmt=True)
    assert parse_retry_after(date, now) == pytest.approx(30.0)
    past = format_datetime(datetime.fromtimestamp(now - 30, UTC), usegmt=True)
    assert parse_retry_after(past, now) == 0.0


def test_policy_caps_the_server_retry_after() -> None:
    policy = RetryPolicy(max_retry_after=60.0)
    assert policy.delay(1, {"retry-after": "3600"}, 0.0) == 60.0
