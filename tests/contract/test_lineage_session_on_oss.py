"""The workspace session's steps, artifacts, models, schedules and durations against a real ZenML server.

The real server holds what the contract pipeline did (``conftest._run_real_pipeline``): a two-step
``training`` run with a model, its artifact versions, and a registered schedule.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

import zpro_nb
from zpro_nb.frames import SCHEMAS
from zpro_nb.workspace_session import WorkspaceSession

from .conftest import Target

pytestmark = pytest.mark.oss


@pytest.fixture(scope="module")
def ws(oss_target: Target) -> Iterator[WorkspaceSession]:
    with zpro_nb.connect_workspace(
        oss_target.url, api_key=oss_target.key_value, allow_insecure=True
    ) as session:
        yield session


def _ids(target: Target, path: str, **params: str) -> list[str]:
    return [i["id"] for i in target.admin.get(path, params={"size": 1000, **params}).json()["items"]]


@pytest.mark.parametrize(
    "method", ["artifacts", "artifact_versions", "models", "model_versions", "schedules"]
)
def test_lists_match_the_real_server(ws: WorkspaceSession, oss_target: Target, method: str) -> None:
    frame = getattr(ws, method)()
    assert list(frame.columns) == SCHEMAS[method].names
    assert [str(t) for t in frame.dtypes] == [str(t) for t in SCHEMAS[method].empty().dtypes]
    held = _ids(oss_target, f"/api/v1/{method}")
    assert held
    assert sorted(frame["id"]) == sorted(held)


def test_steps_of_the_contract_run_with_durations(ws: WorkspaceSession, oss_target: Target) -> None:
    run = ws.runs(pipeline="training", status="completed").iloc[0]
    steps = ws.steps(str(run["name"]))
    assert list(steps["name"]) == ["make_number", "add_one"]
    assert set(steps["status"]) == {"completed"}
    assert (steps["duration"] == steps["end_time"] - steps["start_time"]).all()
    assert (steps["duration"] >= pd.Timedelta(0)).all()
    assert run["duration"] == run["end_time"] - run["start_time"]
    versions = ws.artifact_versions(run=str(run["id"]))
    assert set(versions["producer_step_id"]) == set(steps["id"])


def test_model_versions_and_schedules_read_as_zenml_wrote_them(ws: WorkspaceSession) -> None:
    versions = ws.model_versions("contract-model")
    assert list(versions["model_name"]) == ["contract-model"] * len(versions)
    assert versions["number"].min() == 1
    schedule = ws.schedules().set_index("name").loc["contract-schedule"]
    assert schedule["cron_expression"] == "0 2 * * *"
    assert bool(schedule["active"])
    assert isinstance(ws.get("schedules", "contract-schedule").id, str)
