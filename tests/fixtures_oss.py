"""Fixture: a real ZenML OSS server (0.98.0) started from its own venv.

The server runs from the venv that ``scripts/oss-venv.sh`` creates (``ZPRO_OSS_VENV`` overrides the
location), never from the project's venv: zenml pins pydantic, fastapi and sqlalchemy below what
zpro_nb uses. It listens on 127.0.0.1 only, keeps everything (SQLite DB, config) in a temporary
directory and is stopped with SIGTERM on its process group at the end of the session.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ZENML_VERSION = "0.98.0"
READY_TIMEOUT_S = 120.0


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


def oss_venv_path() -> Path:
    """Where ``scripts/oss-venv.sh`` puts (or put) the server venv."""
    explicit = os.environ.get("ZPRO_OSS_VENV")
    if explicit:
        return Path(explicit)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "zpro-nb" / f"zenml-oss-{ZENML_VERSION}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _is_ready(url: str) -> bool:
    try:
        health = httpx.get(f"{url}/health", timeout=2)
        info = httpx.get(f"{url}/api/v1/info", timeout=2)
    except httpx.HTTPError:
        return False
    return health.status_code == 200 and info.status_code == 200 and bool(info.json().get("active"))


def _server_env(data_dir: Path, admin_username: str, admin_password: str) -> dict[str, str]:
    # Stray ZENML_SERVER_* / ZENML_STORE_* variables would silently reconfigure the server.
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZENML_")}
    env.update(
        {
            "ZENML_CONFIG_PATH": str(data_dir / "config"),
            "ZENML_LOCAL_STORES_PATH": str(data_dir / "stores"),
            "ZENML_STORE_URL": f"sqlite:///{data_dir / 'zenml.db'}",
            "ZENML_ANALYTICS_OPT_IN": "false",
            "ZENML_SERVER_AUTH_SCHEME": "OAUTH2_PASSWORD_BEARER",
            "ZENML_SERVER_AUTO_ACTIVATE": "true",
            "ZENML_DEFAULT_USER_NAME": admin_username,
            "ZENML_DEFAULT_USER_PASSWORD": admin_password,
            # >= 32 bytes, or PyJWT warns on every request.
            "ZENML_SERVER_JWT_SECRET_KEY": secrets.token_hex(32),
            "ZENML_SERVER_DISPLAY_ANNOUNCEMENTS": "false",
            "ZENML_SERVER_DISPLAY_UPDATES": "false",
            "ZENML_LOGGING_VERBOSITY": "WARN",
            "ZENML_LOGGING_COLORS_DISABLED": "true",
            "ZENML_ENABLE_RICH_TRACEBACK": "false",
        }
    )
    return env


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
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = data_dir / "server.log"
    started = time.monotonic()
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                str(python),
                "-m",
                "uvicorn",
                "zenml.zen_server.zen_server_api:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env=_server_env(data_dir, admin_username, admin_password),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: SIGTERM reaches everything it spawns
        )
    try:
        # Polling a child process we started: the readiness wait is real time, not a test assertion.
        while not _is_ready(url):
            if proc.poll() is not None:
                pytest.fail(
                    f"ZenML OSS server exited with {proc.returncode} before it was ready; log tail:\n"
                    f"{_log_tail(log_path)}",
                    pytrace=False,
                )
            if time.monotonic() - started > READY_TIMEOUT_S:
                pytest.fail(
                    f"ZenML OSS server not ready after {READY_TIMEOUT_S:.0f} s; log tail:\n"
                    f"{_log_tail(log_path)}",
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
        _stop(proc)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
