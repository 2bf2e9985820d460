"""The leak check itself: a run that leaks a canary (printed, logged at DEBUG, written to a file) fails.

A small pytest run in a subprocess, with the same canaries in its environment and the plugin
loaded, leaks them three ways in tests that otherwise pass. The run must exit 1 and name the
places, never the value. Its temporary directory is outside ours, so our own scan stays clean.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from canary_plugin import CanaryCredentials

TESTS = Path(__file__).resolve().parents[1]

LEAKY = """
import logging
import os
import json

def _canary():
    return json.loads(os.environ["ZPRO_NB_SANDBOX_CANARIES"])["token"]

def test_prints():
    print("token:", _canary())

def test_logs_at_debug():
    logging.getLogger("some.library").debug("sending %s", _canary())

def test_writes_a_file(tmp_path):
    (tmp_path / "journal.jsonl").write_text(_canary())

def test_clean():
    print("nothing to see")
"""


def test_a_run_that_leaks_fails_and_names_where(canaries: CanaryCredentials) -> None:
    work = Path(tempfile.mkdtemp(prefix="leaky-run-"))
    try:
        (work / "test_leaky.py").write_text(LEAKY, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
        done = subprocess.run(
            [
                sys.executable, "-m", "pytest", "-q", "-p", "canary_plugin", "-p", "no:cacheprovider",
                "--rootdir", str(work), "--basetemp", str(work / "tmp"), "-o", "addopts=", str(work),
            ],
            cwd=work, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        out = done.stdout + done.stderr
        assert "4 passed" in out  # the tests themselves pass ...
        assert done.returncode == 1, out[-2000:]  # ... the run fails on the leaks
        assert "4 leak(s)" in out  # printed; logged (the record, and pytest's captured log); written
        assert "test_prints: Captured stdout call" in out
        assert "log record some.library" in out
        assert "test_logs_at_debug: Captured log call" in out
        assert "journal.jsonl" in out
        assert canaries.token not in out  # the report says where, never what
    finally:
        shutil.rmtree(work, ignore_errors=True)
