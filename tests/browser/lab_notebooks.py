"""Driving whole notebooks in JupyterLab: open one, Run All, wait for the end, read outputs, shoot.

Everything goes through Lab's own objects (``window.jupyterapp``, exposed by the server's
``expose_app_in_browser``): the cells' models say which ran and what they output, independent of
how the page happens to draw them.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
from typing import Any

from playwright.sync_api import Page, expect

from .conftest import LAB_TOKEN, ROOT, LabServer

DOCS_IMG = ROOT / "docs" / "img"
#: the notebook on show (others may be open in hidden tabs)
VISIBLE_NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"

# Every code cell has run (an execution count) and the kernel is idle, or a cell failed (Run All
# stops there, so the cells after it never get a count).
_FINISHED = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    if (!panel || !panel.content || !panel.sessionContext.session) return false;
    const code = panel.content.widgets.filter((c) => c.model.type === 'code');
    const failed = code.some((c) => c.model.outputs.toJSON().some((o) => o.output_type === 'error'));
    const kernel = panel.sessionContext.session.kernel;
    const ran = code.every((c) => c.model.executionCount !== null);
    return failed || (ran && kernel !== null && kernel.status === 'idle');
}"""

_ERRORS = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    return panel.content.widgets
        .filter((c) => c.model.type === 'code')
        .flatMap((c, i) => c.model.outputs.toJSON()
            .filter((o) => o.output_type === 'error')
            .map((o) => `cell ${i}: ${o.ename}: ${o.evalue}`));
}"""


def open_notebook(page: Page, lab: LabServer, path: str) -> None:
    """Open ``path`` (relative to the served root) and wait for its kernel to be idle."""
    # reset: a fresh layout, not the previous page's notebooks restored around this one
    page.goto(f"{lab.url}/lab/tree/{path}?reset&token={LAB_TOKEN}")
    page.locator(VISIBLE_NOTEBOOK).wait_for(state="visible", timeout=60_000)
    # the execution indicator reads idle before a kernel exists: wait for the status bar's words
    expect(page.locator("#jp-main-statusbar")).to_contain_text(
        re.compile(r"\(ipykernel\) \| Idle"), timeout=60_000
    )


def run_all(page: Page, timeout_ms: float = 180_000) -> list[str]:
    """Run All, wait for the end; returns the error outputs (``cell i: Name: message``), if any."""
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function(_FINISHED, timeout=timeout_ms, polling=500)
    errors: list[str] = page.evaluate(_ERRORS)
    return errors


def close_notebook(page: Page) -> None:
    """Shut the notebook's kernel down (2 cores: one kernel at a time) and close it unsaved."""
    page.evaluate(
        """async () => {
            const panel = window.jupyterapp.shell.currentWidget;
            await panel.sessionContext.shutdown();
            panel.context.model.dirty = false;
            panel.dispose();
        }"""
    )


def cell_output(page: Page, index: int) -> Any:
    """The output area of the notebook's cell ``index`` (counting every cell, markdown too)."""
    return page.locator(f"{VISIBLE_NOTEBOOK} .jp-Cell").nth(index).locator(".jp-OutputArea")


def shoot(locator: Any, name: str, artifacts: pathlib.Path) -> pathlib.Path:
    """Screenshot to ``artifacts/``; with ZPRO_UPDATE_DOCS_SCREENSHOTS=1 also to ``docs/img/``."""
    path = artifacts / name
    locator.screenshot(path=str(path))
    # The docs' screenshots change on every run (times, ids); refresh them only when asked.
    if os.environ.get("ZPRO_UPDATE_DOCS_SCREENSHOTS") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, DOCS_IMG / name)
    return path
