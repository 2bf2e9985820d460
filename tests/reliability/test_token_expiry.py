"""A token that expires in the middle of a bulk apply: a clear error, nothing half-done, and a resume.

A sandbox server of its own (its clock is moved, so it is not shared). The session signs in with
the demo admin's token; after a few rows the sandbox clock jumps past the token's lifetime
(``POST /_sandbox/clock``, sent with the canary key, which does not expire). The apply stops with
``ApplyInterrupted`` whose cause is the documented ``AuthenticationError``; a raw read-back shows
exactly the rows reported done, and after ``s.login(token=new)`` the same plan finishes the rest.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pandas as pd
import pytest
from canary_plugin import CanaryCredentials
from fixtures_sandbox import new_app, start_sandbox_server

import zpro_nb
from zpro_nb._core.clock import ManualClock
from zpro_nb._core.in_process import InProcessTransport
from zpro_nb.errors import ApplyInterrupted
from zpro_nb.runbooks import SandboxServer

ORG = "acme-ml"
ROLES = ("Workspace Viewer", "Workspace Developer", "Workspace Contributor")


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with start_sandbox_server("--ready-delay", "0") as running:
        yield running


def raw(server: SandboxServer, canaries: CanaryCredentials) -> httpx.Client:
    return httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {canaries.api_key}"}, timeout=30
    )


def held(client: httpx.Client) -> set[tuple[str, str, str]]:
    """(role name, user email, workspace id) of every workspace-level assignment, read raw."""
    org_id = client.get(f"/organizations/{ORG}").json()["id"]
    found: set[tuple[str, str, str]] = set()
    for role in client.get(f"/organizations/{org_id}/roles", params={"limit": 100}).json():
        offset = 0
        while True:
            page = client.get(
                f"/roles/{role['id']}/assignments", params={"offset": offset, "limit": 100}
            ).json()
            for a in page:
                if a.get("workspace_id") and a.get("user"):
                    found.add((role["name"], a["user"]["email"], a["workspace_id"]))
            offset += len(page)
            if len(page) < 100:
                break
    return found


def sheet(client: httpx.Client, rows: int) -> pd.DataFrame:
    users = sorted(
        u["email"] for u in client.get("/users", params={"limit": 100}).json() if u.get("is_active")
    )
    org_id = client.get(f"/organizations/{ORG}").json()["id"]
    workspaces = [w["name"] for w in client.get("/workspaces", params={"organization_id": org_id}).json()]
    records = [
        {"user": u, "role": r, "workspace": w, "organization": ORG}
        for u in users
        for w in workspaces
        for r in ROLES
    ]
    return pd.DataFrame(records[:rows])


def test_expiry_mid_apply_stops_cleanly_and_resumes_after_login(
    server: SandboxServer, canaries: CanaryCredentials
) -> None:
    client = raw(server, canaries)
    s = zpro_nb.connect(url=server.url, token=server.tokens["admin"])
    try:
        workspace_ids = {w["name"]: w["id"] for w in client.get("/workspaces").json()}
        plan = s.plan_role_assignments(sheet(client, 40))
        to_add = plan.counts()["to add"]
        assert to_add >= 20
        before = held(client)
        rows_seen: list[Any] = []

        def expire_after_eight(row: Any) -> None:
            rows_seen.append(row)
            if len(rows_seen) == 8:
                moved = client.post("/_sandbox/clock", json={"advance_s": 3700})
                assert moved.status_code == 200, moved.text

        with pytest.raises(ApplyInterrupted) as caught:
            plan.apply(on_row=expire_after_eight)
        cause = caught.value.cause
        assert isinstance(cause, zpro_nb.errors.AuthenticationError)
        said = str(cause)
        assert "expire" in said  # when: the token's own expiry time ...
        assert "s.login(token=" in said  # ... and how to go on
        assert "apply() again" in str(caught.value)

        results = plan.results
        done = results[results["outcome"] == "done"]
        assert 8 <= len(done) < to_add
        made = held(client) - before
        expected_done = {(r.role, r.user, workspace_ids[r.workspace]) for r in done.itertuples()}
        assert made == expected_done  # exactly the rows reported done, nothing half-way

        fresh = client.post("/auth/login", data={"password": canaries.api_key}).json()["access_token"]
        s.login(token=fresh)
        results = plan.apply()
        assert set(results["outcome"]) == {"done"}
        made = held(client) - before
        assert len(made) == to_add
        assert len(s.journal) == to_add  # each change journaled once
    finally:
        s.close()
        client.close()


def test_expiry_seen_by_the_client_clock_names_the_time() -> None:
    # The client's own check (no request sent) gives the documented message too.
    clock = ManualClock(start=time.time())
    app = new_app()
    token = app.state.demo_credentials["tokens"]["manager"]
    s = zpro_nb.connect(
        url="http://sandbox.localhost", token=token, clock=clock, transport=InProcessTransport(app=app)
    )
    try:
        clock.advance(2 * 3600)
        with pytest.raises(zpro_nb.errors.AuthenticationError, match=r"expired at .* UTC .*s\.login\(token="):
            s.workspaces()
    finally:
        s.close()
