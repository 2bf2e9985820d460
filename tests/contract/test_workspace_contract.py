"""The sandbox workspace API against a real ZenML OSS 0.98.0 server: the same calls, the same answers.

One sequence of calls (:data:`STEPS`) runs against both targets; every step's answer is reduced to
its *shape* - status code, error kind and exception name (and the message where both servers hold
the same data), the page envelope, and the keys of each item, its ``body``, ``metadata`` and
``resources`` - and the two shapes must be equal. Names created by the tests carry a per-session
suffix, replaced by ``<suffix>`` before comparing. ``docs/contract.md`` lists what is compared and
the differences kept on purpose.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from .conftest import Target

pytestmark = pytest.mark.oss

MISSING_ID = "4d47d625-b36f-4e99-96e3-5686d0833ed2"
PAGE_KEYS = ["index", "max_size", "total_pages", "total", "items"]


@dataclass(frozen=True)
class Step:
    """One call of the contract sequence."""

    name: str
    call: Callable[[Target], httpx.Response]
    #: compare error messages word for word (only where both servers hold the same data)
    exact_message: bool = True
    #: compare ``total``/``total_pages`` (only where both servers hold the same number of items)
    same_totals: bool = False


def _item_shape(item: dict[str, Any]) -> dict[str, Any]:
    def keys(part: Any) -> list[str] | None:
        return sorted(part) if isinstance(part, dict) else None

    return {
        "keys": sorted(item),
        "body": keys(item.get("body")),
        "metadata": keys(item.get("metadata")),
        "resources": keys(item.get("resources")),
    }


def shape(step: Step, response: httpx.Response, target: Target) -> dict[str, Any]:
    """What must be equal on both targets for ``step`` (per-target names and ids replaced)."""
    text = response.text.replace(target.suffix, "<suffix>").replace(target.service_account_id, "<sa-id>")
    body = json.loads(text) if text else None
    out: dict[str, Any] = {"status": response.status_code}
    if isinstance(body, list):
        # Request validation: a bare list; the text ends with the server's file path, left out.
        out["error"] = ["bare list", body[0], body[1].split("\n\n")[0] if step.exact_message else None]
    elif isinstance(body, dict) and "detail" in body:
        detail = body["detail"]
        if isinstance(detail, list):
            out["error"] = ["detail list", detail[0], detail[1] if step.exact_message else None]
        else:
            out["error"] = ["detail string", detail if step.exact_message else None]
    elif isinstance(body, dict) and "items" in body:
        out["envelope"] = list(body)
        out["paging"] = [body["index"], body["max_size"], len(body["items"]) > 0]
        if step.same_totals:
            out["totals"] = [body["total"], body["total_pages"], len(body["items"])]
        out["items"] = [_item_shape(item) for item in body["items"][:1]]
    elif isinstance(body, dict) and "access_token" in body:
        out["token"] = [sorted(body), body["token_type"], body["expires_in"]]
    elif isinstance(body, dict) and "body" in body:
        out["object"] = _item_shape(body)
    elif isinstance(body, dict):
        out["keys"] = sorted(body)
    else:
        out["type"] = type(body).__name__
    return out


def _params(target: Target, params: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v).replace("<suffix>", target.suffix) for k, v in params.items()}


def _page2(path: str, **params: Any) -> Callable[[Target], httpx.Response]:
    query = {"size": 1, "page": 2, "sort_by": "desc:created", **params}
    return lambda t: t.admin.get(path, params=_params(t, query))


def _hydrated(path: str, **params: Any) -> Callable[[Target], httpx.Response]:
    return lambda t: t.admin.get(path, params=_params(t, {"hydrate": True, "size": 1, **params}))


def _first_id(target: Target, path: str) -> str:
    item_id: str = target.admin.get(path, params={"size": 1}).json()["items"][0]["id"]
    return item_id


def _completed_training_run(target: Target) -> str:
    params = {"size": 1, "pipeline_name": "training", "status": "completed", "sort_by": "desc:created"}
    run_id: str = target.admin.get("/api/v1/runs", params=params).json()["items"][0]["id"]
    return run_id


def _first_artifact_name(target: Target) -> str:
    name: str = target.admin.get("/api/v1/artifacts", params={"size": 1}).json()["items"][0]["name"]
    return name


def _by_id(path: str) -> Callable[[Target], httpx.Response]:
    return lambda t: t.admin.get(f"{path}/{_first_id(t, path)}")


def _steps_of_a_run(**params: Any) -> Callable[[Target], httpx.Response]:
    return lambda t: t.admin.get(
        "/api/v1/steps", params={"pipeline_run_id": _completed_training_run(t), "size": 1, **params}
    )


#: steps, artifacts, models and schedules (what runs did); both targets hold some of each
LINEAGE_STEPS = [
    Step("artifacts page 2", _page2("/api/v1/artifacts")),
    Step("artifacts hydrated", _hydrated("/api/v1/artifacts")),
    Step("artifact by id", _by_id("/api/v1/artifacts")),
    Step("artifact versions hydrated", _hydrated("/api/v1/artifact_versions", sort_by="desc:version_number")),
    Step(
        "artifact versions of an artifact",
        lambda t: t.admin.get(
            "/api/v1/artifact_versions", params={"artifact": _first_artifact_name(t), "size": 1}
        ),
    ),
    Step(
        "artifact versions of an unknown artifact",
        lambda t: t.admin.get("/api/v1/artifact_versions", params={"artifact": "none-such"}),
        same_totals=True,
    ),
    Step("artifact version by id", _by_id("/api/v1/artifact_versions")),
    Step("models hydrated", _hydrated("/api/v1/models", sort_by="asc:name")),
    Step("model by id", _by_id("/api/v1/models")),
    Step("model versions hydrated", _hydrated("/api/v1/model_versions", sort_by="desc:number")),
    Step(
        "model versions of an unknown model",
        lambda t: t.admin.get("/api/v1/model_versions", params={"model": "none-such"}),
        same_totals=True,
    ),
    Step("model version by id", _by_id("/api/v1/model_versions")),
    Step("steps of a run", _steps_of_a_run()),
    Step("steps of a run hydrated", _steps_of_a_run(hydrate=True)),
    Step("steps filtered by status", _hydrated("/api/v1/steps", status="completed")),
    Step("step by id", _by_id("/api/v1/steps")),
    Step("schedules hydrated", _hydrated("/api/v1/schedules")),
    Step("schedules filtered", _hydrated("/api/v1/schedules", active="true")),
    Step("schedule by id", _by_id("/api/v1/schedules")),
    Step(
        "models sorted by an unknown field",
        lambda t: t.admin.get("/api/v1/models", params={"sort_by": "desc:x"}),
    ),
    Step("missing artifact", lambda t: t.admin.get(f"/api/v1/artifacts/{MISSING_ID}")),
    Step("missing artifact version", lambda t: t.admin.get(f"/api/v1/artifact_versions/{MISSING_ID}")),
    Step("missing model", lambda t: t.admin.get(f"/api/v1/models/{MISSING_ID}")),
    Step("missing model version", lambda t: t.admin.get(f"/api/v1/model_versions/{MISSING_ID}")),
    Step("missing step", lambda t: t.admin.get(f"/api/v1/steps/{MISSING_ID}")),
    Step("missing schedule", lambda t: t.admin.get(f"/api/v1/schedules/{MISSING_ID}")),
    Step("model by name", lambda t: t.admin.get("/api/v1/models/contract-model"), exact_message=False),
]

STEPS = [
    Step("info (unauthenticated)", lambda t: httpx.get(f"{t.url}/api/v1/info")),
    Step("no credentials", lambda t: httpx.get(f"{t.url}/api/v1/users")),
    Step(
        "garbage token",
        lambda t: httpx.get(f"{t.url}/api/v1/users", headers={"Authorization": "Bearer garbage"}),
    ),
    Step("login with a JSON body", lambda t: httpx.post(f"{t.url}/api/v1/login", json={"username": "x"})),
    Step(
        "login with an unknown grant",
        lambda t: httpx.post(f"{t.url}/api/v1/login", data={"grant_type": "bogus"}),
    ),
    Step(
        "login with a bogus API key",
        lambda t: httpx.post(f"{t.url}/api/v1/login", data={"password": "ZENKEY_x"}),
    ),
    Step("API-key login response", lambda t: t.api_key_login),
    Step("current user through the API key", lambda t: t.api_key.get("/api/v1/current-user")),
    Step("short-lived API token", lambda t: t.api_key.get("/api/v1/api_token", params={"expires_in": 60})),
    Step("users page 2", _page2("/api/v1/users")),
    Step("users hydrated", _hydrated("/api/v1/users")),
    Step(
        "users filtered",
        lambda t: t.admin.get("/api/v1/users", params={"name": "contains:zzz-none"}),
        same_totals=True,
    ),
    Step(
        "service accounts page 2 (filtered)",
        _page2("/api/v1/service_accounts", name="contains:<suffix>"),
        same_totals=True,
    ),
    Step(
        "service accounts hydrated",
        _hydrated("/api/v1/service_accounts", name="contains:<suffix>"),
        same_totals=True,
    ),
    Step(
        "service account by name", lambda t: t.admin.get(f"/api/v1/service_accounts/contract-sa-1-{t.suffix}")
    ),
    Step(
        "API keys of a service account",
        lambda t: t.admin.get(
            f"/api/v1/service_accounts/{t.service_account_id}/api_keys", params={"hydrate": True}
        ),
        same_totals=True,
    ),
    Step(
        "API key by name",
        lambda t: t.admin.get(f"/api/v1/service_accounts/{t.service_account_id}/api_keys/contract-key"),
    ),
    Step("projects page 2", _page2("/api/v1/projects"), same_totals=True),
    Step("projects hydrated", _hydrated("/api/v1/projects"), same_totals=True),
    Step("workspaces (legacy alias)", _hydrated("/api/v1/workspaces"), same_totals=True),
    Step("project by name", lambda t: t.admin.get("/api/v1/projects/default")),
    Step("stacks page 2 (past the end)", _page2("/api/v1/stacks")),
    Step("stacks hydrated", _hydrated("/api/v1/stacks"), same_totals=True),
    Step("components page 2", _page2("/api/v1/components"), same_totals=True),
    Step("components hydrated", _hydrated("/api/v1/components"), same_totals=True),
    Step(
        "components filtered by type",
        _hydrated("/api/v1/components", type="artifact_store"),
        same_totals=True,
    ),
    Step(
        "components sorted by name",
        lambda t: t.admin.get("/api/v1/components", params={"sort_by": "asc:name"}),
    ),
    Step("components page past the end", lambda t: t.admin.get("/api/v1/components", params={"page": 9})),
    Step("pipelines", lambda t: t.admin.get("/api/v1/pipelines", params={"size": 1, "name": "training"})),
    Step(
        "pipelines by latest run",
        lambda t: t.admin.get("/api/v1/pipelines", params={"sort_by": "desc:latest_run"}),
    ),
    Step("pipelines hydrated", _hydrated("/api/v1/pipelines", name="training")),
    Step("runs", lambda t: t.admin.get("/api/v1/runs", params={"size": 1, "pipeline_name": "training"})),
    Step("runs hydrated", _hydrated("/api/v1/runs", pipeline_name="training", sort_by="desc:created")),
    Step("runs filtered by status", _hydrated("/api/v1/runs", status='oneof:["completed","failed"]')),
    Step("runs filtered by start time", _hydrated("/api/v1/runs", start_time="gte:2000-01-01 00:00:00")),
    Step("runs filtered by project", _hydrated("/api/v1/runs", project="default")),
    Step("runs in an unknown project", lambda t: t.admin.get("/api/v1/runs", params={"project": "nope"})),
    Step("run templates", lambda t: t.admin.get("/api/v1/run_templates", params={"name": "none-such"})),
    Step("run by id", lambda t: t.admin.get(f"/api/v1/runs/{_first_id(t, '/api/v1/runs')}")),
    Step("pipeline by id", lambda t: t.admin.get(f"/api/v1/pipelines/{_first_id(t, '/api/v1/pipelines')}")),
    Step("missing run", lambda t: t.admin.get(f"/api/v1/runs/{MISSING_ID}")),
    Step("missing pipeline", lambda t: t.admin.get(f"/api/v1/pipelines/{MISSING_ID}")),
    Step("size 0", lambda t: t.admin.get("/api/v1/users", params={"size": 0})),
    Step("size 10001", lambda t: t.admin.get("/api/v1/users", params={"size": 10_001})),
    Step("unknown sort field", lambda t: t.admin.get("/api/v1/users", params={"sort_by": "desc:bogus"})),
    Step("unknown filter operator", lambda t: t.admin.get("/api/v1/users", params={"name": "bogusop:x"})),
    Step("bad boolean filter", lambda t: t.admin.get("/api/v1/users", params={"active": "maybe"})),
    # The real text quotes the whole filter model as pydantic's input_value; only the name is compared.
    Step(
        "bad oneof filter",
        lambda t: t.admin.get("/api/v1/users", params={"name": "oneof:x"}),
        exact_message=False,
    ),
    Step(
        "tag created",
        lambda t: t.admin.post("/api/v1/tags", json={"name": f"contract-{t.suffix}", "color": "red"}),
    ),
    Step(
        "tags listed",
        lambda t: t.admin.get("/api/v1/tags", params={"name": f"contract-{t.suffix}"}),
        same_totals=True,
    ),
    Step("secret created", lambda t: t.admin.post("/api/v1/secrets", json={"name": f"contract-{t.suffix}"})),
    Step("secrets listed", lambda t: t.admin.get("/api/v1/secrets", params={"name": f"contract-{t.suffix}"})),
    Step(
        "duplicate service account",
        lambda t: t.admin.post(
            "/api/v1/service_accounts", json={"name": f"contract-sa-1-{t.suffix}", "active": True}
        ),
    ),
    Step("duplicate project", lambda t: t.admin.post("/api/v1/projects", json={"name": "default"})),
    Step("duplicate tag", lambda t: t.admin.post("/api/v1/tags", json={"name": f"contract-{t.suffix}"})),
    Step(
        "duplicate API key",
        lambda t: t.admin.post(
            f"/api/v1/service_accounts/{t.service_account_id}/api_keys", json={"name": "contract-key"}
        ),
    ),
    Step("missing user id", lambda t: t.admin.get(f"/api/v1/users/{MISSING_ID}")),
    Step("missing user name", lambda t: t.admin.get("/api/v1/users/doesnotexist")),
    Step("missing service account", lambda t: t.admin.get(f"/api/v1/service_accounts/{MISSING_ID}")),
    Step("missing project", lambda t: t.admin.get(f"/api/v1/projects/{MISSING_ID}")),
    Step("missing stack", lambda t: t.admin.get(f"/api/v1/stacks/{MISSING_ID}")),
    Step("missing component", lambda t: t.admin.get(f"/api/v1/components/{MISSING_ID}")),
    Step(
        "missing API key",
        lambda t: t.admin.get(f"/api/v1/service_accounts/{t.service_account_id}/api_keys/nope"),
    ),
    # pydantic-core words UUID errors differently across versions (2.12 on the server, 2.14 here).
    Step(
        "stack id that is not a UUID", lambda t: t.admin.get("/api/v1/stacks/not-a-uuid"), exact_message=False
    ),
    Step(
        "service account without fields",
        lambda t: t.admin.post("/api/v1/service_accounts", json={"description": "x"}),
    ),
    Step(
        "malformed JSON body",
        lambda t: t.admin.post(
            "/api/v1/service_accounts", content=b"{not json", headers={"content-type": "application/json"}
        ),
    ),
    Step(
        "project name with bad characters",
        lambda t: t.admin.post("/api/v1/projects", json={"name": "Bad Name"}),
    ),
    Step(
        "non-admin creates a service account",
        lambda t: t.non_admin.post("/api/v1/service_accounts", json={"name": "x", "active": True}),
    ),
    Step(
        "non-admin creates an API key",
        lambda t: t.non_admin.post(
            f"/api/v1/service_accounts/{t.service_account_id}/api_keys", json={"name": "x"}
        ),
    ),
    Step(
        "non-admin deactivates a service account",
        lambda t: t.non_admin.put(f"/api/v1/service_accounts/{t.service_account_id}", json={"active": False}),
    ),
    Step(
        "API-key holder creates a service account",
        lambda t: t.api_key.post("/api/v1/service_accounts", json={"name": "y", "active": True}),
    ),
    Step(
        "second API key",
        lambda t: t.admin.post(
            f"/api/v1/service_accounts/{t.service_account_id}/api_keys", json={"name": "contract-key-2"}
        ),
    ),
    Step(
        "key rotation",
        lambda t: t.admin.put(
            f"/api/v1/service_accounts/{t.service_account_id}/api_keys/contract-key-2/rotate",
            json={"retain_period_minutes": 0},
        ),
    ),
    Step(
        "key deactivation",
        lambda t: t.admin.put(
            f"/api/v1/service_accounts/{t.service_account_id}/api_keys/contract-key-2", json={"active": False}
        ),
    ),
    Step("POST api_token", lambda t: t.admin.post("/api/v1/api_token")),
    *LINEAGE_STEPS,
]


@pytest.fixture(scope="module")
def observed(oss_target: Target, sandbox_target: Target) -> dict[str, dict[str, dict[str, Any]]]:
    """Every step's shape on each target, in sequence order (later steps see earlier changes)."""
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for target in (oss_target, sandbox_target):
        shapes: dict[str, dict[str, Any]] = {}
        for step in STEPS:
            shapes[step.name] = shape(step, step.call(target), target)
        result[target.name] = shapes
    return result


