"""The README's and the getting-started page's workspace examples run as written (in-process sandbox)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import zpro_nb

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
GETTING_STARTED = ROOT / "docs" / "getting-started.md"


def python_block(path: Path, heading: str) -> str:
    text = path.read_text(encoding="utf-8")
    section = text.split(heading, 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found is not None
    return found.group(1)


def test_the_readme_notebook_example_runs() -> None:
    code = python_block(README, "## In a notebook")
    assert "since=" in code
    namespace: dict[str, Any] = {}
    try:
        exec(compile(code, str(README), "exec"), namespace)
        runs = namespace["ws"].runs(since="30d")
        assert len(runs) > 0
    finally:
        if "s" in namespace:
            namespace["s"].close()


def test_the_getting_started_workspace_example_runs() -> None:
    code = python_block(GETTING_STARTED, "## Inside a workspace")
    s = zpro_nb.sandbox()
    try:
        namespace: dict[str, Any] = {"s": s, "datetime": datetime}
        exec(compile(code, str(GETTING_STARTED), "exec"), namespace)
    finally:
        s.close()
