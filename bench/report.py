"""One benchmark figure, and the table and JSON file every run produces."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One line of the results table.

    ``target`` and ``measured`` are for people ("<= 1.3x", "1.08x"); ``value`` and ``details`` keep
    the raw numbers for machines. A benchmark that could not run is a figure with ``passed=False``
    and the reason in ``error``: a missing figure must never read as a pass.
    """

    name: str
    target: str
    measured: str
    passed: bool
    value: float | None = None
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The figure as a JSON-ready dict (``name``, ``target``, ``measured``, ``passed`` first)."""
        return asdict(self)


def failed_figure(name: str, target: str, error: BaseException | str) -> Figure:
    """The figure of a benchmark that raised or could not start."""
    reason = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    return Figure(name=name, target=target, measured="not measured", passed=False, error=reason)


def render_table(figures: Sequence[Figure]) -> str:
    """A plain-text table: figure, target, measured, pass (errors listed under it)."""
    header = ("figure", "target", "measured", "pass")
    rows = [(f.name, f.target, f.measured, "yes" if f.passed else "NO") for f in figures]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    errors = [f"  {f.name}: {f.error}" for f in figures if f.error]
    if errors:
        out += ["", "errors:", *errors]
    return "\n".join(out)


def render_markdown(figures: Sequence[Figure]) -> str:
    """The same table in Markdown, for docs/performance.md."""
    out = ["| figure | target | measured | pass |", "|---|---|---|---|"]
    out += [f"| {f.name} | {f.target} | {f.measured} | {'yes' if f.passed else '**no**'} |" for f in figures]
    return "\n".join(out)


def write_json(figures: Sequence[Figure], path: Path) -> None:
    """Write the figures as a JSON list of objects."""
    path.write_text(json.dumps([f.as_json() for f in figures], indent=2) + "\n", encoding="utf-8")
