"""A workspace create whose answer never arrives creates one workspace, not two, and does not fail.

A create (POST) is not idempotent, so the core never resends it blindly after the server may have
acted. ``create_workspace`` looks the name up first: found, it returns that workspace; not found
(the server never acted), it sends the create once more. Read back through the raw API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
import httpx
import pytest
from canary_plugin import CanaryCredentials
from fixtures_sandbox import new_app

import zpro_nb
from zpro_nb._core.in_process import InProcessTransport

URL = "http://sandbox.localhost"


class FirstCreateGoesWrong(httpx.AsyncBaseTransport):
    """Passes requests to the in-process app; ``spoil`` decides what the first workspace create meets."""

    def __init__(self, app: Any, spoil: Callable[[Any], None] | None = None, *, answer: int | None = None):
        self.inner = InProcessTransport(app=app)
        self.app = app
        self.spoil = spoil
        self.answer = answer
        self.creates = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        is_create = request.method == "POST" and request.url.path == "/workspaces"
        if not is_create:
            return await self.inner.handle_async_request(request)
        self.creates += 1
        if self.creates > 1:
            return await self.inner.handle_async_request(request)
        if self.answer is not None:  # a gateway error before the request reached the service
            return httpx.Response(self.answer, json={"detail": "Bad Gateway"}, request=request)
        # The sandbox's own lost-response fault, switched on for this one request.
        self.app.state.faults.update({"lost_response_rate": 1.0})
        try:
            return await self.inner.handle_async_request(request)
        finally:
            self.app.state.faults.update({"lost_response_rate": 0.0})


async def read_named(app: Any, name: str, token: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=URL) as raw:
        found = await raw.get(
            "/workspaces", params={"limit": 100}, headers={"Authorization": f"Bearer {token}"}
        )
        assert found.status_code == 200, found.text
        return [w for w in found.json() if w["name"] == name]


@pytest.mark.parametrize("answer", [None, 502, 503, 504], ids=["lost-answer", "502", "503", "504"])
def test_a_create_without_an_answer_makes_one_workspace_and_returns_it(
    answer: int | None, canaries: CanaryCredentials
) -> None:
    app = new_app(workspace_ready_delay_s=0)
    transport = FirstCreateGoesWrong(app, answer=answer)
    s = zpro_nb.connect(url=URL, token=canaries.token, transport=transport)
    try:
        created = s.create_workspace("once-only", organization="acme-ml", wait=False)
        assert created.name == "once-only"
        held = anyio.run(read_named, app, "once-only", canaries.api_key)
        assert len(held) == 1
        assert held[0]["id"] == created.id
        # lost answer: the lookup found it, no second create; gateway error: nothing was made, one resend
        assert transport.creates == (1 if answer is None else 2)
        assert app.fault_injector.injected["lost_response"] == (1 if answer is None else 0)
    finally:
        s.close()


def test_a_500_is_not_resent_and_says_so() -> None:
    # By design the core leaves a 500 on a write to the caller (the write may have taken effect).
    app = new_app(workspace_ready_delay_s=0)
    transport = FirstCreateGoesWrong(app, answer=500)
    token = app.state.demo_credentials["tokens"]["admin"]
    s = zpro_nb.connect(url=URL, token=token, transport=transport)
    try:
        with pytest.raises(zpro_nb.errors.ServerError) as caught:
            s.create_workspace("not-twice", organization="acme-ml", wait=False)
        assert caught.value.status == 500
        assert transport.creates == 1
        assert "not-twice" not in s.workspaces()["name"].tolist()
    finally:
        s.close()
