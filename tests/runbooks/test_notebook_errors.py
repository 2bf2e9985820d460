"""zpro_nb's errors in a real IPython kernel: one short block, and ``%tb`` for the full traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from traitlets.config import Config

from zpro_nb.runbooks import _this_python_kernel_manager


def execute(cells: list[str], tmp_path: Path) -> nbformat.NotebookNode:
    """Run ``cells`` in a kernel of this Python, keeping going after errors (as a person would)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    with tempfile.TemporaryDirectory(prefix="zpro-nb-kernel-") as sockets:
        config = Config()
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(Path(sockets) / "ipc")
        NotebookClient(
            nb,
            config=config,
            kernel_manager_class=_this_python_kernel_manager(),
            timeout=120,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": str(tmp_path)}},
        ).execute()
    return nb


def error_text(cell: Any) -> str:
    """The error output of a cell as a person sees it (traceback lines joined)."""
    errors = [o for o in cell.outputs if o.output_type == "error"]
    assert errors, f"no error output in {cell.source!r}: {cell.outputs}"
    return "\n".join("\n".join(o.traceback) for o in errors)


def test_a_failed_lookup_is_one_short_block_and_tb_shows_the_rest(tmp_path: Path) -> None:
    nb = execute(
        [
            "import zpro_nb\ns = zpro_nb.sandbox()",
            "s.workspace('does-not-exist')",
            "%tb",
            "1 / 0",
        ],
        tmp_path,
    )
    short = error_text(nb.cells[1])
    lines = short.strip().splitlines()
    assert len(lines) < 8, short
    assert lines[0].startswith("NameNotFound: no workspace called 'does-not-exist'")
    assert "what to do:" in short
    assert "s.workspaces()" in short
    assert "%tb" in short
    assert "404" not in short  # no request was answered 404: the name matched nothing here
    assert "zpro_nb/" not in short
    assert "Traceback" not in short
    full = error_text(nb.cells[2])
    assert "zpro_nb" in full
    assert "lookup.py" in full
    assert len(full.splitlines()) > len(lines)
    # other errors keep IPython's usual traceback
    assert "ZeroDivisionError" in error_text(nb.cells[3])
    assert "Traceback" in error_text(nb.cells[3]) or "1 / 0" in error_text(nb.cells[3])
