"""A served sandbox for ZenML's judges: its own process, workspaces that only settle on request.

``judged_sandbox`` (module scope) runs ``python -m zpro_nb.emulator`` with a one-hour ready delay, so
a workspace stays ``pending`` until a test moves the sandbox clock (``POST /_sandbox/clock``): every
workspace state is reached through the sandbox's own HTTP API, never by reaching into its memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fixtures_sandbox import SandboxServer, bearer, start_sandbox_server, stop_sandbox_server

READY_DELAY_S = 3600.0
#: tokens outlive every clock move a test makes (the demo tokens are issued at start)
TOKEN_LIFETIME_S = 30 * 24 * 3600
ORGANIZATION = "acme-ml"


@dataclass
class JudgedSandbox:
    """A served sandbox and an HTTP client signed in as its demo admin."""

    server: SandboxServer
    http: httpx.Client

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def admin_api_key(self) -> str:
        return self.server.api_keys["admin"]

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = self.http.request(method, path, **kwargs)
        assert response.is_success, f"{method} {path} -> {response.status_code}: {response.text[:500]}"
        return response

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.call(method, path, **kwargs).json()

    def organization_id(self, name: str = ORGANIZATION) -> str:
        org_id: str = self.json("GET", f"/organizations/{name}")["id"]
        return org_id

    def create_workspace(self, name: str) -> dict[str, Any]:
        body = {"name": name, "organization_id": self.organization_id()}
        created: dict[str, Any] = self.json("POST", "/workspaces", json=body)
        return created

    def advance_clock(self, seconds: float) -> None:
        self.call("POST", "/_sandbox/clock", json={"advance_s": seconds})


@pytest.fixture(scope="module")
def judged_sandbox() -> Iterator[JudgedSandbox]:
    server = start_sandbox_server(
        "--ready-delay",
        str(READY_DELAY_S),
        "--token-lifetime",
        str(TOKEN_LIFETIME_S),
        "--workspace-limit",
        "50",
    )
    try:
        with httpx.Client(base_url=server.url, headers=bearer(server.tokens["admin"]), timeout=30) as http:
            yield JudgedSandbox(server, http)
    finally:
        assert stop_sandbox_server(server) == 0


def workspaces_in_every_state(sandbox: JudgedSandbox) -> dict[str, str]:
    """One new workspace per ZenML ``WorkspaceStatus``: ``{state: workspace id}``.

    ``available`` and ``failed`` settle when the clock passes the ready delay (a name with "fail"
    fails); ``pending`` is created after that move, so it stays pending; ``deactivated`` is asked
    for through the Pro API. ``deleted`` and ``not_initialized`` (reached only by the service's
    infrastructure) are set through the sandbox-only control ``PUT /_sandbox/workspaces/{id}/status``.
    """
    available = sandbox.create_workspace("judge-available")
    failed = sandbox.create_workspace("judge-fail-deploy")
    deactivated = sandbox.create_workspace("judge-deactivated")
    deleted = sandbox.create_workspace("judge-deleted")
    fresh = sandbox.create_workspace("judge-not-initialized")
    sandbox.advance_clock(READY_DELAY_S)
    sandbox.call("PATCH", f"/workspaces/{deactivated['id']}/deactivate")
    sandbox.call("PUT", f"/_sandbox/workspaces/{deleted['id']}/status", json={"status": "deleted"})
    sandbox.call("PUT", f"/_sandbox/workspaces/{fresh['id']}/status", json={"status": "not_initialized"})
    pending = sandbox.create_workspace("judge-pending")
    ids = {
        "not_initialized": fresh["id"],
        "pending": pending["id"],
        "available": available["id"],
        "failed": failed["id"],
        "deactivated": deactivated["id"],
        "deleted": deleted["id"],
    }
    for state, ws_id in ids.items():
        assert sandbox.json("GET", f"/workspaces/{ws_id}")["status"] == state
    return ids


@pytest.fixture(scope="module")
def every_state(judged_sandbox: JudgedSandbox) -> dict[str, str]:
    """:func:`workspaces_in_every_state`, made once per module."""
    return workspaces_in_every_state(judged_sandbox)
