"""How frames look in a notebook: readable by default, interactive when switched on, schema untouched."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

import zpro_nb
from zpro_nb.frames import SCHEMAS
from zpro_nb.frames import display as frame_display
from zpro_nb.frames.display import display_order, frame_html, readable


@pytest.fixture
def workspaces() -> pd.DataFrame:
    records: list[dict[str, Any]] = [
        {
            "id": f"00000000-0000-4000-8000-{i:012d}",
            "name": f"ws-{i}",
            "status": "available",
            "organization": {"id": "11111111-0000-4000-8000-000000000000", "name": "acme-ml"},
            "zenml_service": {"status": {"server_url": f"https://ws-{i}.example.com"}},
            "created": "2026-12-02T14:05:33.123456Z",
            "description": None,
        }
        for i in range(3)
    ]
    return SCHEMAS["workspaces"].build(records)


def test_names_and_status_lead_and_ids_come_last(workspaces: pd.DataFrame) -> None:
    order = display_order(list(workspaces.columns))
    assert order[:3] == ["name", "display_name", "status"]
    assert set(order[-3:]) == {"id", "organization_id", "owner_id"}
    assert sorted(order) == sorted(workspaces.columns)


def test_cells_read_as_a_person_reads_them(workspaces: pd.DataFrame) -> None:
    shown = readable(workspaces)
    assert shown.loc[0, "created"] == "2026-12-02 14:05"  # to the minute, no microseconds
    assert shown.loc[0, "description"] == ""  # no <NA>
    assert shown.loc[0, "url"].startswith('<a href="https://ws-0.example.com"')
    html = frame_html(workspaces)
    assert "&lt;NA&gt;" not in html
    assert "NaT" not in html
    assert "3 rows × " in html


def test_the_frame_itself_keeps_its_schema(workspaces: pd.DataFrame) -> None:
    before = workspaces.dtypes.to_dict()
    frame_html(workspaces)
    assert workspaces.dtypes.to_dict() == before
    assert workspaces.columns[0] == "id"  # the frame's column order is the schema's


def test_ipython_shows_zpro_frames_readably_and_other_frames_as_pandas_does(
    workspaces: pd.DataFrame,
) -> None:
    shell = InteractiveShell.instance()
    try:
        assert frame_display.register_display(shell)
        html = shell.display_formatter.format(workspaces)[0]["text/html"]
        assert "zpro-frame" in html
        plain = pd.DataFrame({"a": [1, 2]})
        other = shell.display_formatter.format(plain)[0]["text/html"]
        assert other == plain._repr_html_()
    finally:
        InteractiveShell.clear_instance()


def test_long_frames_become_interactive_tables_when_switched_on(
    workspaces: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(frame_display._state, "interactive", True)
    long = SCHEMAS["workspaces"].build(
        [{"id": str(i), "name": f"ws-{i}", "status": "available"} for i in range(50)]
    )
    html = frame_html(long)
    assert "itables" in html.lower() or "datatable" in html.lower()
    assert "zpro-frame" in frame_html(workspaces)  # short frames stay plain tables
    zpro_nb.interactive_tables(False)
    assert frame_display._state["interactive"] is False


def test_no_frame_has_a_column_named_index() -> None:
    # "index" reads as the DataFrame's own index and clashes with df.index in attribute access
    assert [s.name for s in SCHEMAS.values() if "index" in s.names] == []
