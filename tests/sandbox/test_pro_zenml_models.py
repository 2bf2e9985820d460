"""ZenML's Pro client models (``zenml.login.pro``) judge what the served sandbox answers.

Every answer the sandbox gives that one of ZenML's models describes - workspaces in every
``WorkspaceStatus``, organizations, the ``/auth/login`` token - is fetched over real HTTP and
validated by ``tests/judge/pro_models.py`` in ZenML's venv, both as ZenML's client reads it and
strictly. The sandbox's users, roles, teams, invitations and members have no model in
``zenml.login.pro``; our own contract tests hold those (docs/contract.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fixtures_sandbox import JudgedSandbox, bearer
from zenml_judge import run_in_zenml

pytestmark = pytest.mark.oss


WORKSPACE_READ = "zenml.login.pro.workspace.models.WorkspaceRead"
ORGANIZATION_READ = "zenml.login.pro.organization.models.OrganizationRead"
TOKEN_RESPONSE = "zenml.models.v2.misc.auth_models.OAuthTokenResponse"
WORKSPACE_STATUS = "zenml.login.pro.workspace.models.WorkspaceStatus"


def answer(label: str, model: str, response: Any, *, many: bool = False) -> dict[str, Any]:
    return {"label": label, "model": model, "many": many, "body": response.text}


def judge(answers: list[dict[str, Any]], tmp_path: Path) -> list[dict[str, Any]]:
    """Every failure ZenML's models find in ``answers`` (asserting each answer was looked at)."""
    verdict = run_in_zenml("pro_models.py", {"answers": answers}, config_dir=tmp_path / "cfg")
    assert verdict["checked"] >= len(answers)
    failures: list[dict[str, Any]] = verdict["failures"]
    return failures


def report(failures: list[dict[str, Any]]) -> str:
    return "\n".join(json.dumps(f) for f in failures)


def test_the_workspaces_made_cover_every_zenml_workspace_status(
    every_state: dict[str, str], tmp_path: Path
) -> None:
    zenml_states = run_in_zenml("enum_values.py", {"enums": [WORKSPACE_STATUS]}, config_dir=tmp_path / "cfg")
    assert sorted(every_state) == sorted(zenml_states[WORKSPACE_STATUS])


def test_a_workspace_validates_as_zenml_workspace_read_in_every_state(
    judged_sandbox: JudgedSandbox, every_state: dict[str, str], tmp_path: Path
) -> None:
    answers = [
        answer(
            f"GET /workspaces/{{id}} ({state})",
            WORKSPACE_READ,
            judged_sandbox.call("GET", f"/workspaces/{ws_id}"),
        )
        for state, ws_id in every_state.items()
    ]
    failures = judge(answers, tmp_path)
    assert failures == [], report(failures)


