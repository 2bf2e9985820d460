"""Notebook files for the runbook tests: where the runbooks are, and small notebooks built on the spot."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ZPRO_NB = str(Path(sys.executable).parent / "zpro-nb")


def make_notebook(path: Path, cells: Sequence[str], *, parameters: str | None = None) -> Path:
    """Write a notebook: a markdown title, an optional ``parameters`` cell, then code cells."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbformat.v4.new_markdown_cell("# a test notebook"))
    if parameters is not None:
        nb.cells.append(nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}))
    nb.cells.extend(nbformat.v4.new_code_cell(src) for src in cells)
    nbformat.write(nb, str(path))
    return path


def all_text(nb: nbformat.NotebookNode) -> str:
    """Every output of an executed notebook as one string (streams, text/plain, text/html, errors)."""
    parts: list[str] = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            data = out.get("data", {})
            parts.append(data.get("text/plain", ""))
            parts.append(data.get("text/html", ""))
            parts.append(out.get("evalue", ""))
    return "\n".join(parts)
