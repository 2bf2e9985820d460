"""A sandbox served by a separate process on loopback, as the benchmarks need it.

The benchmark process and the sandbox must not share an interpreter: a server in the same process
would steal the client's CPU time (and its GIL), and the figures would mix the two.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

#: how long the sandbox may take to print its first line (the large scale seeds thousands of rows)
STARTUP_TIMEOUT_S = 60.0
#: a kept-alive request to /health slower than this means the server stalls its answers (see below)
STALL_MS = 20.0
#: the checkout's root, the servers' working directory whatever the caller's directory
ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class RunningSandbox:
    """What the sandbox printed on start: its URL and the demo credentials."""

    url: str
    tokens: dict[str, str]
    api_keys: dict[str, str]
    pid: int

    @property
    def admin_token(self) -> str:
        """The demo admin's Pro token (Organization Admin in every seeded organization)."""
        return self.tokens["admin"]


def keepalive_ms(url: str, samples: int = 7) -> float:
    """Median milliseconds of a ``/health`` round trip on one kept-alive connection."""
    times = []
    with httpx.Client(base_url=url, timeout=10.0) as client:
        client.get("/health")  # opens the connection: the first request is not the one that stalls
        for _ in range(samples):
            started = time.perf_counter()
            client.get("/health").raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _read_first_line(stream: IO[str], timeout_s: float) -> str | None:
    # readline() blocks with no timeout of its own; a thread lets a hung start fail instead of hang.
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout_s)
    except queue.Empty:
        return None


@contextmanager
def sandbox_process(*flags: str) -> Iterator[RunningSandbox]:
    """Start the sandbox server (``--port 0 *flags``) as a separate process, yield it, stop it with SIGTERM.

    It must answer a kept-alive request within :data:`STALL_MS`, else the figures would measure a
    TCP stall rather than the client (the server sets ``TCP_NODELAY``; this check keeps it honest).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZENML_", "ZPRO_NB_"))}
    # stderr goes to a file, not a pipe: a chatty server must never block on a full pipe mid-benchmark.
    stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(
        [sys.executable, "-m", "zpro_nb.emulator", "--port", "0", *flags],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        first = _read_first_line(proc.stdout, STARTUP_TIMEOUT_S)
        if not first:
            proc.kill()
            proc.wait(timeout=10)
            stderr.seek(0)
            tail = stderr.read()[-800:]
            what = " ".join(flags) or "(no flags)"
            raise RuntimeError(f"sandbox {what} printed no JSON line; stderr: {tail!r}")
        info = json.loads(first)
        url = str(info["url"]).rstrip("/")
        stall = keepalive_ms(url)
        if stall > STALL_MS:
            raise RuntimeError(
                f"the sandbox answers a kept-alive /health in {stall:.0f} ms: it stalls its answers "
                "(Nagle + delayed ACK?), so its timings would not measure the client"
            )
        yield RunningSandbox(
            url=url,
            tokens=dict(info["tokens"]),
            api_keys=dict(info.get("api_keys", {})),
            pid=proc.pid,
        )
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        if proc.stdout is not None:
            proc.stdout.close()
        stderr.close()
