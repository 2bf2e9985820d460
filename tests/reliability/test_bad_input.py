"""Bad input, table-driven: each kind gives a clear error naming the field and the fix, and changes nothing.

Every case runs against one in-process sandbox, signed in with the run's canary token. After each
case the state is read back through the API (workspaces, teams, invitations, role assignments,
service accounts and API keys) and must equal what it was before any case ran. The test ids are
numbered: the count of kinds is the highest number.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import anyio
import httpx
import pandas as pd
import pytest
from canary_plugin import CanaryCredentials
from fixtures_sandbox import new_app

import zpro_nb
from zpro_nb._core.in_process import InProcessTransport
from zpro_nb.workspace_session import connect_workspace

URL = "http://sandbox.localhost"
ORG = "acme-ml"


@dataclass
class World:
    s: zpro_nb.Session
    ws: Any  # WorkspaceSession on "production"
    app: Any


@dataclass(frozen=True)
class Case:
    """One kind of bad input: what to call, the error expected, and words its message must hold."""

    call: Callable[[World], object]
    error: type[BaseException]
    says: str  # a regex: the field and the fix (or what is accepted)


def sheet(**cells: str) -> pd.DataFrame:
    return pd.DataFrame([cells])


def plan_errors(w: World, source: object) -> None:
    """Planning never sends anything; a bad sheet shows in ``plan.errors`` and ``apply()`` refuses."""
    plan = w.s.plan_role_assignments(source, organization=ORG)
    assert plan.errors, "the plan should have errors"
    plan.apply()  # raises PlanHasErrors: nothing sent


SA = "airflow-bridge"
CASES: dict[str, Case] = {
    # --- workspace names and fields (Session.create_workspace / update_workspace)
    "workspace-name-too-long": Case(
        lambda w: w.s.create_workspace("a" * 51, organization=ORG, wait=False), ValueError, r"at most 50"
    ),
    "workspace-name-bad-characters": Case(
        lambda w: w.s.create_workspace("Bad_Name", organization=ORG, wait=False),
        ValueError,
        r"lowercase.*'_'",
    ),
    "workspace-name-empty": Case(
        lambda w: w.s.create_workspace("", organization=ORG, wait=False), ValueError, r"empty"
    ),
    "workspace-name-unicode": Case(
        lambda w: w.s.create_workspace("prodüction", organization=ORG, wait=False), ValueError, r"'ü'"
    ),
    "workspace-name-wrong-type": Case(
        lambda w: w.s.create_workspace(123, organization=ORG, wait=False),  # type: ignore[arg-type]
        ValueError,
        r"workspace name is text, not int",
    ),
    "workspace-name-leading-hyphen": Case(
        lambda w: w.s.create_workspace("-prod", organization=ORG, wait=False), ValueError, r"starts and ends"
    ),
    "display-name-too-long": Case(
        lambda w: w.s.create_workspace("fresh-one", organization=ORG, display_name="x" * 51, wait=False),
        zpro_nb.errors.ValidationFailed,
        r"display_name.*at most 50",
    ),
    "description-huge": Case(
        lambda w: w.s.create_workspace("fresh-two", organization=ORG, description="x" * 100_000, wait=False),
        zpro_nb.errors.ValidationFailed,
        r"description.*at most 256",
    ),
    "update-nothing-to-change": Case(
        lambda w: w.s.update_workspace("production"), ValueError, r"pass display_name=, description="
    ),
    "update-display-name-too-long": Case(
        lambda w: w.s.update_workspace("production", display_name="x" * 60),
        zpro_nb.errors.ValidationFailed,
        r"display_name.*at most 50",
    ),
    # --- unknown names and ids
    "unknown-organization": Case(
        lambda w: w.s.workspaces(organization="no-such-org"),
        zpro_nb.errors.NotFound,
        r"no organization called 'no-such-org'",
    ),
    "unknown-workspace": Case(
        lambda w: w.s.get_workspace("no-such-ws"),
        zpro_nb.errors.NotFound,
        r"no workspace called 'no-such-ws'",
    ),
    "unknown-workspace-uuid": Case(
        lambda w: w.s.delete_workspace("00000000-0000-0000-0000-000000000000"),
        zpro_nb.errors.NotFound,
        r"no workspace called",
    ),
    "unknown-user-with-suggestions": Case(
        lambda w: w.s.deactivate_user("admn@acme.example"),
        zpro_nb.errors.NotFound,
        r"no user called 'admn@acme.example'; did you mean 'admin@acme.example'",
    ),
    "unknown-user-without-unrelated-suggestions": Case(
        lambda w: w.s.deactivate_user("ghost@acme.example"),
        zpro_nb.errors.NotFound,
        r"no user called 'ghost@acme.example' — what to do: check the spelling",
    ),
    "unknown-role": Case(
        lambda w: w.s.assign_role("Workspace Admn", user="admin@acme.example", workspace="production"),
        zpro_nb.errors.NotFound,
        r"no role called 'Workspace Admn'.*did you mean 'Workspace Admin'",
    ),
    "unknown-team": Case(
        lambda w: w.s.add_team_member("no-team", "admin@acme.example", organization=ORG),
        zpro_nb.errors.NotFound,
        r"no team called 'no-team'",
    ),
    "unknown-status": Case(
        lambda w: w.s.workspaces(status="sleeping"),
        zpro_nb.errors.ValidationFailed,
        r"Unknown status 'sleeping'; expected one of",
    ),
    "unknown-role-level": Case(
        lambda w: w.s.roles(organization=ORG, level="galaxy"),
        zpro_nb.errors.ValidationFailed,
        r"level must be 'organization', 'workspace' or 'project'",
    ),
    "role-needs-one-principal": Case(
        lambda w: w.s.assign_role("Workspace Viewer", workspace="production"),
        ValueError,
        r"exactly one of user= or team=",
    ),
    # --- invitations and teams
    "invite-malformed-email": Case(
        lambda w: w.s.invite_user("not-an-email", "Organization Member", organization=ORG),
        zpro_nb.errors.ValidationFailed,
        r"email.*pattern",
    ),
    "invite-huge-email": Case(
        lambda w: w.s.invite_user("a" * 5000 + "@x.example", "Organization Member", organization=ORG),
        zpro_nb.errors.ValidationFailed,
        r"email.*at most 254",
    ),
    "team-name-empty": Case(
        lambda w: w.s.create_team("", organization=ORG), zpro_nb.errors.ValidationFailed, r"name.*at least 1"
    ),
    "team-name-too-long": Case(
        lambda w: w.s.create_team("t" * 1000, organization=ORG),
        zpro_nb.errors.ValidationFailed,
        r"name.*at most 50",
    ),
    "ambiguous-organization": Case(lambda w: w.s.create_team("new-team"), ValueError, r"pass organization="),
    # --- numbers: negative, zero, wrong type
    "days-negative": Case(
        lambda w: w.s.stale_invitations(days=-1), ValueError, r"days must be a number >= 0, got -1"
    ),
    "days-wrong-type": Case(
        lambda w: w.s.inactive_users(days="ten"), ValueError, r"days must be a number >= 0, not str"
    ),  # type: ignore[arg-type]
    "days-nan": Case(lambda w: w.s.inactive_users(days=float("nan")), ValueError, r"days must be a number"),
    "retain-minutes-negative": Case(
        lambda w: w.ws.rotate_api_key(SA, w.ws.api_keys(SA)["name"].iloc[0], retain_minutes=-5),
        ValueError,
        r"retain_minutes must be a number >= 0",
    ),
    # --- the workspace session
    "workspace-not-available": Case(
        lambda w: w.s.workspace("legacy-batch"),
        zpro_nb.errors.ZProError,
        r"deactivated.*only be reached while it is available",
    ),
    "workspace-unknown-resource": Case(
        lambda w: w.ws.get("spaceships", "x"),
        ValueError,
        r"resource must be one of .*components, .*pipelines",
    ),
    "workspace-unknown-run-name": Case(
        lambda w: w.ws.get("runs", "no-such-run"),
        zpro_nb.errors.NotFound,
        r"no run called 'no-such-run' in workspace production",
    ),
    "workspace-unknown-service-account": Case(
        lambda w: w.ws.create_api_key("no-such-sa", "k"),
        zpro_nb.errors.NotFound,
        r"no service account called 'no-such-sa'",
    ),
    "workspace-service-account-name-empty": Case(
        lambda w: w.ws.create_service_account(""), ValueError, r"name cannot be empty"
    ),
    "workspace-api-key-name-blank": Case(
        lambda w: w.ws.create_api_key(SA, "   "), ValueError, r"name cannot be empty"
    ),
    "workspace-service-account-wrong-type": Case(
        lambda w: w.ws.create_service_account(42), ValueError, r"name must be text, not int"
    ),  # type: ignore[arg-type]
    "workspace-bad-sort-field": Case(
        lambda w: w.ws.stacks(sort_by="; drop table"), zpro_nb.errors.ValidationFailed, r"sort_by"
    ),
    # --- sheets for plans (nothing is sent while a plan has errors)
    "sheet-missing-column": Case(
        lambda w: plan_errors(w, sheet(user="admin@acme.example")),
        zpro_nb.changes.PlanHasErrors,
        r"'role' is missing.*fix: add a 'role' column",
    ),
    "sheet-malformed-csv": Case(
        lambda w: plan_errors(w, io.StringIO('user,role\n"unterminated,x\n')),
        zpro_nb.changes.PlanHasErrors,
        r"CSV is malformed.*fix",
    ),
    "sheet-wrong-encoding": Case(
        lambda w: plan_errors(
            w,
            io.BytesIO(
                "user,role,workspace\nJosé@acme.example,Workspace Viewer,production\n".encode("latin-1")
            ),
        ),
        zpro_nb.changes.PlanHasErrors,
        r"not UTF-8.*fix: save the sheet as 'CSV UTF-8",
    ),
    "sheet-binary-garbage": Case(
        lambda w: plan_errors(w, io.BytesIO(b"\x00\x01\x02\xff\xfe")),
        zpro_nb.changes.PlanHasErrors,
        r"not UTF-8",
    ),
    "sheet-empty": Case(
        lambda w: plan_errors(w, pd.DataFrame()), zpro_nb.changes.PlanHasErrors, r"'role' is missing"
    ),
    "sheet-wrong-type": Case(
        lambda w: plan_errors(w, 42), zpro_nb.changes.PlanHasErrors, r"cannot read a sheet from a int.*fix"
    ),
    "sheet-missing-file": Case(
        lambda w: plan_errors(w, "/nonexistent/sheet.csv"),
        zpro_nb.changes.PlanHasErrors,
        r"no file called.*fix",
    ),
    "sheet-unknown-action": Case(
        lambda w: plan_errors(
            w,
            sheet(
                user="admin@acme.example", role="Workspace Viewer", workspace="production", action="explode"
            ),
        ),
        zpro_nb.changes.PlanHasErrors,
        r"column 'action'.*fix: write 'add'",
    ),
    "sheet-unknown-workspace": Case(
        lambda w: plan_errors(
            w, sheet(user="admin@acme.example", role="Workspace Viewer", workspace="ghost")
        ),
        zpro_nb.changes.PlanHasErrors,
        r"column 'workspace': no workspace called 'ghost'.*fix",
    ),
    "sheet-blank-cells": Case(
        lambda w: plan_errors(w, sheet(user="", role="", workspace="")),
        zpro_nb.changes.PlanHasErrors,
        r"column 'user'.*fix: fill in",
    ),
    "sheet-duplicate-columns": Case(
        lambda w: plan_errors(w, io.StringIO("user,user,role\na,b,c\n")),
        zpro_nb.changes.PlanHasErrors,
        r"both give the user.*fix",
    ),
    "sheet-huge-cell": Case(
        lambda w: plan_errors(w, sheet(user="x" * 100_000, role="Workspace Viewer", workspace="production")),
        zpro_nb.changes.PlanHasErrors,
        r"column 'user': no user called",
    ),
    # --- connect(): URLs, plain http, limits
    "connect-not-a-url": Case(
        lambda w: zpro_nb.connect(token="x" * 20, url="not a url"),
        ValueError,
        r"expected an http\(s\):// URL",
    ),
    "connect-wrong-scheme": Case(
        lambda w: zpro_nb.connect(token="x" * 20, url="ftp://example.com"),
        ValueError,
        r"expected an http\(s\):// URL",
    ),
    "connect-plain-http-remote": Case(
        lambda w: zpro_nb.connect(token="x" * 20, url="http://pro.example.com/api/v1"),
        ValueError,
        r"refusing plain http://.*Use https://",
    ),
    "connect-workspace-plain-http-remote": Case(
        lambda w: connect_workspace("http://ws.example.com", api_key="ZENKEY_" + "x" * 10),
        ValueError,
        r"refusing plain http://.*Use https://",
    ),
    "workspace-server-url-plain-http-remote": Case(
        lambda w: plain_http_workspace(w), ValueError, r"refusing plain http:// to ws.example.com"
    ),
    "connect-concurrency-zero": Case(
        lambda w: zpro_nb.connect(token="x" * 20, url="http://127.0.0.1:9", max_concurrency=0),
        ValueError,
        r"max_concurrency must be at least 1",
    ),
    "connect-rate-limit-negative": Case(
        lambda w: zpro_nb.connect(token="x" * 20, url="http://127.0.0.1:9", rate_limit=-1),
        ValueError,
        r"rate",
    ),
    "connect-timeout-negative": Case(
        lambda w: zpro_nb.connect(token="x" * 20, url="http://127.0.0.1:9", request_timeout=-1),
        ValueError,
        r"request_timeout must be a number > 0",
    ),
    # --- sandbox flags
    "sandbox-share-above-one": Case(
        lambda w: zpro_nb.sandbox(error_rate=2),
        ValueError,
        r"error_rate is a share of requests between 0 and 1",
    ),
    "sandbox-unknown-scale": Case(
        lambda w: zpro_nb.sandbox(scale="huge"), ValueError, r"scale must be 'demo' or 'large'"
    ),
    "sandbox-unknown-error-status": Case(
        lambda w: zpro_nb.sandbox(error_statuses=(418,)),
        ValueError,
        r"error_statuses must be .* 500, 502, 503, 504",
    ),
    "sandbox-negative-latency": Case(
        lambda w: zpro_nb.sandbox(latency_ms=-5), ValueError, r"latency_ms must be a number >= 0"
    ),
    "sandbox-unknown-user": Case(
        lambda w: zpro_nb.sandbox(as_user="root"), ValueError, r"as_user must be one of"
    ),
    "sandbox-live-fault-out-of-range": Case(
        lambda w: put_faults(w, {"drop_rate": 7}),
        AssertionError,
        r"drop_rate is a share of requests between 0 and 1",
    ),
}


def put_faults(w: World, body: dict[str, Any]) -> None:
    """``PUT /_sandbox/faults`` with a bad value: 422 naming the field (raised as AssertionError here)."""
    token = w.app.state.demo_credentials["tokens"]["admin"]

    async def put() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=w.app), base_url=URL) as raw:
            return await raw.put("/_sandbox/faults", json=body, headers={"Authorization": f"Bearer {token}"})

    answer = anyio.run(put)
    assert answer.status_code == 200, f"{answer.status_code} {answer.text}"


class RemoteWorkspaceUrls(httpx.AsyncBaseTransport):
    """Rewrites workspace ``url``s in Pro answers to plain http on a remote host (a misconfigured server)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path.startswith("/ws/") or not request.url.path.startswith(
            ("/workspaces", "/tenants")
        ):
            return response
        body = (await response.aread()).replace(b"http://sandbox.localhost/ws/", b"http://ws.example.com/ws/")
        headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
        return httpx.Response(response.status_code, headers=headers, content=body, request=request)


