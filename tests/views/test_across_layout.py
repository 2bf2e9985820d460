"""The org-wide frame takes each workspace's columns out of its records as the answer arrives; the
frame laid out once all are in must be the one the records alone give, odd records included."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from zpro_nb.frames import SCHEMAS
from zpro_nb.views.across import WorkspaceTarget, combine, taken_apart
from zpro_nb.workspace.records_only import Listed


def _run(run_id: str, **body: Any) -> dict[str, Any]:
    return {
        "id": run_id,
        "name": f"training-{run_id}",
        "body": {"created": "2026-10-24T14:40:54.912095", "status": "completed", "index": 3, **body},
        "metadata": {
            "run_metadata": {"epochs": 20},
            "start_time": "2026-10-24T14:40:54.912095",
            "end_time": "2026-10-24T15:33:30.451828",
        },
        "resources": {
            "user": {"id": "u1", "name": "keiko"},
            "stack": {"id": "s1", "name": "default"},
            "pipeline": {"id": "p1", "name": "training"},
            "tags": [{"name": "nightly"}],
        },
    }


# Each kind of record the column extraction treats its own way: the usual shape; a second key path
# used when the first is empty; a non-mapping on the way (the per-record walk); almost nothing.
RUNS = [
    [_run("r1"), _run("r2", pipeline_id="p9")],
    [
        {
            **_run("r3"),
            "resources": {"user": None, "stack": None, "pipeline": None, "tags": None},
            "body": {"user": {"id": "u2", "name": "ana"}, "stack_id": "s2", "tags": [{"name": "adhoc"}]},
        },
        {**_run("r4"), "metadata": "hidden", "body": ["not", "a", "mapping"]},
    ],
    [],
    [{"id": "r5"}],
]


def _targets(n: int = len(RUNS)) -> list[WorkspaceTarget]:
    return [WorkspaceTarget(f"ws-{i}", f"id-{i}", None) for i in range(n)]


@pytest.mark.parametrize("early", ["all", "none", "some"])
def test_columns_taken_out_early_lay_out_the_frame_the_records_give(early: str) -> None:
    answers = [Listed("runs", records) for records in RUNS]
    laid = [
        taken_apart(a) if early == "all" or (early == "some" and i % 2) else a for i, a in enumerate(answers)
    ]
    frame = combine(SCHEMAS["runs"], [(t, a, None) for t, a in zip(_targets(), laid, strict=True)])
    # the same records laid out by each workspace's own frame, joined
    want = pd.concat([SCHEMAS["runs"].build(records) for records in RUNS], ignore_index=True)
    pd.testing.assert_frame_equal(frame.drop(columns=["workspace", "workspace_id"]), want)
    assert list(frame["workspace"]) == ["ws-0", "ws-0", "ws-1", "ws-1", "ws-3"]
    assert list(frame.loc[2, ["user_name", "stack_id", "tags"]]) == ["ana", "s2", "adhoc"]
    assert pd.isna(frame.loc[3, "status"])
    assert pd.isna(frame.loc[3, "start_time"])
    assert [r["id"] for r in frame.zpro.raw] == ["r1", "r2", "r3", "r4", "r5"]


def test_values_an_answer_brings_are_kept_over_its_records() -> None:
    # an API key's service account comes beside its records, not in them
    keys = [{"id": "k1", "name": "ci", "body": {"service_account": {"id": "sa-in-record", "name": "x"}}}]
    given = Listed("api_keys", keys, {"service_account_id": ["sa-given"]})
    apart = taken_apart(given)
    assert apart.values["service_account_id"] == ["sa-given"]
    assert apart.values["service_account_name"] == ["x"]
    assert apart.records is keys
    assert taken_apart(apart) is apart  # nothing left to take out
    frame = combine(SCHEMAS["api_keys"], [(_targets(1)[0], apart, None)])
    assert list(frame["service_account_id"]) == ["sa-given"]
