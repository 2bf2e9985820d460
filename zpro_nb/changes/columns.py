"""Matching a sheet's header to the columns a kind of change needs: aliases, misspellings, missing columns."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .problems import RowProblem


@dataclass(frozen=True)
class ColumnSpec:
    """A column a sheet may have: its canonical name, accepted aliases, and an example value for messages."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    example: str = ""


@dataclass
class ColumnMatch:
    """Where each canonical column sits in the header, the header cells ignored, and header problems."""

    positions: dict[str, int] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def normalize_header(text: str) -> str:
    """``'  Role Name '`` -> ``'role_name'``: case, spaces, dots and hyphens do not matter in headers."""
    return re.sub(r"[\s\-.]+", "_", text.strip().lower()).strip("_")


def match_columns(
    header: Sequence[str],
    specs: Sequence[ColumnSpec],
    *,
    one_of: Sequence[tuple[str, ...]] = (),
) -> ColumnMatch:
    """Map ``header`` onto ``specs``; header problems are reported on row 1, each with its fix."""
    by_alias: dict[str, str] = {}
    for spec in specs:
        for alias in (spec.name, *spec.aliases):
            by_alias[normalize_header(alias)] = spec.name
    match = ColumnMatch()
    misspelt: dict[str, str] = {}
    for position, cell in enumerate(header):
        key = normalize_header(cell)
        if not key:
            continue
        name = by_alias.get(key)
        if name is None:
            close = difflib.get_close_matches(key, list(by_alias), n=1, cutoff=0.75)
            if close:
                misspelt.setdefault(by_alias[close[0]], cell)
            else:
                match.ignored.append(cell)
            continue
        if name in match.positions:
            first = header[match.positions[name]]
            match.problems.append(
                RowProblem(
                    1,
                    f"the columns '{first}' and '{cell}' both give the {name}",
                    "keep one of them and delete the other",
                    column=cell,
                )
            )
            continue
        match.positions[name] = position
    for name, cell in misspelt.items():
        if name in match.positions:
            match.ignored.append(cell)
            continue
        match.problems.append(
            RowProblem(
                1,
                f"the column '{cell}' is not one this sheet can have",
                f"rename it to '{name}'",
                column=cell,
            )
        )
    for spec in specs:
        if spec.required and spec.name not in match.positions and spec.name not in misspelt:
            example = f" (e.g. {spec.example})" if spec.example else ""
            found = ", ".join(f"'{h}'" for h in header if h.strip()) or "none"
            match.problems.append(
                RowProblem(
                    1,
                    f"the required column '{spec.name}' is missing (the header has: {found})",
                    f"add a '{spec.name}' column{example}",
                )
            )
    for group in one_of:
        if not any(name in match.positions or name in misspelt for name in group):
            names = " or ".join(f"'{n}'" for n in group)
            match.problems.append(
                RowProblem(
                    1, f"the sheet needs a {names} column", f"add a {names} column naming who the row is for"
                )
            )
    return match
