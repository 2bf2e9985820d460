"""The docs hook: a page per runbook from the notebook itself, and `--help` texts for the CLI page."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import nbformat
import pytest

from zpro_nb.runbooks import notebook_parameters

from .notebook_files import NOTEBOOKS, ROOT


def load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generated_pages", ROOT / "docs" / "hooks" / "generated_pages.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runbook_page_holds_the_header_parameters_and_code(path: Path) -> None:
    page = load_hook().runbook_page(path)
    nb = nbformat.read(str(path), as_version=4)
    assert page.startswith(nb.cells[0].source.splitlines()[0])  # the notebook's title
    for name, default in notebook_parameters(nb).items():
        assert f"| `{name}` | `{default}` |" in page
    assert "open_session()" in page
    assert f"zpro-nb run notebooks/{path.name}" in page


def test_links_between_runbooks_point_at_their_pages() -> None:
    page = load_hook().runbook_page(ROOT / "notebooks" / "00-quick-start.ipynb")
    for path in NOTEBOOKS:
        if path.stem != "00-quick-start":
            assert f"]({path.stem}.md)" in page
    assert ".ipynb)" not in page  # strict mkdocs refuses links to files outside the docs


def test_every_runbook_page_is_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f"runbooks/{path.stem}.md" in nav


def test_cli_help_markers_become_help_texts() -> None:
    hook = load_hook()
    page = hook.on_page_markdown("before\n<!-- zpro-nb-help: run -->\nafter", None, None, None)
    assert "usage: zpro-nb run" in page
    assert "examples:" in page
    assert "<!--" not in page