def plain_http_workspace(w: World) -> None:
    token = w.app.state.demo_credentials["tokens"]["admin"]
    s = zpro_nb.connect(url=URL, token=token, transport=RemoteWorkspaceUrls(InProcessTransport(app=w.app)))
    try:
        s.workspace("production")
    finally:
        s.close()


def state(w: World) -> str:
    """Everything a case could have changed, read back through the API, as one comparable text."""
    s, ws = w.s, w.ws
    parts = {
        "workspaces": sorted(s.workspaces()["name"]),
        "teams": sorted(s.teams(organization=ORG)["name"]),
        "invitations": sorted(s.invitations(organization=ORG)["email"]),
        "assignments": len(s.role_assignments(organization=ORG, progress=False)),
        "service_accounts": sorted(ws.service_accounts()["name"]),
        "api_keys": sorted(
            f"{k.service_account_name}/{k.name}/{k.last_rotated}" for k in ws.api_keys().itertuples()
        ),
        "faults": w.app.state.faults.as_dict(),
    }
    return json.dumps(parts, sort_keys=True, default=str)


@pytest.fixture(scope="module")
def world(canaries: CanaryCredentials) -> Iterator[World]:
    app = new_app()
    s = zpro_nb.connect(url=URL, token=canaries.token, transport=InProcessTransport(app=app))
    ws = s.workspace("production")
    yield World(s=s, ws=ws, app=app)
    ws.close()
    s.close()


