"""Every JSON answer, Pro and workspace alike, is encoded by the sandbox's pydantic-core response."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fixtures_sandbox import new_app

from zpro_nb.emulator.json_response import FastJSONResponse


@pytest.mark.anyio
async def test_pro_and_workspace_lists_go_through_the_fast_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[int] = []
    original = FastJSONResponse.render

    def counting(self: FastJSONResponse, content: Any) -> bytes:
        body = original(self, content)
        rendered.append(len(body))
        return body

    monkeypatch.setattr(FastJSONResponse, "render", counting)
    app = new_app(workspace_ready_delay_s=0)
    headers = {"Authorization": f"Bearer {app.state.demo_credentials['tokens']['admin']}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.localhost") as c:
        workspaces = (await c.get("/workspaces", headers=headers, params={"status": "available"})).json()
        assert len(rendered) == 1
        ws = workspaces[0]["id"]
        token = (await c.post(f"/ws/{ws}/api/v1/login", headers=headers)).json()["access_token"]
        runs = await c.get(f"/ws/{ws}/api/v1/runs", headers={"Authorization": f"Bearer {token}"})
    assert runs.status_code == 200
    assert runs.json()["items"]  # the same envelope, decoded as before
    assert len(rendered) == 3  # the list, the login answer and the runs page
