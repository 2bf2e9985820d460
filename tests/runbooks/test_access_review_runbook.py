"""The access-review runbook headless with ``zpro-nb run`` over HTTP, on a sandbox server of its own
(the runbook moves the sandbox's clock a quarter, which would expire a shared server's tokens)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from fixtures_sandbox import start_sandbox_server

from zpro_nb.runbooks import SandboxServer

from .notebook_files import ROOT, ZPRO_NB

RUNBOOK = ROOT / "notebooks" / "06-access-review.ipynb"


@pytest.fixture(scope="module")
def own_sandbox() -> Iterator[SandboxServer]:
    with start_sandbox_server("--ready-delay", "0") as server:
        yield server
    assert server.process.returncode == 0


def test_the_review_runs_headless_over_http(own_sandbox: SandboxServer, tmp_path: Path) -> None:
    env = {**os.environ, **own_sandbox.environment("admin")}
    command = [
        ZPRO_NB,
        "run",
        str(RUNBOOK),
        "--html",
        "review-run.html",
        "-p",
        f"report_folder={tmp_path / 'out'}",
    ]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "06-access-review.ipynb: ran in" in done.stdout
    report = (tmp_path / "review-run.html").read_text(encoding="utf-8")
    assert "Changes since the previous review (1)" in report
    assert "then the clock moved 91 days" in report
    diff = pd.read_csv(tmp_path / "out" / "diff.csv")
    assert diff[["change", "username", "workspace", "new_role"]].values.tolist() == [
        ["gained", "viewer", "staging", "Workspace Admin"]
    ]
    assert (tmp_path / "out" / "review.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    for secret in [*own_sandbox.tokens.values(), *own_sandbox.api_keys.values()]:
        assert secret not in report
        assert secret not in done.stdout + done.stderr
    assert not list(tmp_path.glob("access-snapshots*"))  # the sandbox's snapshots are never kept
