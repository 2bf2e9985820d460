"""Frames of what runs did, and durations: ``end_time - start_time`` as a column of its own."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from zpro_nb.frames import SCHEMAS, FrameSchema, col
from zpro_nb.frames.schema import TD, TS
from zpro_nb.frames.workspace_lineage import ARTIFACT_SAVE_TYPE, ARTIFACT_TYPE, MODEL_STAGE


def test_a_runs_duration_is_end_minus_start_and_nat_while_it_runs() -> None:
    records = [
        {"id": "a", "metadata": {"start_time": "2026-01-01T10:00:00", "end_time": "2026-01-01T10:02:30.5"}},
        {"id": "b", "metadata": {"start_time": "2026-01-01T10:00:00", "end_time": None}},
    ]
    frame = SCHEMAS["runs"].build(records)
    assert frame["duration"].dtype == "timedelta64[ns]"
    assert frame["duration"][0] == pd.Timedelta(minutes=2, seconds=30.5)
    assert pd.isna(frame["duration"][1])
    assert SCHEMAS["runs"].empty()["duration"].dtype == "timedelta64[ns]"


def test_a_steps_duration_reads_its_body_times() -> None:
    step = {"id": "s", "body": {"start_time": "2026-01-01T10:00:00", "end_time": "2026-01-01T10:00:07"}}
    assert SCHEMAS["steps"].build([step])["duration"][0] == pd.Timedelta(seconds=7)


def test_schedule_intervals_read_iso_durations_and_seconds() -> None:
    frame = SCHEMAS["schedules"].build(
        [
            {"body": {"interval_second": "PT1H"}},
            {"body": {"interval_second": 90}},
            {"body": {"interval_second": []}},
        ]
    )
    assert frame["interval"].tolist()[:2] == [pd.Timedelta(hours=1), pd.Timedelta(seconds=90)]
    assert pd.isna(frame["interval"][2])


def test_artifact_versions_name_their_artifact_and_types() -> None:
    record = {
        "id": "v",
        "body": {
            "artifact": {"id": "a", "name": "raw_data"},
            "version": "3",
            "type": "DataArtifact",
            "data_type": {"module": "pandas.core.frame", "attribute": "DataFrame", "type": "unknown"},
            "save_type": "step_output",
        },
        "resources": {"producer_pipeline_run_id": "r", "tags": [{"name": "gpu"}]},
    }
    row = SCHEMAS["artifact_versions"].build([record]).iloc[0]
    assert (row.artifact_name, row.version, row.type, row.data_type) == (
        "raw_data",
        "3",
        "DataArtifact",
        "pandas.core.frame.DataFrame",
    )
    assert (row.producer_run_id, row.tags) == ("r", "gpu")


def test_a_derived_column_must_name_earlier_columns() -> None:
    with pytest.raises(ValueError, match="must name earlier columns"):
        FrameSchema(
            "odd", (col("duration", TD, "end", "start", rule="elapsed"), col("end", TS), col("start", TS))
        )


@pytest.mark.oss
def test_categories_hold_exactly_zenmls_enum_values(tmp_path: Path) -> None:
    from zenml_judge import run_in_zenml

    enums = ["zenml.enums.ArtifactType", "zenml.enums.ArtifactSaveType", "zenml.enums.ModelStages"]
    answer = run_in_zenml("enum_values.py", {"enums": enums}, config_dir=tmp_path / "cfg")
    assert list(ARTIFACT_TYPE.values) == answer["zenml.enums.ArtifactType"]
    assert list(ARTIFACT_SAVE_TYPE.values) == answer["zenml.enums.ArtifactSaveType"]
    assert list(MODEL_STAGE.values) == answer["zenml.enums.ModelStages"]
