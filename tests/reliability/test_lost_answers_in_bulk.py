"""A bulk apply whose answers get lost (the change made, the answer dropped) still changes each row once.

The sandbox's own ``lost_response_rate`` drops a third of the answers *after* acting, with dropped
connections and 503s on top. Every change in a plan answers a repeat with 409 (or 404 on a
removal), so its rows are resent, and a repeat's 409 proves the earlier attempt landed; should an
apply stop anyway, ``apply()`` again does the rest. Read back raw: every planned assignment exists
once, and the journal has each change once.
"""

from __future__ import annotations

import anyio
import httpx
import pandas as pd
from canary_plugin import CanaryCredentials
from fixtures_sandbox import new_app

import zpro_nb
from zpro_nb._core.in_process import InProcessTransport
from zpro_nb._core.retry import RetryPolicy
from zpro_nb.errors import ApplyInterrupted

URL = "http://sandbox.localhost"
ORG = "acme-ml"
ROLES = ("Workspace Viewer", "Workspace Developer", "Workspace Contributor")


async def held(app: object, key: str) -> list[tuple[str, str, str]]:
    """(role, email, workspace id) of every workspace-level user assignment, read raw, duplicates kept."""
    bearer = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=URL, headers=bearer) as c:  # type: ignore[arg-type]
        org_id = (await c.get(f"/organizations/{ORG}")).json()["id"]
        found: list[tuple[str, str, str]] = []
        for role in (await c.get(f"/organizations/{org_id}/roles", params={"limit": 100})).json():
            offset = 0
            while True:
                page = (
                    await c.get(f"/roles/{role['id']}/assignments", params={"offset": offset, "limit": 100})
                ).json()
                found += [
                    (role["name"], a["user"]["email"], a["workspace_id"])
                    for a in page
                    if a.get("workspace_id") and a.get("user")
                ]
                offset += len(page)
                if len(page) < 100:
                    break
        return found


def test_lost_answers_in_a_bulk_apply_change_each_row_once(canaries: CanaryCredentials) -> None:
    app = new_app(fault_seed=5)
    fast = RetryPolicy(
        backoff_base=0.001, backoff_cap=0.005, max_retry_after=0.01, deadline=None, max_retries=10
    )
    s = zpro_nb.connect(url=URL, token=canaries.token, transport=InProcessTransport(app=app), retry=fast)
    try:
        users = sorted(s.users()["email"].dropna())[:8]
        workspaces = ["production", "staging"]
        sheet = pd.DataFrame(
            [{"user": u, "role": r, "workspace": w} for u in users for w in workspaces for r in ROLES]
        )
        plan = s.plan_role_assignments(sheet, organization=ORG)
        to_add = plan.counts()["to add"]
        assert to_add >= 30
        before = anyio.run(held, app, canaries.api_key)
        app.state.faults.update(
            {"lost_response_rate": 0.3, "drop_rate": 0.05, "error_rate": 0.05, "error_statuses": [503]}
        )
        rounds = 0
        while True:
            rounds += 1
            assert rounds <= 50, plan.outcomes()
            try:
                results = plan.apply()
            except ApplyInterrupted:
                continue  # a lost answer stops the apply: the rest, and the in-doubt rows, next round
            if not (results["outcome"] == "failed").any():
                break
        app.state.faults.update({"lost_response_rate": 0, "drop_rate": 0, "error_rate": 0})
        assert set(plan.results["outcome"]) == {"done"}
        after = anyio.run(held, app, canaries.api_key)
        made = [a for a in after if a not in before]
        assert len(made) == len(set(made)) == to_add  # each planned assignment exactly once
        assert len(s.journal) == to_add  # and journaled once
        assert app.fault_injector.injected["lost_response"] > 0
        print(f"lost answers: {app.fault_injector.injected}, {rounds} apply rounds")
    finally:
        s.close()
