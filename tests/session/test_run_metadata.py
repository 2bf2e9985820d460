"""Run metadata in the frames: ``metadata_keys`` names what ``log_metadata`` logged; the values stay
in the raw view. Read from the in-process sandbox, whose seed logs metadata on its trained model's
versions and their training runs as a training step would."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fixtures_sandbox import URL, new_app

import zpro_nb
from zpro_nb.notebook_session import AsyncSession
from zpro_nb.workspace_session import AsyncWorkspaceSession

pytestmark = pytest.mark.anyio


@pytest.fixture
async def ws() -> AsyncIterator[AsyncWorkspaceSession]:
    app = new_app()
    session: AsyncSession = await zpro_nb.connect_async(
        url=URL, token=app.state.demo_credentials["tokens"]["admin"], transport=httpx.ASGITransport(app=app)
    )
    workspace: AsyncWorkspaceSession = await session.workspace("production")  # type: ignore[attr-defined]
    yield workspace
    await session.aclose()


async def test_model_versions_and_their_runs_name_their_metadata(ws: AsyncWorkspaceSession) -> None:
    versions = await ws.model_versions()
    trained = versions[versions["metadata_keys"] != ""]
    assert len(trained) > 0
    assert set(trained["metadata_keys"]) == {"accuracy, training_rows"}
    values = trained.zpro.raw[0]["metadata"]["run_metadata"]
    assert 0 < values["accuracy"] < 1

    runs = await ws.runs()
    logged = runs[runs["metadata_keys"] != ""]
    assert set(logged["metadata_keys"]) == {"epochs, learning_rate"}
    assert len(logged) == len(trained)  # one training run per version
    assert set(runs["metadata_keys"]) == {"", "epochs, learning_rate"}  # never NA: lists are hydrated


async def test_single_objects_carry_the_metadata_their_frames_name(ws: AsyncWorkspaceSession) -> None:
    # The frame and the model are one description: what metadata_keys names, get() returns.
    runs = await ws.runs()
    logged = runs[runs["metadata_keys"] != ""].iloc[0]
    run = await ws.get("runs", str(logged["id"]))
    assert run.run_metadata is not None
    assert ", ".join(sorted(run.run_metadata)) == logged["metadata_keys"]

    versions = await ws.model_versions()
    trained = versions[versions["metadata_keys"] != ""].iloc[0]
    version = await ws.get("model_versions", str(trained["id"]))
    assert version.run_metadata is not None
    assert ", ".join(sorted(version.run_metadata)) == trained["metadata_keys"]
