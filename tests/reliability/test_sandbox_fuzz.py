"""The sandbox as a service: schema-driven fuzzing finds no 500 and no answer that breaks its own schema.

``tests/sandbox/test_pro_schema.py`` checks the Pro operations for 5xx only. Here every operation,
Pro *and* workspace (``/ws/{workspace_id}/...``), is fuzzed from ``/openapi.json`` with two
checks: no server error, and every response conforms to the schema the sandbox publishes for
it. Workspace operations get the id of a real, available workspace in the path and a workspace
token (from ``zenml-external`` login) as the bearer. Bounded: a few examples per operation.
The sandbox-only controls are left out (they could switch faults on).
"""

from __future__ import annotations

import re

import anyio
import httpx
import schemathesis
from fixtures_sandbox import new_app
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

APP = new_app(seed=23, workspace_ready_delay_s=0)
ADMIN = APP.state.demo_credentials["tokens"]["admin"]


async def _workspace_login() -> tuple[str, str]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=APP), base_url="http://sandbox.localhost"
    ) as c:
        bearer = {"Authorization": f"Bearer {ADMIN}"}
        found = (await c.get("/workspaces/production", headers=bearer)).json()
        login = await c.post(f"/ws/{found['id']}/api/v1/login", headers=bearer)
        assert login.status_code == 200, login.text
        return str(found["id"]), str(login.json()["access_token"])


WORKSPACE_ID, WORKSPACE_TOKEN = anyio.run(_workspace_login)
#: status codes answered, per half: proves the workspace half was reached with a valid token
SEEN: dict[str, list[int]] = {"pro": [], "workspace": []}

schema = schemathesis.openapi.from_asgi("/openapi.json", APP).exclude(path_regex=r"^/_sandbox/")
CHECKS = [not_a_server_error, response_schema_conformance]
WS_PATH = re.compile(r"^/ws/")


@schema.parametrize()
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_operation_answers_500_or_breaks_its_schema(case: schemathesis.Case) -> None:
    half = "workspace" if WS_PATH.match(case.path) else "pro"
    if half == "workspace":
        case.path_parameters = {**(case.path_parameters or {}), "workspace_id": WORKSPACE_ID}
    token = WORKSPACE_TOKEN if half == "workspace" else ADMIN
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    SEEN[half].append(response.status_code)
    case.validate_response(response, checks=CHECKS)


def test_both_halves_were_really_exercised() -> None:
    # Runs after the fuzz cases above (same module, declared later).
    for half, statuses in SEEN.items():
        print(f"{half}: {len(statuses)} requests, {sum(200 <= s < 300 for s in statuses)} answered 2xx")
        assert sum(200 <= s < 300 for s in statuses) >= 20, half
        assert not any(s >= 500 for s in statuses)
