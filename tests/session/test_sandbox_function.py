"""``zpro_nb.sandbox`` is a plain typed function: mypy sees it return a ``Session``, and loading the
emulator package (``zpro_nb.emulator``) never replaces it."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
from mypy import api as mypy_api

import zpro_nb
from zpro_nb.notebook_session import Session

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_sees_a_session_from_sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # mypy finds zpro_nb in its working directory: this checkout
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import zpro_nb\n"
        "from zpro_nb.emulator import SandboxConfig\n"
        "reveal_type(zpro_nb.sandbox())\n"
        "reveal_type(zpro_nb.sandbox(SandboxConfig(seed=3), as_user='viewer'))\n"
    )
    # The project's mypy settings on this checkout's code; a cache of its own, so nothing stale is replayed.
    settings = ["--strict", "--config-file", str(ROOT / "pyproject.toml")]
    out, err, _status = mypy_api.run([*settings, "--cache-dir", str(tmp_path / "cache"), str(probe)])
    # mypy names the probe relative to its working directory when it lies below it (CI keeps its
    # temp dir inside the checkout): compare from the file name on.
    revealed = [line.split("probe.py")[-1] for line in out.splitlines() if "Revealed type" in line]
    assert revealed == [
        ':3: note: Revealed type is "zpro_nb.notebook_session.Session"',
        ':4: note: Revealed type is "zpro_nb.notebook_session.Session"',
    ], out + err
    assert "error" not in out, out


def test_sandbox_is_a_function_that_loading_the_emulator_leaves_alone() -> None:
    importlib.import_module("zpro_nb.emulator.server")  # binds zpro_nb.emulator, never zpro_nb.sandbox
    assert inspect.isfunction(zpro_nb.sandbox)
    assert inspect.signature(zpro_nb.sandbox).return_annotation in ("Session", Session)
    with zpro_nb.sandbox(as_user="viewer") as s:
        assert isinstance(s, Session)
        assert s.whoami().username == "viewer"
