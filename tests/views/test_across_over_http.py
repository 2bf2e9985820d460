"""Calls across workspaces over real HTTP, against a sandbox process of this module's own (a workspace
is deactivated in the middle of a call, which a shared server must not see)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import httpx
import pytest
from fixtures_sandbox import SandboxServer, start_sandbox_server, stop_sandbox_server

import zpro_nb
from zpro_nb._core.retry import RetryPolicy
from zpro_nb.errors import WorkspacesLeftOut
from zpro_nb.frames import SCHEMAS

from .across_support import DeactivateOnFirstRead


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    started = start_sandbox_server("--ready-delay", "0")
    yield started
    assert stop_sandbox_server(started) == 0


def _available(server: SandboxServer) -> list[dict[str, str]]:
    answer = httpx.get(
        f"{server.url}/workspaces",
        params={"status": "available", "limit": 100},
        headers={"Authorization": f"Bearer {server.tokens['admin']}"},
    )
    assert answer.status_code == 200, answer.text
    return sorted(answer.json(), key=lambda w: w["name"])


def test_runs_across_workspaces_over_http(server: SandboxServer) -> None:
    with zpro_nb.connect(url=server.url, token=server.tokens["admin"]) as s:
        with warnings.catch_warnings():
            warnings.simplefilter("error", WorkspacesLeftOut)
            frame = s.runs(max_items=2, progress=False)
        held = _available(server)
        assert list(frame.columns) == ["workspace", "workspace_id", *SCHEMAS["runs"].names]
        assert sorted(set(frame["workspace_id"])) == sorted(w["id"] for w in held)
        for workspace in held:
            assert list(frame[frame["workspace_id"] == workspace["id"]]["id"]) == list(
                s.workspace(workspace["id"]).runs(max_items=2)["id"]
            )


def test_a_workspace_deactivated_mid_call_over_http(server: SandboxServer) -> None:
    network = DeactivateOnFirstRead(httpx.AsyncHTTPTransport(), server.url, server.tokens["admin"])
    held = _available(server)
    victim = held[0]
    network.victim = victim["id"]
    # No resends: the sandbox's 503 for a stopped workspace asks to come back in 5 s of real time.
    with (
        zpro_nb.connect(
            url=server.url, token=server.tokens["admin"], transport=network, retry=RetryPolicy(max_retries=0)
        ) as s,
        pytest.warns(WorkspacesLeftOut, match=victim["name"]),
    ):
        frame = s.api_keys(progress=False)
    assert network.done
    assert set(frame["workspace_id"]) == {w["id"] for w in held[1:]}
    errors = frame.zpro.errors
    assert errors["workspace_id"].tolist() == [victim["id"]]
    assert "ServerError" in str(errors["error"].iloc[0]) or "not available" in str(errors["error"].iloc[0])
