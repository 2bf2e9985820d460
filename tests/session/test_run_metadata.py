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
