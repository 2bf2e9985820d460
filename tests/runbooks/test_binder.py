"""binder/start: what Binder runs before JupyterLab points the kernels at a live sandbox."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import psutil

from .notebook_files import ROOT

REPORT = (
    "import json, os; print(json.dumps({k: os.environ.get(k) for k in "
    "('ZENML_PRO_API_URL', 'ZPRO_NB_SANDBOX_URL', 'ZPRO_NB_SANDBOX_PID')} | "
    "{'has_token': bool(os.environ.get('ZENML_PRO_API_TOKEN'))}))"
)


def binder_start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # `python` in the script must be this venv's, as it is the image's on Binder.
    path = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return subprocess.run(
        ["bash", str(ROOT / "binder" / "start"), sys.executable, "-c", REPORT],
        env={**env, "PATH": path},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_start_exports_a_live_sandbox_then_runs_the_command() -> None:
    done = binder_start(dict(os.environ))
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    pid = int(seen["ZPRO_NB_SANDBOX_PID"])
    try:
        url = seen["ZENML_PRO_API_URL"]
        assert url.startswith("http://127.0.0.1:")
        assert seen["ZPRO_NB_SANDBOX_URL"] == url
        assert seen["has_token"] is True
        assert f"runbooks run on the sandbox at {url}" in done.stderr
        assert httpx.get(url + "/health", timeout=5).status_code == 200
        assert "zpro_nb.emulator" in " ".join(psutil.Process(pid).cmdline())
    finally:
        # On Binder the sandbox lives as long as the container; here the test ends it.
        os.kill(pid, signal.SIGTERM)
        psutil.Process(pid).wait(30)


def test_start_leaves_a_configured_token_alone() -> None:
    env = {**os.environ, "ZENML_PRO_API_TOKEN": "x" * 32, "ZENML_PRO_API_URL": "https://example.invalid"}
    done = binder_start(env)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["ZENML_PRO_API_URL"] == "https://example.invalid"
    assert seen["ZPRO_NB_SANDBOX_URL"] is None
    assert seen["ZPRO_NB_SANDBOX_PID"] is None


def test_binder_installs_the_project_with_its_lab_extra() -> None:
    post_build = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    assert 'pip install --no-cache-dir -e ".[lab]"' in post_build
    for script in ("postBuild", "start"):
        assert os.access(ROOT / "binder" / script, os.X_OK), f"binder/{script} must be executable"
