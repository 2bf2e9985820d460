"""Fault injection: deterministic with ``fault_seed``, switchable at run time, in-process and over HTTP."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fixtures_sandbox import SandboxServer, asgi_client, bearer, new_app

from zpro_nb.emulator.clock import SandboxClock
from zpro_nb.emulator.faults import DroppedConnection

pytestmark = pytest.mark.anyio


class FrozenTime:
    def __init__(self) -> None:
        self.t = 1_800_000_000.0

    def __call__(self) -> float:
        return self.t


def _app(**faults: Any) -> FastAPI:
    return new_app(clock=SandboxClock(source=FrozenTime()), **faults)


def _admin(app: FastAPI) -> dict[str, str]:
    return bearer(app.state.demo_credentials["tokens"]["admin"])


async def _statuses(app: FastAPI, count: int) -> list[int]:
    async with asgi_client(app) as client:
        return [(await client.get("/organizations", headers=_admin(app))).status_code for _ in range(count)]


async def test_error_rate_is_deterministic_with_the_fault_seed() -> None:
    first = await _statuses(_app(error_rate=0.5, fault_seed=3), 40)
    assert first == await _statuses(_app(error_rate=0.5, fault_seed=3), 40)
    assert first != await _statuses(_app(error_rate=0.5, fault_seed=4), 40)
    assert set(first) <= {200, 500, 502, 503}
    assert 200 in first
    assert {500, 502, 503} & set(first)


async def test_server_errors_carry_a_detail_and_503_a_retry_after() -> None:
    app = _app(error_rate=1.0)
    async with asgi_client(app) as client:
        seen = {}
        for _ in range(30):
            response = await client.get("/organizations", headers=_admin(app))
            seen[response.status_code] = response
    assert set(seen) == {500, 502, 503}
    assert seen[503].headers["retry-after"] == "1"
    assert isinstance(seen[500].json()["detail"], str)


async def test_rate_limit_answers_429_with_retry_after_until_the_clock_moves() -> None:
    app = _app(rate_limit=2)
    async with asgi_client(app) as client:
        headers = _admin(app)
        assert [(await client.get("/users/me", headers=headers)).status_code for _ in range(2)] == [200, 200]
        limited = await client.get("/users/me", headers=headers)
        assert limited.status_code == 429
        assert limited.json() == {"detail": "Minute request limit exceeded."}
        assert limited.headers["retry-after"] == "1"
        # Another token has its own bucket.
        viewer = bearer(app.state.demo_credentials["tokens"]["viewer"])
        assert (await client.get("/users/me", headers=viewer)).status_code == 200
        app.state.clock.advance(1)
        assert (await client.get("/users/me", headers=headers)).status_code == 200


async def test_throttle_rate_answers_429() -> None:
    app = _app(throttle_rate=1.0)
    async with asgi_client(app) as client:
        response = await client.get("/users/me", headers=_admin(app))
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) >= 1


async def test_latency_waits_fixed_plus_jitter() -> None:
    app = _app(latency_ms=250, jitter_ms=100)
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    app.fault_injector.sleep = record  # type: ignore[attr-defined]
    async with asgi_client(app) as client:
        for _ in range(5):
            assert (await client.get("/users/me", headers=_admin(app))).status_code == 200
    assert len(waits) == 5
    assert all(0.25 <= w < 0.35 for w in waits)
    assert len(set(waits)) > 1


async def test_health_and_docs_are_never_faulted() -> None:
    app = _app(error_rate=1.0, drop_rate=1.0)
    async with asgi_client(app) as client:
        assert (await client.get("/health")).status_code == 200
        assert (await client.get("/openapi.json")).status_code == 200
        assert (await client.get("/docs")).status_code == 200


async def test_in_process_drops_raise_out_of_the_transport() -> None:
    app = _app(drop_rate=1.0)
    async with asgi_client(app) as client:
        with pytest.raises(DroppedConnection):
            await client.get("/organizations", headers=_admin(app))


async def test_in_process_lost_responses_still_apply_the_change() -> None:
    app = _app(lost_response_rate=1.0)
    org_id = next(iter(app.state.pro.store.organizations))
    async with asgi_client(app) as client:
        with pytest.raises(ConnectionResetError):
            await client.post(
                "/teams", headers=_admin(app), json={"name": "lost-team", "organization_id": org_id}
            )
        app.state.faults.update({"lost_response_rate": 0})
        teams = (await client.get(f"/organizations/{org_id}/teams", headers=_admin(app))).json()
    assert "lost-team" in {t["name"] for t in teams}


async def test_faults_switch_at_run_time_through_the_sandbox_route() -> None:
    app = _app()
    async with asgi_client(app) as client:
        headers = _admin(app)
        assert (await client.get("/_sandbox/faults", headers=headers)).json()["error_rate"] == 0
        switched = await client.put("/_sandbox/faults", headers=headers, json={"error_rate": 1})
        assert switched.status_code == 200
        assert switched.json()["error_rate"] == 1
        assert (await client.get("/organizations", headers=headers)).status_code >= 500
        assert (
            await client.put("/_sandbox/faults", headers=headers, json={"error_rate": 0})
        ).status_code == 200
        assert (await client.get("/organizations", headers=headers)).status_code == 200
        for bad in ({"error_rate": 2}, {"drop_rate": -1}, {"nonsense": 1}, {"rate_limit": 0}):
            refused = await client.put("/_sandbox/faults", headers=headers, json=bad)
            assert refused.status_code == 422, bad
            assert refused.json()["detail"][0] == "ValueError"


# -- over real HTTP ------------------------------------------------------------------------------
@asynccontextmanager
async def _http(server: SandboxServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        base_url=server.url, headers=bearer(server.tokens["admin"]), timeout=10
    ) as client:
        yield client


@contextmanager
def _faults(server: SandboxServer, **settings: float) -> Iterator[None]:
    headers = bearer(server.tokens["admin"])
    with httpx.Client(base_url=server.url, headers=headers, timeout=10) as client:
        assert client.put("/_sandbox/faults", json=settings).status_code == 200
        try:
            yield
        finally:
            reset = dict.fromkeys(settings, 0)
            assert client.put("/_sandbox/faults", json=reset).status_code == 200


async def test_http_drops_are_transport_errors(sandbox_server: SandboxServer) -> None:
    async with _http(sandbox_server) as client:
        with _faults(sandbox_server, drop_rate=1), pytest.raises(httpx.TransportError):
            await client.get("/organizations")
        assert (await client.get("/organizations")).status_code == 200


async def test_http_lost_responses_apply_the_change(sandbox_server: SandboxServer) -> None:
    name = f"lost-{uuid.uuid4().hex[:8]}"
    async with _http(sandbox_server) as client:
        org_id = (await client.get("/organizations/acme-ml")).json()["id"]
        with _faults(sandbox_server, lost_response_rate=1), pytest.raises(httpx.TransportError):
            await client.post("/teams", json={"name": name, "organization_id": org_id})
        teams = (await client.get(f"/organizations/{org_id}/teams")).json()
        assert name in {t["name"] for t in teams}
        team_id = next(t["id"] for t in teams if t["name"] == name)
        assert (await client.delete(f"/teams/{team_id}")).status_code == 204


async def test_http_server_errors_and_throttling(sandbox_server: SandboxServer) -> None:
    async with _http(sandbox_server) as client:
        with _faults(sandbox_server, throttle_rate=1):
            throttled = await client.get("/organizations")
        assert throttled.status_code == 429
        assert "retry-after" in throttled.headers
        with _faults(sandbox_server, error_rate=1):
            failed = await client.get("/organizations")
        assert failed.status_code in (500, 502, 503)


@pytest.mark.anyio
async def test_error_statuses_choose_which_server_errors_are_injected() -> None:
    app = new_app(error_rate=1.0, error_statuses=(503,))
    headers = {"Authorization": f"Bearer {app.state.demo_credentials['tokens']['admin']}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.localhost") as c:
        statuses = {(await c.get("/organizations", headers=headers)).status_code for _ in range(20)}
    assert statuses == {503}


def test_error_statuses_are_checked_when_set_at_run_time() -> None:
    from zpro_nb.emulator.faults import FaultSettings

    settings = FaultSettings()
    with pytest.raises(ValueError, match="error_statuses"):
        settings.update({"error_statuses": [418]})
    settings.update({"error_statuses": [502, 504]})
    assert settings.error_statuses == (502, 504)
