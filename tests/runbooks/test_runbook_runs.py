"""Every runbook runs headless against the sandbox: in-process (no token) and over HTTP (token set)."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from fixtures_sandbox import start_sandbox_server

from zpro_nb.runbooks import SandboxServer, execute_notebook

from .notebook_files import NOTEBOOKS, ROOT, ZPRO_NB, all_text


@pytest.fixture(scope="module")
def sandbox_http() -> Iterator[SandboxServer]:
    """A sandbox server started the way `zpro-nb lab` starts it (also a test of that helper)."""
    with start_sandbox_server("--ready-delay", "0") as server:
        yield server
    assert server.process.returncode == 0


def run(path: Path, **parameters: object) -> nbformat.NotebookNode:
    result = execute_notebook(path, parameters, timeout=180)
    assert result.ok, result.failure.report() if result.failure else ""
    # Figures for the report: how long each runbook takes on the sandbox.
    print(f"{path.name}: {result.seconds:.1f} s")
    return result.notebook


def images(nb: nbformat.NotebookNode) -> int:
    return sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))


# One run per runbook (kernels are the slow part), with parameters that exercise each one.
IN_PROCESS = {
    "00-quick-start": ({"status": "available"}, ["acme-ml", "production"], ["legacy-batch"], 0),
    "01-workspace-inventory": ({}, ["production", "without a run in 30 days"], [], 1),
    "02-access-audit": ({"stale_days": 30}, ["Workspace Admin", "unanswered for more than 30 days"], [], 1),
    "04-offboard-user": (
        {},
        [
            # headless with no `user`: the sandbox's example leaver, said so; then the plan as a table
            "Sandbox: offboarding the example leaver noah.romero@acme.example",
            "zpro-offboard-table",
            "DRY RUN: nothing was changed for noah.romero@acme.example.",
        ],
        ["CHANGED for"],
        0,
    ),
    "05-rotate-api-keys": (
        {"older_than_days": 30},
        ["Dry run:", "would be rotated, listed below with why", "days ago (limit: 30)"],
        ["Rotated", "Nothing to rotate"],
        0,
    ),
    "06-access-review": (
        {"quarter_days": 91},
        ["Changes since the previous review: 1", "then the clock moved 91 days", "Workspace Admin"],
        ["Snapshot kept for the next review"],
        0,
    ),
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_on_the_in_process_sandbox_without_a_token(path: Path) -> None:
    parameters, present, absent, charts = IN_PROCESS.get(path.stem, ({}, [], [], 0))
    nb = run(path, **parameters)
    text = all_text(nb)
    assert "SANDBOX" in text
    assert "No token configured" in text
    for expected in present:
        assert expected in text
    for unexpected in absent:
        assert unexpected not in text  # e.g. the deactivated workspace, filtered out by status=
    assert images(nb) == charts
    assert "it/s]" not in text  # no half-drawn progress bars in a headless run


def test_key_rotation_dry_run_with_nothing_due_says_so_instead_of_an_empty_table() -> None:
    nb = run(ROOT / "notebooks" / "05-rotate-api-keys.ipynb", older_than_days=100_000)
    text = all_text(nb)
    assert "Nothing to rotate: no active key older than 100000 days in " in text
    assert "would be rotated" not in text
    assert "Rotated" not in text


def test_offboarding_takes_the_person_from_the_parameter() -> None:
    nb = run(ROOT / "notebooks" / "04-offboard-user.ipynb", user="viewer", deactivate=True)
    text = all_text(nb)
    assert "example leaver" not in text  # the parameter wins
    assert "DRY RUN: nothing was changed for viewer@acme.example." in text
    assert "and deactivate the account." in text
    assert "-p user=viewer@acme.example -p apply=True -p deactivate=True" in text
    assert "noah.romero" not in text


def test_key_rotation_rotates_what_is_due_when_not_a_dry_run() -> None:
    nb = run(ROOT / "notebooks" / "05-rotate-api-keys.ipynb", older_than_days=30, dry_run=False)
    wet = all_text(nb)
    assert "**********" in wet  # the new values, masked
    assert "ZENKEY_" not in nbformat.writes(nb)  # never in clear anywhere in the executed notebook
    rotated = re.search(r"Rotated (\d+) key\(s\)", wet)
    assert rotated is not None
    assert int(rotated.group(1)) > 0  # the seed holds keys older than 30 days
    assert f"All {rotated.group(1)} rotated key(s) are now younger than 30 days." in wet


def test_access_audit_report_over_http_with_a_token(sandbox_http: SandboxServer, tmp_path: Path) -> None:
    env = {**os.environ, **sandbox_http.environment("admin")}
    done = subprocess.run(
        [ZPRO_NB, "run", str(ROOT / "notebooks" / "02-access-audit.ipynb"), "--html", "report.html"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "02-access-audit.ipynb: ran in" in done.stdout
    assert "on the sandbox; wrote report.html" in done.stdout
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert re.search(r'<img [^>]*src="data:image/png;base64,', report)  # the heatmap
    assert f"runbooks run on the sandbox at {sandbox_http.url}" in report
    for secret in [*sandbox_http.tokens.values(), *sandbox_http.api_keys.values()]:
        assert secret not in report
        assert secret not in done.stdout + done.stderr


def test_a_token_without_the_sandbox_marker_counts_as_real(
    sandbox_http: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The sandbox server stands in for a real organization: credentials set, no ZPRO_NB_SANDBOX_URL.
    monkeypatch.setenv("ZENML_PRO_API_URL", sandbox_http.url)
    monkeypatch.setenv("ZENML_PRO_API_KEY", sandbox_http.api_keys["admin"])
    result = execute_notebook(ROOT / "notebooks" / "00-quick-start.ipynb", timeout=180)
    assert result.ok, result.failure.report() if result.failure else ""
    assert result.mode == "real"
    text = all_text(result.notebook)
    assert "REAL ORGANIZATION" in text
    assert f"Signed in to {sandbox_http.url} as admin" in text
    assert sandbox_http.api_keys["admin"] not in text


def test_offboarding_refuses_to_guess_the_person_on_a_real_organization(
    sandbox_http: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZENML_PRO_API_URL", sandbox_http.url)
    monkeypatch.setenv("ZENML_PRO_API_TOKEN", sandbox_http.tokens["admin"])
    result = execute_notebook(ROOT / "notebooks" / "04-offboard-user.ipynb", timeout=180)
    assert result.failure is not None
    assert result.failure.ename == "ValueError"
    assert "Set `user` (-p user=someone@example.com)" in result.failure.evalue


def test_key_rotation_refuses_to_guess_the_workspace_on_a_real_organization(
    sandbox_http: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZENML_PRO_API_URL", sandbox_http.url)
    monkeypatch.setenv("ZENML_PRO_API_TOKEN", sandbox_http.tokens["admin"])
    result = execute_notebook(ROOT / "notebooks" / "05-rotate-api-keys.ipynb", timeout=180)
    assert result.failure is not None
    assert result.failure.ename == "ValueError"
    assert "Set the `workspace` parameter" in result.failure.evalue
