"""A real ZenML OSS server (0.98.0) for the peer benchmarks, started from its own venv.

The same recipe as the test suite's ``oss_server`` fixture (``scripts/oss-venv.sh`` makes the venv;
SQLite in a temporary directory; ``ZENML_*`` scrubbed; 127.0.0.1 only; SIGTERM to its process group
at the end), without pytest: ``bench/`` must run from a plain checkout.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ZENML_VERSION = "0.98.0"
READY_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class OssServer:
    """A running real ZenML server: its URL, its SQLite file and its admin's login."""

    url: str
    db_path: Path
    data_dir: Path
    admin_username: str
    admin_password: str
    start_seconds: float
    pid: int

    def __repr__(self) -> str:
        # The password is generated per run; still never shown.
        return f"OssServer(url={self.url!r}, db_path={str(self.db_path)!r})"


def oss_venv_path() -> Path:
    """Where ``scripts/oss-venv.sh`` puts the ZenML venv (``ZPRO_OSS_VENV`` overrides it)."""
    explicit = os.environ.get("ZPRO_OSS_VENV")
    if explicit:
        return Path(explicit)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "zpro-nb" / f"zenml-oss-{ZENML_VERSION}"


def zenml_python() -> Path:
    """The ZenML venv's python; a clear error naming the fix when the venv is missing."""
    python = oss_venv_path() / "bin" / "python"
    if not python.exists():
        raise RuntimeError(
            f"the ZenML {ZENML_VERSION} venv is missing ({oss_venv_path()}); create it with: "
            "bash scripts/oss-venv.sh"
        )
    return python


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    """The environment with every inherited ``ZENML_*`` removed (they reconfigure ZenML silently)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZENML_")}
    env.update(
        {
            "ZENML_ANALYTICS_OPT_IN": "false",
            "ZENML_LOGGING_VERBOSITY": "WARN",
            "ZENML_LOGGING_COLORS_DISABLED": "true",
            "ZENML_ENABLE_RICH_TRACEBACK": "false",
        }
    )
    env.update(extra)
    return env


def server_env(data_dir: Path, admin_username: str, admin_password: str) -> dict[str, str]:
    """The server's environment: SQLite in ``data_dir``, an auto-activated admin, no announcements."""
    return clean_env(
        {
            "ZENML_CONFIG_PATH": str(data_dir / "config"),
            "ZENML_LOCAL_STORES_PATH": str(data_dir / "stores"),
            "ZENML_STORE_URL": f"sqlite:///{data_dir / 'zenml.db'}",
            "ZENML_SERVER_AUTH_SCHEME": "OAUTH2_PASSWORD_BEARER",
            "ZENML_SERVER_AUTO_ACTIVATE": "true",
            "ZENML_DEFAULT_USER_NAME": admin_username,
            "ZENML_DEFAULT_USER_PASSWORD": admin_password,
            "ZENML_SERVER_JWT_SECRET_KEY": secrets.token_hex(32),
            "ZENML_SERVER_DISPLAY_ANNOUNCEMENTS": "false",
            "ZENML_SERVER_DISPLAY_UPDATES": "false",
        }
    )


def server_command(python: Path, port: int) -> list[str]:
    """The command that serves ZenML's server API on 127.0.0.1:``port`` from the ZenML venv."""
    return [
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
    ]


def is_ready(url: str) -> bool:
    """Whether the server answers ``/health`` and reports itself active."""
    try:
        health = httpx.get(f"{url}/health", timeout=2)
        info = httpx.get(f"{url}/api/v1/info", timeout=2)
    except httpx.HTTPError:
        return False
    return health.status_code == 200 and info.status_code == 200 and bool(info.json().get("active"))


def log_tail(path: Path, lines: int = 30) -> str:
    """The last ``lines`` lines of the server's log (for an error message)."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group; SIGKILL after 15 s."""
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


@contextmanager
def oss_server() -> Iterator[OssServer]:
    """Start a real ZenML server on a free loopback port; yield it once ready; stop it and delete its data."""
    python = zenml_python()
    data_dir = Path(tempfile.mkdtemp(prefix="zpro-bench-oss-"))
    (data_dir / "config").mkdir()
    (data_dir / "stores").mkdir()
    password = secrets.token_urlsafe(16)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = data_dir / "server.log"
    started = time.monotonic()
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            server_command(python, port),
            env=server_env(data_dir, "default", password),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGTERM reaches what it spawns
        )
    try:
        while not is_ready(url):
            if proc.poll() is not None:
                raise RuntimeError(f"the ZenML server exited with {proc.returncode}:\n{log_tail(log_path)}")
            if time.monotonic() - started > READY_TIMEOUT_S:
                raise RuntimeError(f"the ZenML server was not ready in {READY_TIMEOUT_S:.0f} s")
            time.sleep(0.2)
        yield OssServer(
            url=url,
            db_path=data_dir / "zenml.db",
            data_dir=data_dir,
            admin_username="default",
            admin_password=password,
            start_seconds=time.monotonic() - started,
            pid=proc.pid,
        )
    finally:
        stop_server(proc)
        shutil.rmtree(data_dir, ignore_errors=True)
