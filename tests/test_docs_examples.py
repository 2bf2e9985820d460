"""Every Python example in README.md and docs/ runs, through pytest-markdown-docs, on a served sandbox.

The examples run in a pytest of their own (a subprocess), so the environment that points
``zpro_nb.connect()`` at the sandbox never reaches the rest of the suite. Each ```python fence
is one test; a fence that must not run is marked ```python notest and says why beside it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from fixtures_sandbox import SandboxServer

ROOT = Path(__file__).resolve().parents[1]
PAGES = [str(ROOT / "README.md"), *sorted(str(p) for p in (ROOT / "docs").glob("*.md"))]


def test_every_python_example_in_the_readme_and_docs_runs(
    sandbox_server: SandboxServer, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZENML_")}
    env.update(
        ZENML_PRO_API_URL=sandbox_server.url,
        ZENML_PRO_API_TOKEN=sandbox_server.tokens["admin"],
        ZPRO_NB_SANDBOX_URL=sandbox_server.url,
    )
    # Run from an empty folder: examples that save files (snapshots, reports) write there.
    command = [
        sys.executable, "-m", "pytest", "--markdown-docs", "-p", "no:cacheprovider", "-q",
        "--rootdir", str(tmp_path), *PAGES,
    ]  # fmt: skip
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    report = done.stdout[-6000:] + done.stderr[-2000:]
    assert sandbox_server.tokens["admin"] not in report
    assert done.returncode == 0, report
    passed = re.search(r"(\d+) passed", report)
    assert passed is not None, report
    assert int(passed.group(1)) >= 6, report  # the README's and the docs' examples were collected and ran
