"""ZenML's own Pro client (``ZenMLProClient``) signs in to the served sandbox and reads it.

The judge script (``tests/judge/pro_client.py``) runs ZenML's code unchanged, pointed at the
sandbox's URL only. What it reads is held to what the sandbox itself answers over HTTP, so nothing
here is a hand-written expectation.
"""

from __future__ import annotations

import secrets
import uuid
from collections import defaultdict
from typing import Any

import pytest
from fixtures_sandbox import JudgedSandbox
from zenml_judge import run_in_zenml

pytestmark = pytest.mark.oss


PAGE_SIZE = 100  # the Pro API's largest page
#: ZenML reads in small pages, so its offset and limit walk several pages of every list
ZENML_PAGE_SIZE = 5


def walk(sandbox: JudgedSandbox, path: str, **params: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while True:
        chunk = sandbox.json("GET", path, params={**params, "offset": len(found), "limit": PAGE_SIZE})
        found.extend(chunk)
        if len(chunk) < PAGE_SIZE:
            return found


def facts(ws: dict[str, Any]) -> dict[str, Any]:
    """What ZenML's ``WorkspaceRead`` makes of a workspace, computed from the sandbox's JSON."""
    service = ws["zenml_service"]
    status = service["status"] or {}
    return {
        "id": ws["id"],
        "name": ws["name"],
        "status": ws["status"],
        "desired_state": ws["desired_state"],
        "url": status.get("server_url"),
        "version": status.get("version") or (service["configuration"] or {}).get("version"),
        "organization_id": ws["organization"]["id"],
        "organization_name": ws["organization"]["name"],
    }


def error_name(response: Any) -> str:
    name: str = response.json()["detail"][0]
    return name


@pytest.fixture(scope="module")
def zenml_read(
    judged_sandbox: JudgedSandbox, every_state: dict[str, str], tmp_path_factory: Any
) -> dict[str, Any]:
    """What ZenML's Pro client read from the sandbox (one judge run for the module)."""
    payload = {
        "url": judged_sandbox.url,
        "api_key": judged_sandbox.admin_api_key,
        "workspace_ids": list(every_state.values()),
        "bad_key": f"ZENPROKEY_{secrets.token_hex(16)}",
        "missing_workspace_id": str(uuid.uuid4()),
        "page_size": ZENML_PAGE_SIZE,
    }
    answer: dict[str, Any] = run_in_zenml(
        "pro_client.py",
        payload,
        config_dir=tmp_path_factory.mktemp("zenml-cfg"),
        env={"ZENML_PRO_API_URL": judged_sandbox.url},
    )
    answer["sent"] = {k: payload[k] for k in ("bad_key", "missing_workspace_id")}
    return answer


def test_zenml_lists_and_gets_every_workspace_as_the_sandbox_serves_it(
    judged_sandbox: JudgedSandbox, every_state: dict[str, str], zenml_read: dict[str, Any]
) -> None:
    served = [facts(ws) for ws in walk(judged_sandbox, "/workspaces")]
    assert len(served) > 2 * ZENML_PAGE_SIZE
    assert zenml_read["workspaces"] == served
    by_id = {f["id"]: f for f in served}
    assert zenml_read["got"] == {ws_id: by_id[ws_id] for ws_id in every_state.values()}
    assert {ws_id: zenml_read["got"][ws_id]["status"] for ws_id in every_state.values()} == {
        ws_id: state for state, ws_id in every_state.items()
    }


def test_zenml_filters_by_status_url_name_organization_and_membership(
    judged_sandbox: JudgedSandbox, every_state: dict[str, str], zenml_read: dict[str, Any]
) -> None:
    served = [facts(ws) for ws in walk(judged_sandbox, "/workspaces")]
    groups: dict[str, defaultdict[str, list[str]]] = {k: defaultdict(list) for k in ("status", "name", "org")}
    for f in served:
        groups["status"][f["status"]].append(f["id"])
        groups["name"][f["name"]].append(f["id"])
        groups["org"][f["organization_id"]].append(f["id"])
    assert zenml_read["by_status"] == {state: sorted(groups["status"][state]) for state in every_state}
    assert all(zenml_read["by_status"][state] for state in every_state)
    assert zenml_read["by_name"] == {name: ids for name, ids in groups["name"].items()}
    assert zenml_read["by_organization"] == {org: sorted(ids) for org, ids in groups["org"].items()}
    assert zenml_read["by_url"] == {f["url"]: [f["id"]] for f in served if f["url"]}
    members = walk(judged_sandbox, "/workspaces", member_only="true")
    assert zenml_read["member_only"] == sorted(ws["id"] for ws in members)


def test_zenml_lists_and_gets_organizations_by_id_and_name(
    judged_sandbox: JudgedSandbox, zenml_read: dict[str, Any]
) -> None:
    served = judged_sandbox.json("GET", "/organizations", params={"limit": PAGE_SIZE})
    assert [(o["id"], o["name"]) for o in zenml_read["organizations"]] == [
        (o["id"], o["name"]) for o in served
    ]
    assert zenml_read["organization_by_id"] == {o["id"]: o["name"] for o in served}
    assert zenml_read["organization_by_name"] == {o["name"]: o["id"] for o in served}


def test_zenml_exchanged_the_key_for_a_token_it_keeps(
    judged_sandbox: JudgedSandbox, zenml_read: dict[str, Any]
) -> None:
    login = judged_sandbox.json("POST", "/auth/login", data={"password": judged_sandbox.admin_api_key})
    assert zenml_read["token"] == {"stored": True, "expired": False, "expires_in": login["expires_in"]}


def test_zenml_raises_the_exception_the_sandbox_names_in_its_error_body(
    judged_sandbox: JudgedSandbox, zenml_read: dict[str, Any]
) -> None:
    sent = zenml_read["sent"]
    bad_login = judged_sandbox.http.post("/auth/login", data={"password": sent["bad_key"]}, headers={})
    missing = judged_sandbox.http.get(f"/workspaces/{sent['missing_workspace_id']}")
    assert (bad_login.status_code, missing.status_code) == (401, 404)
    assert zenml_read["errors"] == {
        "bad_key": error_name(bad_login),
        "missing_workspace": error_name(missing),
    }
