"""MkDocs hook: a page per runbook, written from the notebook itself, and `--help` texts in the CLI page.

Generated at build time so the docs can never drift from the notebooks and the parser:

* every ``notebooks/NN-*.ipynb`` becomes ``runbooks/NN-*.md``: its markdown cells as they are, its
  code cells as Python blocks, and its parameters as a table;
* ``<!-- zpro-nb-help: COMMAND -->`` in a page becomes that command's ``--help`` output.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
HELP_MARKER = re.compile(r"<!-- zpro-nb-help: ([a-z ]*) -->")
# A runbook's link to another runbook (``[..](01-x.ipynb)``) points at that runbook's page in the docs.
RUNBOOK_LINK = re.compile(r"\]\((\d\d-[\w-]+)\.ipynb\)")


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _parameters_table(source: str) -> list[str]:
    rows = ["| parameter | default | meaning |", "|---|---|---|"]
    lines = source.splitlines()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            line = lines[node.lineno - 1]
            meaning = line.split("#", 1)[1].strip() if "#" in line else ""
            default = ast.get_source_segment(source, node.value) or ""
            rows.append(f"| `{node.targets[0].id}` | `{default}` | {meaning} |")
    return rows


def runbook_page(path: Path) -> str:
    """The markdown page of one runbook notebook."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    out: list[str] = []
    for index, cell in enumerate(nb["cells"]):
        src = _source(cell).rstrip()
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "markdown":
            out.append(RUNBOOK_LINK.sub(r"](\1.md)", src))
            if index == 0:
                out.append(
                    f'!!! note "Notebook"\n    `notebooks/{path.name}`: open it with `zpro-nb lab`, '
                    f"or run it with `zpro-nb run notebooks/{path.name}`."
                )
        elif cell["cell_type"] == "code" and "parameters" in tags:
            out.append("## Parameters\n\nSet them with `zpro-nb run ... -p name=value`, or edit the cell.\n")
            out.append("\n".join(_parameters_table(src)))
            out.append(f"```python\n{src}\n```")
        elif cell["cell_type"] == "code" and src:
            out.append(f"```python\n{src}\n```")
    return "\n\n".join(out) + "\n"


def on_files(files: Files, config: Any) -> Files:
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        files.append(File.generated(config, f"runbooks/{path.stem}.md", content=runbook_page(path)))
    return files


def command_help(command: str) -> str:
    """``zpro-nb COMMAND --help`` as a user sees it, 100 columns wide."""
    from zpro_nb import cli

    buffer = io.StringIO()
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        with contextlib.redirect_stdout(buffer), contextlib.suppress(SystemExit):
            cli.main([*command.split(), "--help"])
    finally:
        if previous is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = previous
    return buffer.getvalue().rstrip()


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    return HELP_MARKER.sub(lambda m: f"```text\n{command_help(m.group(1).strip())}\n```", markdown)
