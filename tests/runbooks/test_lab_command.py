"""`zpro-nb lab`: JupyterLab with its kernels pointed at a sandbox it starts and stops."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest
import websocket

from .notebook_files import ZPRO_NB

KERNEL_CODE = """
import json, os, httpx
from zpro_nb.runbooks import open_session
url = os.environ["ZENML_PRO_API_URL"]
token = os.environ["ZENML_PRO_API_TOKEN"]
orgs = httpx.get(url + "/organizations", headers={"Authorization": "Bearer " + token})
s, banner = open_session()
print(json.dumps({"url": url, "marker": os.environ.get("ZPRO_NB_SANDBOX_URL"), "orgs": orgs.status_code,
                  "mode": banner.mode, "cwd": os.getcwd()}))
"""


@dataclass
class Lab:
    process: subprocess.Popen[bytes]
    url: str
    token: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(lab: Lab, timeout: float = 90) -> None:
    deadline = timeout
    while deadline > 0:
        try:
            if httpx.get(f"{lab.url}/api/status", params={"token": lab.token}, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        try:
            # Waiting on the process doubles as the pause between polls, and notices an early death.
            lab.process.wait(0.25)
            raise AssertionError(f"zpro-nb lab exited early:\n{lab.output()}")
        except subprocess.TimeoutExpired:
            deadline -= 0.25
    raise AssertionError(f"JupyterLab did not answer in {timeout} s:\n{lab.output()}")


def start_lab(tmp_path: Path, extra_env: dict[str, str] | None = None) -> Lab:
    port, token = free_port(), secrets.token_hex(16)
    jupyter = tmp_path / "jupyter"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(jupyter / "config"),
        "JUPYTER_RUNTIME_DIR": str(jupyter / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(jupyter / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(jupyter / "workspaces"),
        **(extra_env or {}),
    }
    log = tmp_path / "lab.log"
    cmd = [ZPRO_NB, "lab", "--no-browser", "--port", str(port), "--", f"--IdentityProvider.token={token}"]
    with log.open("wb") as sink:
        process = subprocess.Popen(cmd, env=env, stdout=sink, stderr=subprocess.STDOUT, cwd=tmp_path)
    lab = Lab(process, f"http://127.0.0.1:{port}", token, log)
    try:
        wait_until_up(lab)
    except BaseException:
        stop(lab)
        raise
    return lab


def stop(lab: Lab) -> int:
    if lab.process.poll() is None:
        lab.process.send_signal(signal.SIGTERM)
    try:
        return lab.process.wait(60)
    except subprocess.TimeoutExpired:
        lab.process.kill()
        lab.process.wait()
        raise


def sandbox_children(pid: int) -> list[psutil.Process]:
    found = []
    for child in psutil.Process(pid).children(recursive=True):
        try:
            if "zpro_nb.emulator" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def execute_in_new_kernel(lab: Lab, code: str) -> str:
    """Start a kernel through the REST API, run ``code`` over its websocket, return its stdout."""
    kernel = httpx.post(
        f"{lab.url}/api/kernels", params={"token": lab.token}, json={"name": "python3"}, timeout=30
    )
    assert kernel.status_code == 201, kernel.text
    kernel_id = kernel.json()["id"]
    ws_url = lab.url.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels?token={lab.token}"
    conn = websocket.create_connection(ws_url, timeout=120)
    try:
        msg_id = uuid.uuid4().hex
        conn.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "username": "test",
                        "session": uuid.uuid4().hex,
                        "msg_type": "execute_request",
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": {"code": code, "silent": False, "store_history": False, "allow_stdin": False},
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        out: list[str] = []
        while True:
            msg = json.loads(conn.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                raise AssertionError("\n".join(msg["content"]["traceback"]))
            elif msg["msg_type"] == "execute_reply":
                return "".join(out)
    finally:
        conn.close()


@pytest.fixture
def lab_on_sandbox(tmp_path: Path) -> Iterator[Lab]:
    lab = start_lab(tmp_path)
    yield lab
    stop(lab)


def test_lab_runs_kernels_on_a_sandbox_it_owns_and_stops(lab_on_sandbox: Lab) -> None:
    lab = lab_on_sandbox
    children = sandbox_children(lab.process.pid)
    assert len(children) == 1
    sandbox = children[0]

    seen = json.loads(execute_in_new_kernel(lab, KERNEL_CODE).strip().splitlines()[-1])
    assert seen["url"].startswith("http://127.0.0.1:")
    assert f"No token configured: runbooks run on the sandbox at {seen['url']}" in lab.output()
    assert seen["marker"] == seen["url"]
    assert seen["orgs"] == 200  # a live sandbox, and the kernel holds its admin token
    assert seen["mode"] == "sandbox"
    assert Path(seen["cwd"]).name == "notebooks"  # the runbooks folder is the served root
    assert httpx.get(seen["url"] + "/health", timeout=5).status_code == 200
    # JupyterLab's own URL comes after Jupyter's start-up lines, on a line of its own.
    log = lab.output()
    ready = log.find(f"JupyterLab is ready: {lab.url}/lab?token={lab.token}")
    assert ready != -1, log
    assert ready > log.rfind("Use Control-C to stop this server"), log

    assert stop(lab) == 0
    assert not psutil.pid_exists(sandbox.pid)
    with pytest.raises(httpx.TransportError):
        httpx.get(seen["url"] + "/health", timeout=5)
    assert "Sandbox stopped." in lab.output()


def test_lab_with_a_token_starts_no_sandbox(tmp_path: Path) -> None:
    fake = "tok-" + secrets.token_urlsafe(24)
    lab = start_lab(tmp_path, {"ZENML_PRO_API_TOKEN": fake, "ZENML_PRO_API_URL": "http://127.0.0.1:9"})
    try:
        assert sandbox_children(lab.process.pid) == []
        assert "Token configured: runbooks run against http://127.0.0.1:9." in lab.output()
    finally:
        assert stop(lab) == 0
    assert fake not in lab.output()


def test_lab_killed_outright_takes_its_children_with_it(tmp_path: Path) -> None:
    # SIGKILL leaves no chance to clean up; the children must still not outlive it (ports, memory).
    lab = start_lab(tmp_path)
    children = psutil.Process(lab.process.pid).children()
    assert len(children) == 2  # the sandbox and JupyterLab
    lab.process.kill()
    lab.process.wait()
    _gone, alive = psutil.wait_procs(children, timeout=60)
    for child in alive:
        child.kill()
    assert alive == []
