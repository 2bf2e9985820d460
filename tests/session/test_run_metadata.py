"""Run metadata in the frames: ``metadata_keys`` names what ``log_metadata`` logged; the values stay
in the raw view. Read from the in-process sandbox, whose seed logs metadata on its trained model's
versions and their training runs as a training step would."""

from __future__ import annotations

import pytest

from zpro_nb.workspace_session import AsyncWorkspaceSession

pytestmark = pytest.mark.anyio


async def test_model_versions_and_their_runs_name_their_metadata(
    production_ws: AsyncWorkspaceSession,
) -> None:
    versions = await production_ws.model_versions()
    trained = versions[versions["metadata_keys"] != ""]
    assert len(trained) > 0
    assert set(trained["metadata_keys"]) == {"accuracy, training_rows"}
    values = trained.zpro.raw[0]["metadata"]["run_metadata"]
    assert 0 < values["accuracy"] < 1

    runs = await production_ws.runs()
    logged = runs[runs["metadata_keys"] != ""]
    assert set(logged["metadata_keys"]) == {"epochs, learning_rate"}
    assert len(logged) == len(trained)  # one training run per version
    assert set(runs["metadata_keys"]) == {"", "epochs, learning_rate"}  # never NA: lists are hydrated


async def test_single_objects_carry_the_metadata_their_frames_name(
    production_ws: AsyncWorkspaceSession,
) -> None:
    # The frame and the model are one description: what metadata_keys names, get() returns.
    runs = await production_ws.runs()
    logged = runs[runs["metadata_keys"] != ""].iloc[0]
    run = await production_ws.get("runs", str(logged["id"]))
    assert run.run_metadata is not None
    assert ", ".join(sorted(run.run_metadata)) == logged["metadata_keys"]

    versions = await production_ws.model_versions()
    trained = versions[versions["metadata_keys"] != ""].iloc[0]
    version = await production_ws.get("model_versions", str(trained["id"]))
    assert version.run_metadata is not None
    assert ", ".join(sorted(version.run_metadata)) == trained["metadata_keys"]
