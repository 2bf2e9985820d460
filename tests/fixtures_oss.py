"""Fixture: a real ZenML OSS server (0.98.0) started from its own venv.

The server runs from the venv that ``scripts/oss-venv.sh`` creates (``ZPRO_OSS_VENV`` overrides the
location), never from the project's venv: zenml pins pydantic, fastapi and sqlalchemy below what
zpro_nb uses. It listens on 127.0.0.1 only, keeps everything (SQLite DB, config) in a temporary
directory and is stopped with SIGTERM on its process group at the end of the session.
"""

from __future__ import annotations

import secrets
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# One recipe for the real server, shared with the benchmarks (which must run without pytest).
from bench.oss_server import (
    READY_TIMEOUT_S,
    ZENML_VERSION,
    free_port,
    is_ready,
    log_tail,
    oss_venv_path,
    server_command,
    server_env,
    stop_server,
)

__all__ = ["OssServer", "oss_server", "oss_venv_path"]


@dataclass(frozen=True)
class OssServer:
    """A running real ZenML OSS server: where it is and how to log in as its admin."""

    url: str
    admin_username: str
    admin_password: str
    #: seconds from process start to ready (informational, for reports and benchmarks)
    start_seconds: float
    log_path: Path

    def __iter__(self) -> Iterator[str]:
        # Lets a test unpack ``url, username, password = oss_server``.
        return iter((self.url, self.admin_username, self.admin_password))

    def __repr__(self) -> str:
        # The admin password is generated per run, but still never shown.
        return f"OssServer(url={self.url!r}, admin_username={self.admin_username!r})"


@pytest.fixture(scope="session")
def oss_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OssServer]:
    """Start a real ZenML OSS server for the session; yields an :class:`OssServer`.

    ``OssServer`` unpacks as ``(url, admin_username, admin_password)``. Fails (never skips) when
    the server venv is missing: run ``scripts/oss-venv.sh`` first.
    """
    python = oss_venv_path() / "bin" / "python"
    if not python.exists():
        pytest.fail(
            f"The ZenML OSS {ZENML_VERSION} venv is missing ({oss_venv_path()}). "
            "Create it with: bash scripts/oss-venv.sh",
            pytrace=False,
        )
    data_dir = tmp_path_factory.mktemp("zenml-oss")
    (data_dir / "config").mkdir()
    (data_dir / "stores").mkdir()
    admin_username = "default"
    admin_password = secrets.token_urlsafe(16)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = data_dir / "server.log"
    started = time.monotonic()
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            server_command(python, port),
            env=server_env(data_dir, admin_username, admin_password),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: SIGTERM reaches everything it spawns
        )
    try:
        # Polling a child process we started: the readiness wait is real time, not a test assertion.
        while not is_ready(url):
            if proc.poll() is not None:
                pytest.fail(
                    f"ZenML OSS server exited with {proc.returncode} before it was ready; log tail:\n"
                    f"{log_tail(log_path)}",
                    pytrace=False,
                )
            if time.monotonic() - started > READY_TIMEOUT_S:
                pytest.fail(
                    f"ZenML OSS server not ready after {READY_TIMEOUT_S:.0f} s; log tail:\n"
                    f"{log_tail(log_path)}",
                    pytrace=False,
                )
            time.sleep(0.2)
        yield OssServer(
            url=url,
            admin_username=admin_username,
            admin_password=admin_password,
            start_seconds=time.monotonic() - started,
            log_path=log_path,
        )
    finally:
        stop_server(proc)
