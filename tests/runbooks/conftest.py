"""Fixtures for the runbook tests: a hermetic environment for kernels, servers and subprocesses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .notebook_files import ROOT

CREDENTIAL_VARS = (
    "ZENML_PRO_API_TOKEN",
    "ZENML_PRO_API_KEY",
    "ZENML_PRO_API_URL",
    "ZPRO_NB_SANDBOX_URL",
    "ZENML_STORE_URL",
    "ZENML_STORE_API_KEY",
    "ZENML_STORE_API_TOKEN",
)


@pytest.fixture(scope="session")
def shared_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # One home for the whole run: hermetic (never the caller's ~/.jupyter or ~/.ipython), and
    # matplotlib builds its font cache once instead of once per notebook.
    return tmp_path_factory.mktemp("home")


@pytest.fixture(autouse=True)
def hermetic_env(monkeypatch: pytest.MonkeyPatch, shared_home: Path, tmp_path: Path) -> None:
    """Kernels and servers inherit this: a private HOME/TMPDIR and no credentials of the caller's."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("HOME", str(shared_home))
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    for name in CREDENTIAL_VARS:
        monkeypatch.delenv(name, raising=False)
