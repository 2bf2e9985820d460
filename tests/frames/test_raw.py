"""The raw view: original records aligned with rows, shared (never copied) across derived frames."""

from __future__ import annotations

import copy
import pickle
from dataclasses import dataclass

import pandas as pd
import pytest

from zpro_nb.frames import SCHEMAS, Column, FrameSource, build_frame, col

from . import shapes


def _frame() -> pd.DataFrame:
    statuses = ["available", "failed", "available", "pending", "failed"]
    return SCHEMAS["workspaces"].build(
        [shapes.workspace(f"w{i}", status=s, extra_field=i) for i, s in enumerate(statuses)]
    )


def test_raw_returns_the_records_in_row_order_with_fields_outside_the_schema() -> None:
    frame = _frame()
    raw = frame.zpro.raw
    assert [r["name"] for r in raw] == list(frame["name"])
    assert [r["extra_field"] for r in raw] == [0, 1, 2, 3, 4]
    assert "extra_field" not in frame.columns


def test_raw_follows_filters_sorts_and_slices() -> None:
    frame = _frame()
    failed = frame[frame["status"] == "failed"]
    assert [r["name"] for r in failed.zpro.raw] == ["w1", "w4"]
    ordered = frame.sort_values("name", ascending=False)
    assert [r["name"] for r in ordered.zpro.raw] == ["w4", "w3", "w2", "w1", "w0"]
    assert [r["name"] for r in frame.head(2).zpro.raw] == ["w0", "w1"]
    assert [r["name"] for r in frame[["name"]].zpro.raw] == list(frame["name"])


def test_record_by_label() -> None:
    frame = _frame()
    assert frame.zpro.record(3)["name"] == "w3"
    with pytest.raises(KeyError):
        frame[frame["status"] == "failed"].zpro.record(0)


def test_derived_frames_share_the_source_instead_of_copying_it() -> None:
    frame = _frame()
    source = frame.attrs[FrameSource.ATTR]
    derived = [
        frame.copy(),
        frame.copy(deep=True),
        frame[frame["status"] == "available"],
        copy.deepcopy(frame),
    ]
    for other in derived:
        assert other.attrs[FrameSource.ATTR] is source
    assert frame.zpro.schema is SCHEMAS["workspaces"]


def test_raw_survives_pickling() -> None:
    frame = _frame()
    again = pickle.loads(pickle.dumps(frame))
    assert [r["name"] for r in again.zpro.raw] == list(again["name"])


def test_reindexed_frames_say_how_to_get_the_raw_view() -> None:
    frame = _frame().set_index("name")
    with pytest.raises(LookupError, match="before re-indexing"):
        _ = frame.zpro.raw


def test_frames_not_built_here_have_no_raw_view() -> None:
    with pytest.raises(AttributeError, match="not built by zpro_nb"):
        _ = pd.DataFrame({"a": [1]}).zpro.raw


def test_empty_frame_raw_is_empty() -> None:
    assert SCHEMAS["runs"].empty().zpro.raw == []


@dataclass(frozen=True)
class Bare:
    """A layout that is not a FrameSchema: a name and columns."""

    name: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def test_a_frame_built_under_a_bare_layout_keeps_its_raw_view_but_names_no_schema() -> None:
    # build_frame takes any Layout (the builder never imports FrameSchema); the raw view needs only
    # the records, while df.zpro.schema promises a FrameSchema and says so when there is none.
    records = [{"name": "a", "extra": 1}, {"name": "b", "extra": 2}]
    frame = build_frame(Bare("bare", (col("name", "string"),)), records)
    assert list(frame["name"]) == ["a", "b"]
    assert frame.zpro.raw == records
    with pytest.raises(AttributeError, match="built under Bare, not a FrameSchema"):
        _ = frame.zpro.schema