def workspace_answers(sandbox: JudgedSandbox, every_state: dict[str, str]) -> list[dict[str, Any]]:
    """Every workspace-shaped answer: lists, reads, writes and lifecycle moves, on both prefixes."""
    org_id = sandbox.organization_id()
    answers = []
    for prefix in ("/workspaces", "/tenants"):
        answers.append(answer(f"GET {prefix}", WORKSPACE_READ, sandbox.call("GET", prefix), many=True))
        for state in every_state:
            listed = sandbox.call("GET", prefix, params={"status": state, "organization_id": org_id})
            assert listed.json(), f"no {state} workspace listed under {prefix}"
            answers.append(answer(f"GET {prefix}?status={state}", WORKSPACE_READ, listed, many=True))
        answers.append(
            answer(f"GET {prefix}/{{name}}", WORKSPACE_READ, sandbox.call("GET", f"{prefix}/production"))
        )
    kinds = {"workspaces": "workspace", "tenants": "tenant"}
    for plural, singular in kinds.items():
        listed = sandbox.call("GET", f"/organizations/{org_id}/{plural}")
        answers.append(answer(f"GET /organizations/{{id}}/{plural}", WORKSPACE_READ, listed, many=True))
        one = sandbox.call("GET", f"/organizations/{org_id}/{singular}/production")
        answers.append(answer(f"GET /organizations/{{id}}/{singular}/{{name}}", WORKSPACE_READ, one))
    for prefix in ("/workspaces", "/tenants"):
        name = f"judge-writes{prefix.replace('/', '-')}"
        created = sandbox.call("POST", prefix, json={"name": name, "organization_id": org_id})
        answers.append(answer(f"POST {prefix}", WORKSPACE_READ, created))
        ws_id = created.json()["id"]
        for path, body in (
            (f"{prefix}/{ws_id}", {"description": "judged", "display_name": "Judged"}),
            (f"{prefix}/{ws_id}/deactivate", None),
            (f"{prefix}/{ws_id}/deploy", None),
            (f"{prefix}/{ws_id}", {"desired_state": "deactivated"}),
        ):
            moved = sandbox.call("PATCH", path, json=body)
            answers.append(answer(f"PATCH {path.replace(ws_id, '{id}')}", WORKSPACE_READ, moved))
    forced = sandbox.call(
        "PUT", f"/_sandbox/workspaces/{every_state['deleted']}/status", json={"status": "deleted"}
    )
    answers.append(answer("PUT /_sandbox/workspaces/{id}/status", WORKSPACE_READ, forced))
    return answers


def organization_answers(sandbox: JudgedSandbox) -> list[dict[str, Any]]:
    """Every organization-shaped answer: list, read by id and name, create (as a non-owner), update."""
    org_id = sandbox.organization_id()
    manager = bearer(sandbox.server.tokens["manager"])
    created = sandbox.call("POST", "/organizations", json={"name": "judged-org"}, headers=manager)
    return [
        answer("GET /organizations", ORGANIZATION_READ, sandbox.call("GET", "/organizations"), many=True),
        answer("GET /organizations/{id}", ORGANIZATION_READ, sandbox.call("GET", f"/organizations/{org_id}")),
        answer("GET /organizations/{name}", ORGANIZATION_READ, sandbox.call("GET", "/organizations/acme-ml")),
        answer("POST /organizations", ORGANIZATION_READ, created),
        answer(
            "PATCH /organizations/{id}",
            ORGANIZATION_READ,
            sandbox.call("PATCH", f"/organizations/{org_id}", json={"description": "judged"}),
        ),
    ]


def test_every_pro_answer_zenml_describes_validates_against_its_model(
    judged_sandbox: JudgedSandbox, every_state: dict[str, str], tmp_path: Path
) -> None:
    login = judged_sandbox.call("POST", "/auth/login", data={"password": judged_sandbox.admin_api_key})
    answers = [
        *workspace_answers(judged_sandbox, every_state),
        *organization_answers(judged_sandbox),
        answer("POST /auth/login", TOKEN_RESPONSE, login),
    ]
    failures = judge(answers, tmp_path)
    assert failures == [], report(failures)


def test_the_judge_reports_a_status_without_server_url_in_both_modes(tmp_path: Path) -> None:
    # The shape the sandbox used to send for a workspace that was not running: the judge must see it.
    broken = {
        "id": "8f0c4c1e-8a1d-4f7e-9b1a-2f3c4d5e6f70",
        "name": "down",
        "organization": {
            "id": "0a000000-0000-0000-0000-000000000001",
            "name": "acme-ml",
            "created": "2026-01-05T10:00:00+00:00",
            "updated": "2026-01-05T10:00:00+00:00",
        },
        "desired_state": "deactivated",
        "state_reason": "",
        "status": "deactivated",
        "zenml_service": {"configuration": {"version": "0.98.0"}, "status": {"server_url": None}},
    }
    sent = {"label": "broken", "model": WORKSPACE_READ, "many": False, "body": json.dumps(broken)}
    failures = judge([sent], tmp_path)
    assert {f["mode"] for f in failures} == {"zenml", "strict"}
    assert all(f["errors"][0]["loc"] == ["zenml_service", "status", "server_url"] for f in failures)
