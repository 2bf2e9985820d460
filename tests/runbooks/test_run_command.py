"""`zpro-nb run` as a user runs it: a subprocess executing small notebooks on a real kernel."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from zpro_nb.runbooks import INJECTED_TAG, execute_notebook

from .notebook_files import ZPRO_NB, all_text, make_notebook


def zpro_nb_run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ZPRO_NB, "run", *args], cwd=cwd, capture_output=True, text=True, timeout=180, env=os.environ.copy()
    )


def test_parameters_are_injected_and_the_executed_copy_written(tmp_path: Path) -> None:
    make_notebook(
        tmp_path / "p.ipynb",
        ["print('N', n * 2, label, type(flag).__name__)"],
        parameters="n = 1\nlabel = 'default'\nflag = True",
    )
    done = zpro_nb_run(
        "p.ipynb",
        "-p",
        "n=21",
        "-p",
        "label=from-cli",
        "-p",
        "flag=False",
        "--output",
        "out.ipynb",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "p.ipynb: ran in" in done.stdout
    out = nbformat.read(str(tmp_path / "out.ipynb"), as_version=4)
    assert "N 42 from-cli bool" in all_text(out)
    assert [INJECTED_TAG] in [c.metadata.get("tags") for c in out.cells]
    # the notebook itself is left as it was
    assert len(nbformat.read(str(tmp_path / "p.ipynb"), as_version=4).cells) == 3


def test_a_failing_cell_exits_nonzero_and_shows_the_cell_and_the_error(tmp_path: Path) -> None:
    make_notebook(tmp_path / "bad.ipynb", ["x = 1", "y = x / 0  # the bad cell", "print('never printed')"])
    done = zpro_nb_run("bad.ipynb", "--output", "out.ipynb", cwd=tmp_path)
    assert done.returncode == 1
    assert "failed in cell 3" in done.stderr  # markdown title, x = 1, then this one
    assert "y = x / 0  # the bad cell" in done.stderr
    assert "ZeroDivisionError" in done.stderr
    assert "division by zero" in done.stderr
    assert "\x1b[" not in done.stderr + done.stdout
    out = nbformat.read(str(tmp_path / "out.ipynb"), as_version=4)  # written on failure too
    assert "never printed" not in all_text(out)


def test_html_report_embeds_the_chart_and_holds_no_token(tmp_path: Path) -> None:
    canary = "eyJ" + secrets.token_urlsafe(30)  # built at run time, looks like a token to a reader
    make_notebook(
        tmp_path / "chart.ipynb",
        [
            "import os\nprint('token:', os.environ['ZENML_PRO_API_TOKEN'])",
            "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.bar([1, 2], [3, 4])\nplt.show()",
        ],
    )
    env = {**os.environ, "ZENML_PRO_API_TOKEN": canary}
    done = subprocess.run(
        [ZPRO_NB, "run", "chart.ipynb", "--html", "report.html", "--output", "out.ipynb"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert re.search(r'<img [^>]*src="data:image/png;base64,', report)
    assert "token: ****" in report
    assert canary not in report
    assert canary not in (tmp_path / "out.ipynb").read_text(encoding="utf-8")
    assert canary not in done.stdout + done.stderr


def test_unknown_parameter_and_missing_notebook_are_usage_errors(tmp_path: Path) -> None:
    make_notebook(tmp_path / "p.ipynb", ["pass"], parameters="dry_run = True")
    done = zpro_nb_run("p.ipynb", "-p", "dryrun=False", cwd=tmp_path)
    assert done.returncode == 2
    assert "unknown parameter(s) dryrun; this notebook takes: dry_run" in done.stderr
    done = zpro_nb_run("nowhere.ipynb", cwd=tmp_path)
    assert done.returncode == 2
    assert "no such notebook: nowhere.ipynb" in done.stderr
    done = zpro_nb_run("p.ipynb", "-p", "no equals sign", cwd=tmp_path)
    assert done.returncode == 2


def test_a_dying_kernel_is_reported_as_a_failure_of_its_cell(tmp_path: Path) -> None:
    path = make_notebook(tmp_path / "die.ipynb", ["x = 1", "import os\nos._exit(3)", "print('never')"])
    result = execute_notebook(path, timeout=60)
    assert not result.ok
    assert result.failure is not None
    assert result.failure.index == 2
    assert "os._exit(3)" in result.failure.report()
    assert result.failure.ename == "DeadKernelError"


def test_the_kernel_is_this_python_even_when_a_user_kernelspec_shadows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stale user-level python3 spec (another interpreter) must not win: it could not import zpro_nb.
    # Outside a venv (or with this setting) Jupyter prefers the user's kernelspecs to the environment's.
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    decoy = Path(os.environ["HOME"]) / ".local" / "share" / "jupyter" / "kernels" / "python3"
    decoy.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": ["/nonexistent/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "decoy",
        "language": "python",
    }
    (decoy / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    try:
        path = make_notebook(tmp_path / "which.ipynb", ["import sys, zpro_nb\nprint('EXE', sys.executable)"])
        result = execute_notebook(path, timeout=60)
        assert result.ok, result.failure.report() if result.failure else ""
        assert f"EXE {sys.executable}" in all_text(result.notebook)
    finally:
        (decoy / "kernel.json").unlink()


def test_the_html_report_is_titled_with_the_runbooks_heading() -> None:
    from zpro_nb.runbooks.runner import notebook_to_html, runbook_title

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("Intro text first\n\n# Rotate API keys\n\nMore."),
        nbformat.v4.new_code_cell("1 + 1"),
    ]
    assert runbook_title(nb) == "Rotate API keys"
    assert "<title>Rotate API keys</title>" in notebook_to_html(nb)
    assert runbook_title(nbformat.v4.new_notebook()) == "Notebook"