@pytest.fixture(scope="module")
def before(world: World) -> str:
    return state(world)


IDS = [f"{n:02d}-{name}" for n, name in enumerate(CASES, start=1)]


@pytest.mark.parametrize("name", list(CASES), ids=IDS)
def test_bad_input_is_refused_clearly_and_changes_nothing(
    name: str, world: World, before: str, canaries: CanaryCredentials
) -> None:
    case = CASES[name]
    with pytest.raises(case.error) as caught:
        case.call(world)
    message = str(caught.value)
    assert re.search(case.says, message, re.S), f"{name}: unclear message: {message[:400]}"
    assert "Traceback" not in message
    chained = str(caught.value.__context__ or "") + str(caught.value.__cause__ or "")
    assert "{'type':" not in message + chained  # no raw pydantic dump, not even trailing in the traceback
    assert canaries.token not in message + repr(caught.value)
    assert state(world) == before, f"{name} changed something"


def test_the_table_holds_at_least_thirty_kinds() -> None:
    assert len(CASES) >= 30


def test_a_run_is_found_by_name_where_the_server_takes_ids_only(world: World) -> None:
    # The runs path answers 422 to a name; the lookup goes by name instead.
    name = str(world.ws.runs()["name"].iloc[0])
    assert world.ws.get("runs", name).name == name
