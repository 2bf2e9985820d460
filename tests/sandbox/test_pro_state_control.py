"""``PUT /_sandbox/workspaces/{id}/status``: any of ZenML's workspace states, for rehearsals."""

from __future__ import annotations

import pytest
from fixtures_sandbox import ProClient

pytestmark = pytest.mark.anyio


async def _force(pro: ProClient, ws_id: object, status: str, who: str = "admin", **extra: object) -> object:
    return await pro.put(f"/_sandbox/workspaces/{ws_id}/status", who=who, json={"status": status, **extra})


async def test_a_workspace_can_be_put_in_the_deleted_state_and_stays_listed(pro: ProClient) -> None:
    ws = await pro.workspace("production")
    response = await _force(pro, ws["id"], "deleted")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["desired_state"], body["zenml_service"]["status"]) == (
        "deleted",
        "deleted",
        None,
    )
    assert body["state_reason"]
    listed = (await pro.get("/workspaces", params={"status": "deleted"})).json()
    assert [w["id"] for w in listed] == [ws["id"]]


async def test_not_initialized_wants_to_be_available_and_keeps_a_given_reason(pro: ProClient) -> None:
    ws = await pro.workspace("staging")
    response = await _force(pro, ws["id"], "not_initialized", state_reason="Waiting for a slot.")
    body = response.json()
    assert (body["status"], body["desired_state"], body["state_reason"]) == (
        "not_initialized",
        "available",
        "Waiting for a slot.",
    )


async def test_a_forced_pending_settles_after_the_ready_delay(pro: ProClient) -> None:
    ws = await pro.workspace("legacy-batch")
    assert (await _force(pro, ws["id"], "pending")).json()["status"] == "pending"
    pro.advance(pro.app.state.config.workspace_ready_delay_s)
    settled = await pro.workspace("legacy-batch")
    assert settled["status"] == "available"
    assert settled["zenml_service"]["status"]["server_url"].endswith(f"/ws/{ws['id']}")


async def test_an_unknown_state_is_refused_naming_the_states(pro: ProClient) -> None:
    ws = await pro.workspace("production")
    response = await _force(pro, ws["id"], "gone")
    assert response.status_code == 422
    assert "not_initialized, pending, available, failed, deactivated, deleted" in response.json()["detail"][1]


async def test_only_an_organization_admin_may_force_a_state(pro: ProClient) -> None:
    ws = await pro.workspace("production")
    assert (await _force(pro, ws["id"], "deleted", who="manager")).status_code == 403