@pytest.mark.parametrize("step", [s.name for s in STEPS])
def test_sandbox_answers_like_the_real_server(
    observed: dict[str, dict[str, dict[str, Any]]], step: str
) -> None:
    assert observed["sandbox"][step] == observed["oss"][step]


# --- behaviour each target must show on its own (the same assertions on both) ------------------------


def test_api_key_login_gives_a_working_service_account_token(target: Target) -> None:
    me = target.api_key.get("/api/v1/current-user")
    assert me.status_code == 200
    assert me.json()["body"]["is_service_account"] is True
    assert me.json()["id"] == target.service_account_id
    assert target.api_key_login.json()["token_type"] == "bearer"


def test_paging_walks_every_item_once(target: Target) -> None:
    seen: list[str] = []
    page = 1
    while True:
        body = target.admin.get(
            "/api/v1/components", params={"size": 2, "page": page, "sort_by": "asc:created"}
        ).json()
        seen += [item["id"] for item in body["items"]]
        if page >= body["total_pages"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == body["total"]


def test_desc_created_sorts_newest_first(target: Target) -> None:
    items = target.admin.get("/api/v1/service_accounts", params={"sort_by": "desc:created"}).json()["items"]
    created = [item["body"]["created"] for item in items]
    assert created == sorted(created, reverse=True)


def test_contains_filter_finds_only_matching_names(target: Target) -> None:
    body = target.admin.get("/api/v1/service_accounts", params={"name": f"contains:{target.suffix}"}).json()
    assert {item["name"] for item in body["items"]} == {
        f"contract-sa-1-{target.suffix}",
        f"contract-sa-2-{target.suffix}",
    }
