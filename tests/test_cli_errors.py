"""`zpro-nb` errors as a user sees them: one short block and a non-zero exit; `--debug` for the traceback.

The command runs as a subprocess, against a sandbox server on 127.0.0.1 (or a closed port).
"""

from __future__ import annotations

import os
import pty
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures_sandbox import start_sandbox_server

from zpro_nb.runbooks import SandboxServer

ROOT = Path(__file__).resolve().parents[1]
ZPRO_NB = str(Path(sys.executable).parent / "zpro-nb")
CREDENTIAL_VARS = ("ZENML_PRO_API_TOKEN", "ZENML_PRO_API_KEY", "ZENML_PRO_API_URL", "ZPRO_NB_SANDBOX_URL")
WEEK = 7 * 24 * 3600


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with start_sandbox_server("--ready-delay", "0", "--token-lifetime", str(WEEK)) as server:
        yield server


def environment(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CREDENTIAL_VARS}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**env, **values}


def zpro_nb(
    *args: str, env: dict[str, str], stdin: int | None = subprocess.DEVNULL
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ZPRO_NB, *args], env=env, stdin=stdin, capture_output=True, text=True, timeout=120, check=False
    )


def assert_short_block(done: subprocess.CompletedProcess[str], command: str) -> list[str]:
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert 1 < len(lines) < 8, done.stderr
    assert lines[0].startswith(f"zpro-nb {command}: ")
    assert "Traceback" not in done.stderr
    assert "zpro_nb/" not in done.stderr  # no internal frames
    assert "what to do: " in done.stderr
    assert "--debug" in lines[-1]
    # the command line gets command-line advice, never a Python call
    for python in ("s.login", "connect(", "token=...", "api_key=..."):
        assert python not in done.stderr
    return lines


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_whoami_signs_in_and_shows_a_week_long_token_in_days(sandbox: SandboxServer) -> None:
    env = environment(ZENML_PRO_API_URL=sandbox.url, ZENML_PRO_API_TOKEN=sandbox.tokens["admin"])
    done = zpro_nb("whoami", env=env)
    assert done.returncode == 0, done.stderr
    assert "expires in 7 days" in done.stdout
    assert " min" not in done.stdout


def test_a_refused_token_is_a_short_block_and_debug_shows_the_traceback(sandbox: SandboxServer) -> None:
    env = environment(ZENML_PRO_API_URL=sandbox.url, ZENML_PRO_API_TOKEN="not-a-jwt-" + "x" * 24)
    lines = assert_short_block(zpro_nb("whoami", env=env), "whoami")
    assert "AuthenticationError" in lines[0]
    assert "ZENML_PRO_API_TOKEN" in "\n".join(lines)
    assert "expires at" not in "\n".join(lines)  # not a JWT: no made-up expiry
    debug = zpro_nb("--debug", "whoami", env=env)
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert "AuthenticationError" in debug.stderr
    after = zpro_nb("whoami", "--debug", env=env)  # after the command too
    assert "Traceback (most recent call last)" in after.stderr


def test_no_server_is_a_short_block(tmp_path: Path) -> None:
    env = environment(ZENML_PRO_API_TOKEN="not-a-jwt-" + "x" * 24)
    lines = assert_short_block(
        zpro_nb("whoami", "--url", f"http://127.0.0.1:{closed_port()}", env=env), "whoami"
    )
    assert "ConnectionFailed" in lines[0]
    assert "ZENML_PRO_API_URL" in "\n".join(lines)


def test_no_credentials_and_no_terminal_names_the_variables() -> None:
    lines = assert_short_block(zpro_nb("whoami", env=environment()), "whoami")
    assert "ZENML_PRO_API_KEY" in "\n".join(lines)


def test_an_empty_answer_at_the_prompt_is_not_called_no_terminal(sandbox: SandboxServer) -> None:
    primary, secondary = pty.openpty()
    env = environment(ZENML_PRO_API_URL=sandbox.url)
    try:
        process = subprocess.Popen(
            [ZPRO_NB, "whoami"], env=env, stdin=secondary, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert process.stderr is not None
        prompt = b""
        while not prompt.endswith(b"(input hidden): "):  # getpass flushes typed-ahead input: wait for it
            byte = process.stderr.read(1)
            assert byte, f"no prompt, got {prompt!r}"
            prompt += byte
        os.write(primary, b"\n")  # the person just presses Enter
        out, err = process.communicate(timeout=60)
    finally:
        os.close(primary)
        os.close(secondary)
    done = subprocess.CompletedProcess(process.args, process.returncode, out.decode(), err.decode())
    lines = assert_short_block(done, "whoami")
    assert "Nothing was entered at the prompt" in lines[0]
    assert "no terminal" not in done.stderr
    assert "at the prompt" in lines[1]


def test_run_reports_a_zpro_nb_error_in_a_cell_in_command_line_terms(tmp_path: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("import zpro_nb\ns = zpro_nb.sandbox()\ns.workspace('does-not-exist')")
    ]
    nbformat.write(nb, str(tmp_path / "lookup.ipynb"))
    env = environment(HOME=str(tmp_path), JUPYTER_PLATFORM_DIRS="1")
    done = subprocess.run(
        [ZPRO_NB, "run", "lookup.ipynb"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 1
    assert "NameNotFound: no workspace called 'does-not-exist'" in done.stderr
    assert "zpro-nb --debug run" in done.stderr
    assert "%tb" not in done.stderr
    assert "File " not in done.stderr  # no frames
    debug = subprocess.run(
        [ZPRO_NB, "--debug", "run", "lookup.ipynb"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert debug.returncode == 1
    assert "lookup.py" in debug.stderr  # the kernel's full traceback
