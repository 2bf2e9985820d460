"""ZenML's own OSS ``Client``, pointed at a sandbox workspace, reads every resource the sandbox serves.

The judge script (``tests/judge/client_reads.py``) runs in the ZenML 0.98 venv, signed in the way a
Pro user's scripts reach a workspace: ``ZENML_STORE_URL={base}/ws/{workspace_id}`` and a service
account's API key in ``ZENML_STORE_API_KEY``. It walks every list a few items per page, ascending
and ``desc:created``, gets the first object of each by name (or by artifact name and version, model
and number ...) and by id, follows ``run.steps``, and asks for model versions by stage. Here its
answer is held against what the sandbox holds, read over plain HTTP.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from zenml_judge import run_in_zenml

from .conftest import Target

pytestmark = pytest.mark.oss

#: the Client's list name -> the sandbox path holding the same items
PATHS = {
    "users": "/api/v1/users",
    "service_accounts": "/api/v1/service_accounts",
    "projects": "/api/v1/projects",
    "stacks": "/api/v1/stacks",
    "components": "/api/v1/components",
    "pipelines": "/api/v1/pipelines",
    "runs": "/api/v1/runs",
    "run_templates": "/api/v1/run_templates",
    "tags": "/api/v1/tags",
    "secrets": "/api/v1/secrets",
    "artifacts": "/api/v1/artifacts",
    "artifact_versions": "/api/v1/artifact_versions",
    "models": "/api/v1/models",
    "model_versions": "/api/v1/model_versions",
    "steps": "/api/v1/steps",
    "schedules": "/api/v1/schedules",
}


def _ids(target: Target, path: str, **params: Any) -> list[str]:
    response = target.admin.get(path, params={"size": 10_000, **params})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


@pytest.fixture(scope="module")
def answer(sandbox_target: Target, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    project = sandbox_target.admin.get("/api/v1/projects/default").json()["id"]
    result: dict[str, Any] = run_in_zenml(
        "client_reads.py",
        {"page_size": 3, "service_account": f"contract-sa-1-{sandbox_target.suffix}"},
        config_dir=Path(tmp_path_factory.mktemp("zenml-client")) / "config",
        env={
            "ZENML_STORE_URL": sandbox_target.url,
            "ZENML_STORE_API_KEY": sandbox_target.key_value,
            "ZENML_ACTIVE_PROJECT_ID": project,
        },
    )
    return result


def test_no_client_call_fails(answer: dict[str, Any]) -> None:
    assert answer["errors"] == {}


@pytest.mark.parametrize("name", sorted(PATHS))
def test_the_client_walks_every_item_once_in_both_orders(
    answer: dict[str, Any], sandbox_target: Target, name: str
) -> None:
    assert answer["lists"][name] == _ids(sandbox_target, PATHS[name])
    assert answer["desc"][name] == _ids(sandbox_target, PATHS[name], sort_by="desc:created")


def test_the_client_lists_the_api_keys_of_a_service_account(
    answer: dict[str, Any], sandbox_target: Target
) -> None:
    path = f"/api/v1/service_accounts/{sandbox_target.service_account_id}/api_keys"
    assert answer["lists"]["api_keys"] == _ids(sandbox_target, path)


def test_the_client_gets_each_object_by_name_and_by_id(answer: dict[str, Any]) -> None:
    gets = answer["gets"]
    assert set(gets) >= set(PATHS) - {"run_templates"} | {"api_keys"}
    for name, (listed, by_name, by_id) in gets.items():
        assert by_name == listed, name
        assert by_id == listed, name


def test_run_steps_artifact_versions_and_model_stages_agree_with_the_sandbox(
    answer: dict[str, Any], sandbox_target: Target
) -> None:
    filters = answer["filters"]
    run_id = filters["run_steps"]["run"]
    assert filters["run_steps"]["steps"] == sorted(
        _ids(sandbox_target, "/api/v1/steps", pipeline_run_id=run_id)
    )
    artifact, versions = filters["artifact_versions_of"]
    assert versions == _ids(sandbox_target, "/api/v1/artifact_versions", artifact=artifact)
    newest = sandbox_target.admin.get(
        "/api/v1/artifact_versions",
        params={"artifact": artifact, "sort_by": "desc:version_number", "size": 1},
    ).json()["items"][0]["id"]
    assert filters["latest_artifact_version"] == [artifact, newest]
    model, model_versions = filters["model_versions_of"]
    assert model_versions == _ids(sandbox_target, "/api/v1/model_versions", model=model, sort_by="number")
    for stage in ("production", "staging"):
        model_name, version_id, seen_stage = filters[f"stage {stage}"]
        assert seen_stage == stage
        assert _ids(sandbox_target, "/api/v1/model_versions", model=model_name, stage=stage) == [version_id]
    completed = _ids(sandbox_target, "/api/v1/runs", status="completed", sort_by="desc:created")
    assert filters["completed_runs"] == completed
    assert filters["runs_newest_two"] == _ids(sandbox_target, "/api/v1/runs", sort_by="desc:created")[:2]
