"""Interactive tables in a real kernel: itables' set-up arrives as one output, its library defined first.

Split in two outputs, JupyterLab could run the script awaiting the library before the one defining it,
and the browser logged "Cannot destructure property 'set_or_remove_dark_class'" (seen by the browser
test while the runbooks ran).
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]


def test_itables_set_up_is_one_output_with_the_library_defined_before_it_is_awaited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("HOME", str(tmp_path))
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("import zpro_nb\nzpro_nb.interactive_tables(True)"))
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = nb.cells[0].outputs
    assert len(outputs) == 1, [o.get("output_type") for o in outputs]
    page = outputs[0]["data"]["text/html"]
    defined = page.index("window._itables_")  # the classic script that defines the library
    awaited = page.index("await window._itables_")  # the module that needs it
    assert defined < awaited
