"""A sandbox server in a child process, for ``zpro-nb lab`` (and anything else that needs one)."""

from __future__ import annotations

import ctypes
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .environment import SANDBOX_URL_ENV, TOKEN_ENV, URL_ENV


@dataclass
class SandboxServer:
    """A ``python -m zpro_nb.emulator`` child process and what its first line said."""

    process: subprocess.Popen[str]
    url: str
    tokens: dict[str, str]
    api_keys: dict[str, str]

    def __repr__(self) -> str:  # the tokens stay out of reprs
        return f"SandboxServer(url={self.url!r}, pid={self.process.pid})"

    def environment(self, user: str = "admin") -> dict[str, str]:
        """The variables that point runbooks at this sandbox, signed in as ``user``."""
        return {URL_ENV: self.url, TOKEN_ENV: self.tokens[user], SANDBOX_URL_ENV: self.url}

    def stop(self, timeout: float = 15) -> int:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout`` seconds); return its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return int(self.process.returncode)

    def __enter__(self) -> SandboxServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def die_with_parent() -> None:
    """In a child process (``preexec_fn``): ask Linux to SIGTERM us when the parent dies.

    Without it, a ``zpro-nb lab`` killed with SIGKILL (or an OOM kill) would leave the sandbox and
    JupyterLab running, holding their ports. Elsewhere than Linux this does nothing.
    """
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _drain(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    # Keep reading after the first line so a chatty server never blocks on a full pipe.
    first = True
    for line in stream:
        if first:
            lines.put(line)
            first = False
    if first:
        lines.put(None)


def start_sandbox_server(
    *extra_args: str,
    startup_timeout: float = 60,
    python: str = sys.executable,
    env: Mapping[str, str] | None = None,
) -> SandboxServer:
    """Start ``python -m zpro_nb.emulator --port 0 [extra_args]`` and read its JSON first line.

    The child runs in its own session, so a Ctrl-C in the terminal reaches the caller (who stops
    it in order) rather than killing the sandbox under a running JupyterLab.
    """
    cmd = [python, "-m", "zpro_nb.emulator", "--port", "0", *extra_args]
    process = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=dict(os.environ if env is None else env),
        start_new_session=True,
        preexec_fn=die_with_parent,
    )
    assert process.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_drain, args=(process.stdout, lines), daemon=True).start()
    try:
        line = lines.get(timeout=startup_timeout)
    except queue.Empty:
        line = None
    try:
        if line is None:
            raise RuntimeError(
                f"the sandbox did not start (exit code {process.poll()}); see its messages above"
            )
        info = json.loads(line)
        return SandboxServer(process, str(info["url"]), dict(info["tokens"]), dict(info.get("api_keys", {})))
    except BaseException:
        process.kill()
        process.wait()
        raise


def short_temp_dir() -> str | None:
    """A temp folder short enough for Unix socket paths (about 100 bytes), else ``None`` (the default).

    A deep TMPDIR, such as a CI checkout's own temp folder, makes ``<tmp>/zpro-nb-kernel-xxxx/ipc-4``
    too long and the kernel fails to start with "File name too long".
    """
    default = tempfile.gettempdir()
    if len(default) <= 40 or not Path("/tmp").is_dir():
        return None
    return "/tmp"
