"""The committed runbooks: clean (no outputs, no widget state), documented, parameterised."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from zpro_nb.runbooks import notebook_parameters

from .notebook_files import NOTEBOOKS, ROOT

EXPECTED = {
    "00-quick-start",
    "01-workspace-inventory",
    "02-access-audit",
    "05-rotate-api-keys",
    "06-access-review",
}


def test_the_runbooks_of_this_release_are_there() -> None:
    assert {p.stem for p in NOTEBOOKS} >= EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs_or_widget_state(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert "widgets" not in raw.get("metadata", {})
    for index, cell in enumerate(raw["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"cell {index} holds outputs"
            assert cell.get("execution_count") is None, f"cell {index} holds an execution count"
        assert "attachments" not in cell, f"cell {index} holds attachments"


def test_the_strip_script_agrees() -> None:
    done = subprocess.run(
        [sys.executable, "scripts/strip_notebooks.py", "--check", *map(str, NOTEBOOKS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_opens_with_a_plain_language_header_and_a_parameters_cell(path: Path) -> None:
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    for heading in ("What it does", "What it changes", "What it needs"):
        assert heading in first.source
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert tagged[0].cell_type == "code"
    assert notebook_parameters(nb), "the parameters cell assigns nothing"
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_opens_its_session_through_open_session(path: Path) -> None:
    # open_session() is what makes "no token = sandbox, and say so" hold for every runbook.
    code = "\n".join(c.source for c in nbformat.read(str(path), as_version=4).cells if c.cell_type == "code")
    assert "open_session()" in code
    assert "zpro_nb.connect(" not in code


def test_the_quick_start_links_every_other_runbook() -> None:
    nb = nbformat.read(str(ROOT / "notebooks" / "00-quick-start.ipynb"), as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    linked = set(re.findall(r"\]\(([\w-]+\.ipynb)\)", markdown))
    others = {p.name for p in NOTEBOOKS if p.stem != "00-quick-start"}
    assert others <= linked, f"not linked: {sorted(others - linked)}"
    assert linked <= {p.name for p in NOTEBOOKS}, "a link to a runbook that does not exist"


def test_the_offboarding_runbook_picks_the_person_unless_the_parameter_names_one() -> None:
    nb = nbformat.read(str(ROOT / "notebooks" / "04-offboard-user.ipynb"), as_version=4)
    assert notebook_parameters(nb)["user"] == "None"
    assert notebook_parameters(nb)["apply"] == "False"
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "s.offboarding_picker()" in code
    assert "s.offboarding_plan(user" in code
    assert "import pandas" not in code  # the work is behind s.offboarding_plan(), not in the notebook


def test_the_key_rotation_runbook_defaults_to_a_dry_run() -> None:
    nb = nbformat.read(str(ROOT / "notebooks" / "05-rotate-api-keys.ipynb"), as_version=4)
    assert notebook_parameters(nb)["dry_run"] == "True"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_secret_looking_literals(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"ZENPROKEY_[A-Za-z0-9+/=]{20}", text)
    assert not re.search(r"ZENKEY_[A-Za-z0-9+/=]{40}", text)
    assert not re.search(r"eyJ[\w-]+\.eyJ[\w-]+", text)
