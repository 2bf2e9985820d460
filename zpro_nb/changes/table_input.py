"""Reading a bulk-change sheet: a path, CSV text, CSV bytes, a file object or a DataFrame.

Rows keep the numbers a spreadsheet shows (the header is row 1), so every problem can point at the
row the user has to fix. Unreadable input (not UTF-8, broken quoting) becomes a problem, never a crash.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeAlias

from .problems import RowProblem

if TYPE_CHECKING:
    import pandas as pd

#: What the ``plan_*`` methods accept.
SheetSource: TypeAlias = "pd.DataFrame | str | bytes | os.PathLike[str] | IO[str] | IO[bytes]"

_EXCEL_FIX = (
    "save the sheet as 'CSV UTF-8 (Comma delimited)' (Excel) or with UTF-8 encoding (LibreOffice, Numbers), "
    "or convert it, e.g. `iconv -f WINDOWS-1252 -t UTF-8 old.csv > new.csv`"
)


@dataclass
class Table:
    """A sheet as text cells: the header, the data rows with their spreadsheet numbers, and input problems."""

    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def read_table(source: Any) -> Table:
    """Read ``source`` into a :class:`Table`; problems with the input are recorded, not raised."""
    try:
        import pandas as pd  # lazy: pandas
    except ImportError:  # pragma: no cover - pandas is a dependency
        pd = None  # type: ignore[assignment]
    if pd is not None and isinstance(source, pd.DataFrame):
        return _from_frame(source)
    if isinstance(source, bytes | bytearray):
        return _from_bytes(bytes(source))
    if isinstance(source, os.PathLike):
        return _from_path(Path(source))
    if isinstance(source, str):
        if not source.strip() or "\n" in source or "\r" in source:
            return _from_text(source)
        path = Path(source).expanduser()
        if path.is_file():
            return _from_path(path)
        if "," in source or ";" in source or "\t" in source:
            return _from_text(source)
        return Table(
            problems=[
                RowProblem(
                    None,
                    f"no file called '{source}' was found",
                    "pass the path of an existing CSV file, CSV text, a file object or a DataFrame",
                )
            ]
        )
    if hasattr(source, "read"):
        try:
            content = source.read()
        except UnicodeDecodeError as exc:
            return Table(
                problems=[
                    RowProblem(
                        None,
                        f"the file is not UTF-8 text ({exc.reason})",
                        "open it in binary mode ('rb'), or " + _EXCEL_FIX,
                    )
                ]
            )
        if isinstance(content, bytes | bytearray):
            return _from_bytes(bytes(content))
        if isinstance(content, str):
            return _from_text(content)
    return Table(
        problems=[
            RowProblem(
                None,
                f"cannot read a sheet from a {type(source).__name__}",
                "pass a CSV path, CSV text, a file object or a pandas DataFrame",
            )
        ]
    )


def _from_frame(frame: pd.DataFrame) -> Table:
    import pandas as pd  # lazy: pandas

    header = [str(c) for c in frame.columns]
    rows: list[tuple[int, list[str]]] = []
    for position, values in enumerate(frame.itertuples(index=False, name=None)):
        cells = ["" if _is_missing(v, pd) else str(v) for v in values]
        rows.append((position + 2, cells))
    return Table(header=header, rows=rows)


def _is_missing(value: Any, pd: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _from_path(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Table(
            problems=[
                RowProblem(None, f"cannot read '{path}': {exc.strerror}", "check the path and permissions")
            ]
        )
    return _from_bytes(data)


def _from_bytes(data: bytes) -> Table:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Table(
            problems=[
                RowProblem(
                    None, "the file is UTF-16 text, not UTF-8", _EXCEL_FIX.replace("WINDOWS-1252", "UTF-16")
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _with_bad_bytes(data)
    return _from_text(text)


def _with_bad_bytes(data: bytes) -> Table:
    """Report each line that is not UTF-8, and still read the rest so every other row gets checked too."""
    problems = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            byte = line[exc.start]
            guess = bytes([byte]).decode("cp1252", errors="replace")
            problems.append(
                RowProblem(
                    number,
                    f"the file is not UTF-8: byte 0x{byte:02X} (probably '{guess}' in Windows-1252/Latin-1) "
                    "cannot be read",
                    _EXCEL_FIX,
                )
            )
    table = _from_text(data.decode("utf-8-sig", errors="replace"))
    table.problems[:0] = problems
    return table


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _from_text(text: str) -> Table:
    text = text.removeprefix("\ufeff")
    table = Table()
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line), strict=True)
    number = 0
    try:
        for record in reader:
            number += 1
            if not any(cell.strip() for cell in record):
                if not table.header:
                    number -= 1  # blank lines above the header are not rows a spreadsheet would show
                continue
            if not table.header:
                table.header = record
                continue
            table.rows.append((number, _fit(record, len(table.header), number, table)))
    except csv.Error as exc:
        table.problems.append(
            RowProblem(
                number + 1,
                f"the CSV is malformed here ({exc}); nothing from this row on was read",
                "wrap cells holding commas, quotes or line breaks in double quotes, and double any quote "
                'inside them ("")',
            )
        )
    if not table.header and not table.problems:
        table.problems.append(
            RowProblem(None, "the sheet is empty", "add a header row and one row per change")
        )
    return table


def _fit(record: list[str], width: int, number: int, table: Table) -> list[str]:
    if len(record) > width:
        extra = record[width:]
        if any(cell.strip() for cell in extra):
            table.problems.append(
                RowProblem(
                    number,
                    f"the row has {len(record)} cells but the header names {width} columns",
                    "remove the extra cells, or quote a cell that contains a comma",
                )
            )
        return record[:width]
    return record + [""] * (width - len(record))
