"""Reading sheets: every kind of source, bad encodings, broken CSV, and spreadsheet row numbers."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from zpro_nb.changes.table_input import read_table

CSV = "user,role,workspace\nalice@acme.example,Workspace Viewer,ml-prod\nbob,Organization Member,\n"


def test_csv_text_gives_header_and_numbered_rows() -> None:
    table = read_table(CSV)
    assert table.problems == []
    assert table.header == ["user", "role", "workspace"]
    assert table.rows == [
        (2, ["alice@acme.example", "Workspace Viewer", "ml-prod"]),
        (3, ["bob", "Organization Member", ""]),
    ]


def test_path_str_path_bytes_and_file_objects_read_the_same(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(CSV, encoding="utf-8")
    expected = read_table(CSV).rows
    assert read_table(path).rows == expected
    assert read_table(str(path)).rows == expected
    assert read_table(CSV.encode()).rows == expected
    assert read_table(io.StringIO(CSV)).rows == expected
    assert read_table(io.BytesIO(CSV.encode())).rows == expected
    with path.open("rb") as handle:
        assert read_table(handle).rows == expected


def test_dataframe_rows_are_numbered_like_a_sheet_and_missing_values_are_blank() -> None:
    frame = pd.DataFrame(
        {
            "user": ["alice", None],
            "role": ["Workspace Viewer", "Organization Member"],
            "workspace": ["ml-prod", float("nan")],
        }
    )
    table = read_table(frame)
    assert table.rows == [(2, ["alice", "Workspace Viewer", "ml-prod"]), (3, ["", "Organization Member", ""])]


def test_excel_utf8_bom_is_accepted() -> None:
    table = read_table(b"\xef\xbb\xbf" + CSV.encode())
    assert table.header == ["user", "role", "workspace"]
    assert table.problems == []


def test_latin1_file_is_reported_with_its_row_and_how_to_fix_it() -> None:
    data = "user,role\nalice,Workspace Viewer\nren\xe9,Workspace Viewer\n".encode("latin-1")
    table = read_table(data)
    assert len(table.problems) == 1
    problem = table.problems[0]
    assert problem.row == 3
    assert "not UTF-8" in problem.message
    assert "0xE9" in problem.message
    assert "UTF-8" in problem.fix
    assert "iconv" in problem.fix


def test_utf16_file_is_reported() -> None:
    table = read_table(CSV.encode("utf-16"))
    assert "UTF-16" in table.problems[0].message


def test_text_file_opened_with_the_wrong_encoding_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("user,role\nren\xe9,x\n".encode("latin-1"))
    with path.open(encoding="utf-8") as handle:
        table = read_table(handle)
    assert "not UTF-8" in table.problems[0].message


def test_broken_quoting_is_a_problem_on_its_row_not_a_crash() -> None:
    table = read_table('user,role\nalice,Workspace Viewer\n"bob,Workspace Viewer\n')
    assert table.rows[:1] == [(2, ["alice", "Workspace Viewer"])]
    assert any("malformed" in p.message for p in table.problems)
    table = read_table('user,role\nalice,"Workspace" Viewer\n')
    assert table.problems
    assert table.problems[0].row == 2
    assert "double quotes" in table.problems[0].fix


def test_extra_cells_are_reported_but_trailing_empty_ones_are_not() -> None:
    table = read_table("user,role\nalice,Workspace Viewer,oops\nbob,Workspace Viewer,,\n")
    assert [p.row for p in table.problems] == [2]
    assert "3 cells" in table.problems[0].message
    assert table.rows[1] == (3, ["bob", "Workspace Viewer"])


def test_short_rows_are_padded_with_blanks() -> None:
    assert read_table("user,role,workspace\nalice,Workspace Viewer\n").rows == [
        (2, ["alice", "Workspace Viewer", ""])
    ]


def test_blank_lines_are_skipped_but_rows_keep_their_sheet_numbers() -> None:
    table = read_table("\nuser,role\n\nalice,Workspace Viewer\n,\nbob,Workspace Viewer\n")
    assert [n for n, _ in table.rows] == [3, 5]


def test_semicolon_and_tab_separated_sheets_are_understood() -> None:
    assert read_table("user;role\nalice;Workspace Viewer\n").rows == [(2, ["alice", "Workspace Viewer"])]
    assert read_table("user\trole\nalice\tWorkspace Viewer\n").rows == [(2, ["alice", "Workspace Viewer"])]


def test_missing_file_empty_sheet_and_odd_objects_are_problems() -> None:
    assert "no file" in read_table("no-such-sheet.csv").problems[0].message
    assert "empty" in read_table("").problems[0].message
    assert "empty" in read_table(b"\n\n").problems[0].message
    assert "cannot read" in read_table(42).problems[0].message
