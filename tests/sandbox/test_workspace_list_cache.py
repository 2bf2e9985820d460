"""Kept run orders and memoized timestamps change nothing a client sees, before or after mutations.

The runs list keeps its sorted and filtered order between pages (``OrderCache``) and renders each
timestamp once (``iso``). These tests read the same pages with the cache on and with it defeated
(a stamp that never repeats), after runs were added in between, and require identical answers.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Hashable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fixtures_sandbox import new_app

from zpro_nb.emulator.list_order_cache import OrderCache, VersionedDict
from zpro_nb.emulator.workspace.models import iso
from zpro_nb.emulator.workspace.state import WorkspaceState

QUERIES: list[dict[str, Any]] = [
    {"size": 50},
    {"size": 50, "page": 3},
    {"size": 40, "sort_by": "desc:created"},
    {"size": 40, "page": 2, "sort_by": "desc:created", "hydrate": True},
    {"size": 30, "sort_by": "asc:name"},
    {"size": 30, "sort_by": "desc:index"},
    {"size": 30, "sort_by": "status"},
    {"size": 25, "sort_by": "desc:end_time"},
    {"size": 25, "status": "completed"},
    {"size": 25, "status": 'oneof:["failed", "cached"]', "sort_by": "desc:start_time"},
    {"size": 25, "pipeline_name": "contains:train"},
    {"size": 25, "status": "running", "index": "lte:3", "logical_operator": "or"},
    {"size": 10_000},
]


@pytest.fixture
def app() -> FastAPI:
    return new_app()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test") as c:
        yield c


async def _admin_workspace(client: httpx.AsyncClient, app: FastAPI) -> tuple[str, dict[str, str]]:
    pro = {"Authorization": f"Bearer {app.state.demo_credentials['tokens']['admin']}"}
    workspaces = (await client.get("/workspaces", headers=pro)).json()
    url: str = next(w for w in workspaces if w["status"] == "available")["zenml_service"]["status"][
        "server_url"
    ]
    login = await client.post(f"{url}/api/v1/login", headers=pro)
    assert login.status_code == 200, login.text
    return url, {"Authorization": f"Bearer {login.json()['access_token']}"}


async def _pages(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> list[Any]:
    answers = []
    for query in QUERIES:
        response = await client.get(f"{url}/api/v1/runs", params=query, headers=headers)
        answers.append((response.status_code, response.json()))
    return answers


def _never_the_same_stamp(self: WorkspaceState) -> Hashable:
    return object()


@pytest.mark.anyio
async def test_run_pages_are_the_same_with_and_without_kept_orders_after_mutations(
    client: httpx.AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, admin = await _admin_workspace(client, app)
    added = await client.post(f"{url}/_sandbox/runs", params={"count": 400}, headers=admin)
    assert added.status_code == 200
    cached = await _pages(client, url, admin)
    for _ in range(3):
        assert cached == await _pages(client, url, admin), "a kept order answers like the first time"
        # A mutation between two cached reads must drop the kept orders (else pages go stale).
        before = cached[0][1]["total"]
        await client.post(f"{url}/_sandbox/runs", params={"count": 150}, headers=admin)
        cached = await _pages(client, url, admin)
        assert cached[0][1]["total"] == before + 150
        with monkeypatch.context() as patch:
            patch.setattr(WorkspaceState, "runs_stamp", _never_the_same_stamp)
            assert cached == await _pages(client, url, admin)
        cached = await _pages(client, url, admin)
    assert all(status == 200 for status, _ in cached)
    assert any(0 < len(page["items"]) < page["total"] for _, page in cached), "filters select something"


def test_a_versioned_dict_counts_every_change_of_keys_or_values() -> None:
    items: VersionedDict[str, int] = VersionedDict()
    seen = [items.version]
    changes = [
        lambda: items.__setitem__("a", 1),
        lambda: items.update({"b": 2}),
        lambda: items.setdefault("c", 3),
        lambda: items.pop("a"),
        lambda: items.__delitem__("b"),
        lambda: items.__ior__({"d": 4}),
        lambda: items.popitem(),
        lambda: items.clear(),
    ]
    for change in changes:
        change()
        seen.append(items.version)
    assert seen == sorted(set(seen)), "every change moves the version forward"


def test_an_order_cache_recomputes_on_a_new_stamp_and_forgets_the_least_recently_used() -> None:
    cache: OrderCache[int] = OrderCache(max_orders=2)
    calls: list[str] = []

    def compute(name: str) -> list[int]:
        calls.append(name)
        return [len(calls)]

    assert cache.order(1, "a", lambda: compute("a")) == [1]
    assert cache.order(1, "a", lambda: compute("a")) == [1]
    cache.order(1, "b", lambda: compute("b"))
    cache.order(1, "a", lambda: compute("a"))  # "a" is now the most recently used
    cache.order(1, "c", lambda: compute("c"))  # evicts "b"
    cache.order(1, "b", lambda: compute("b"))
    assert calls == ["a", "b", "c", "b"]
    assert len(cache) == 2
    assert cache.order(2, "a", lambda: compute("a")) == [5], "a new stamp drops every kept order"


def test_memoized_timestamps_format_like_the_real_server() -> None:
    rng = random.Random(3)
    for _ in range(500):
        ts = rng.uniform(0, 2_000_000_000) + rng.choice([0.0, 0.5, 0.000001])
        expected = datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
        assert iso(ts) == expected
        assert iso(ts) == expected
    assert iso(None) is None
