"""Run a script with ZenML's own code (the judge) and read its answer as JSON.

ZenML 0.98 lives in its own venv (``scripts/oss-venv.sh``): its pydantic models, its Pro client,
its OSS ``Client`` and its enums are the judge of what the sandbox and the frames must be. A judge
script lives in ``tests/judge/``, imports ``zenml``, reads one JSON payload from stdin and prints
one JSON answer as the last line of its stdout. It runs with every inherited ``ZENML_*`` variable
removed and a private config directory, so it never reads or writes a real user's ZenML config.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fixtures_oss import oss_venv_path

JUDGE_DIR = Path(__file__).parent / "judge"


def zenml_python() -> Path:
    """The python of the ZenML venv; fails (never skips) when that venv is missing."""
    python = oss_venv_path() / "bin" / "python"
    if not python.exists():
        pytest.fail(
            f"The ZenML venv is missing ({oss_venv_path()}). Create it with: bash scripts/oss-venv.sh",
            pytrace=False,
        )
    return python


def judge_env(config_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a judge process: no inherited ``ZENML_*``, a private config dir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZENML_")}
    env.update(
        {
            "ZENML_CONFIG_PATH": str(config_dir),
            "ZENML_ANALYTICS_OPT_IN": "false",
            "ZENML_LOGGING_VERBOSITY": "ERROR",
            "ZENML_LOGGING_COLORS_DISABLED": "true",
            "ZENML_ENABLE_RICH_TRACEBACK": "false",
            "ZENML_DEBUG": "false",
        }
    )
    env.update(extra or {})
    return env


def run_in_zenml(
    script: str | Path,
    payload: Any,
    *,
    config_dir: Path,
    env: dict[str, str] | None = None,
    timeout: float = 300.0,
) -> Any:
    """Run ``tests/judge/<script>`` with ZenML's python; return the JSON of its last stdout line.

    ``payload`` goes to the script's stdin as JSON. A non-zero exit fails the test with the tail of
    the script's stderr (judge scripts never print credentials they were given).
    """
    path = Path(script) if Path(script).is_absolute() else JUDGE_DIR / script
    config_dir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [str(zenml_python()), str(path)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        env=judge_env(config_dir, env),
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        tail = "\n".join(done.stderr.splitlines()[-40:])
        raise AssertionError(f"judge script {path.name} exited {done.returncode}:\n{tail}")
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if not lines:
        raise AssertionError(f"judge script {path.name} printed nothing; stderr:\n{done.stderr[-2000:]}")
    return json.loads(lines[-1])
