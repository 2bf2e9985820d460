"""Drive the ZenML side: fill the real server, and talk to ``bench/zenml_peer.py`` line by line."""

from __future__ import annotations

import json
import queue
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from bench.oss_server import OssServer, clean_env, zenml_python

HERE = Path(__file__).resolve().parent
PEER_TIMEOUT_S = 900.0


def fill_server(server: OssServer, runs: int, pipelines: int, users: int, stacks: int) -> dict[str, Any]:
    """Fill the server's database through ZenML's own store (``bench/zenml_fill.py``); what it made.

    ``wall_s`` is the whole fill as the harness saw it, ZenML's import included.
    """
    env = clean_env(
        {
            "ZENML_STORE_URL": f"sqlite:///{server.db_path}",
            "ZENML_CONFIG_PATH": str(server.data_dir / "fill-config"),
        }
    )
    payload = {"runs": runs, "pipelines": pipelines, "users": users, "stacks": stacks, "days": 180}
    started = time.perf_counter()
    done = subprocess.run(
        [str(zenml_python()), str(HERE / "zenml_fill.py")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"filling the ZenML server failed:\n{done.stderr[-2000:]}")
    made: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    made["wall_s"] = round(time.perf_counter() - started, 3)
    return made


def _readline(stream: IO[str], timeout_s: float) -> str:
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout_s)
    except queue.Empty as exc:
        raise RuntimeError(f"the ZenML peer gave no answer in {timeout_s:.0f} s") from exc


class ZenmlPeer:
    """ZenML's ``Client`` in a process of its own, pointed at ``url`` with the admin's password."""

    def __init__(self, url: str, username: str, password: str) -> None:
        self._config = tempfile.TemporaryDirectory(prefix="zpro-bench-peer-")
        # The password travels in the environment, never on the command line or in any output.
        env = clean_env(
            {
                "ZENML_CONFIG_PATH": self._config.name,
                "ZENML_STORE_URL": url,
                "ZENML_STORE_USERNAME": username,
                "ZENML_STORE_PASSWORD": password,
                "ZENML_LOGGING_VERBOSITY": "ERROR",
            }
        )
        self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self._proc = subprocess.Popen(
            [str(zenml_python()), str(HERE / "zenml_peer.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            env=env,
        )
        first = self._read(120.0)
        if not first.get("ready"):
            self.close()
            raise RuntimeError(f"the ZenML peer did not start: {first}")
        self.zenml_version = str(first.get("zenml"))

    def _read(self, timeout_s: float) -> dict[str, Any]:
        assert self._proc.stdout is not None
        line = _readline(self._proc.stdout, timeout_s)
        if not line:
            self._stderr.seek(0)
            raise RuntimeError(f"the ZenML peer exited:\n{self._stderr.read()[-2000:]}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def ask(self, **command: Any) -> dict[str, Any]:
        """Send one command; its answer (``seconds``, ``calls``, ``chain``, ``ids``), or raise its error."""
        assert self._proc.stdin is not None
        self._proc.stdin.write(json.dumps(command) + "\n")
        self._proc.stdin.flush()
        answer = self._read(PEER_TIMEOUT_S)
        if "error" in answer:
            raise RuntimeError(f"ZenML's Client failed on {command['op']}: {answer['error']}")
        return answer

    def close(self) -> None:
        """Stop the peer (end of its stdin), then clean up."""
        if self._proc.poll() is None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            try:
                self._proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=5)
        if self._proc.stdout is not None:
            self._proc.stdout.close()
        self._stderr.close()
        self._config.cleanup()

    def __enter__(self) -> ZenmlPeer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
