"""What runs did, from a sandbox workspace: steps of a run, artifacts, models, schedules and durations."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pandas as pd
import pytest
from fastapi import FastAPI
from fixtures_sandbox import URL, new_app, open_async

from zpro_nb.errors import InvalidArgument, NameNotFound
from zpro_nb.models.workspace import ArtifactVersion, ModelVersion, Schedule, StepRun
from zpro_nb.notebook_session import AsyncSession
from zpro_nb.workspace_session import AsyncWorkspaceSession

from .test_workspace_session import WorkspaceRaw, assert_schema

pytestmark = pytest.mark.anyio


@pytest.fixture
def app() -> FastAPI:
    return new_app()


@pytest.fixture
async def s(app: FastAPI) -> AsyncIterator[AsyncSession]:
    session = await open_async(app)
    yield session
    await session.aclose()


@pytest.fixture
async def ws(s: AsyncSession) -> AsyncWorkspaceSession:
    return await s.workspace("production")


@pytest.fixture
async def raw(app: FastAPI, ws: AsyncWorkspaceSession) -> AsyncIterator[WorkspaceRaw]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=URL) as client:
        yield await WorkspaceRaw.login(client, ws.server_url, app.state.demo_credentials["tokens"]["admin"])


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("artifacts", "/artifacts"),
        ("artifact_versions", "/artifact_versions"),
        ("models", "/models"),
        ("model_versions", "/model_versions"),
        ("schedules", "/schedules"),
    ],
)
async def test_each_list_matches_the_workspace(
    ws: AsyncWorkspaceSession, raw: WorkspaceRaw, method: str, path: str
) -> None:
    frame = await getattr(ws, method)()
    assert_schema(frame, method)
    held = await raw.items(path)
    assert len(held) > 0
    assert sorted(frame["id"]) == sorted(i["id"] for i in held)


async def test_a_runs_steps_have_status_times_and_duration(
    ws: AsyncWorkspaceSession, raw: WorkspaceRaw
) -> None:
    runs = await ws.runs(status="completed")
    run = runs.iloc[0]
    steps = await ws.steps(str(run["name"]))
    assert_schema(steps, "steps")
    held = await raw.items("/steps", pipeline_run_id=run["id"])
    assert list(steps["id"]) == [i["id"] for i in held]
    assert set(steps["run_id"]) == {run["id"]}
    assert set(steps["run_name"]) == {run["name"]}
    assert set(steps["status"]) == {"completed"}
    assert (steps["duration"] == steps["end_time"] - steps["start_time"]).all()
    assert (steps["duration"] > pd.Timedelta(0)).all()
    by_id = await ws.steps(str(run["id"]), status=["completed", "failed"])
    assert list(by_id["id"]) == list(steps["id"])


async def test_runs_carry_their_duration(ws: AsyncWorkspaceSession) -> None:
    runs = await ws.runs()
    finished = runs[runs["end_time"].notna()]
    assert len(finished) > 0
    assert (finished["duration"] == finished["end_time"] - finished["start_time"]).all()
    assert runs[runs["end_time"].isna()]["duration"].isna().all()


async def test_artifact_versions_of_one_artifact_and_of_one_run(
    ws: AsyncWorkspaceSession, raw: WorkspaceRaw
) -> None:
    of_artifact = await ws.artifact_versions("raw_data")
    assert set(of_artifact["artifact_name"]) == {"raw_data"}
    assert list(of_artifact["created"]) == sorted(of_artifact["created"], reverse=True)
    run_id = str(of_artifact["producer_run_id"].iloc[0])
    of_run = await ws.artifact_versions(run=run_id)
    assert set(of_run["producer_run_id"]) == {run_id}
    assert len(await ws.artifact_versions("no-such-artifact")) == 0
    version = await ws.get("artifact_versions", str(of_artifact["id"].iloc[0]))
    assert isinstance(version, ArtifactVersion)
    assert version.artifact_name == "raw_data"


async def test_model_versions_by_model_and_stage(ws: AsyncWorkspaceSession) -> None:
    versions = await ws.model_versions("churn-model")
    assert {"staging", "production", "archived"} <= set(versions["stage"].dropna())
    assert set(versions["model_name"]) == {"churn-model"}
    serving = await ws.model_versions("churn-model", stage=["production", "staging"])
    assert sorted(serving["stage"].astype(str)) == ["production", "staging"]
    one = await ws.get("model_versions", str(serving["id"].iloc[0]))
    assert isinstance(one, ModelVersion)
    models = await ws.models()
    churn = models[models["name"] == "churn-model"].iloc[0]
    assert churn["latest_version"] == str(versions["number"].max())
    assert churn["description"]


async def test_single_objects_by_name(ws: AsyncWorkspaceSession) -> None:
    schedule = await ws.get("schedules", "training-nightly")
    assert isinstance(schedule, Schedule)
    assert schedule.cron_expression == "0 2 * * *"
    artifact = await ws.get("artifacts", "raw_data")
    assert artifact.name == "raw_data"
    step_id = str((await ws.steps(str((await ws.runs(status="completed"))["id"].iloc[0])))["id"].iloc[0])
    step = await ws.get("steps", step_id)
    assert isinstance(step, StepRun)
    assert step.duration is not None


async def test_bad_input_is_refused_before_sending(ws: AsyncWorkspaceSession) -> None:
    with pytest.raises(InvalidArgument, match="stage must be one of"):
        await ws.model_versions(stage="prod")
    with pytest.raises(InvalidArgument, match="run cannot be empty"):
        await ws.steps(" ")
    with pytest.raises(NameNotFound):
        await ws.steps("no-such-run")
