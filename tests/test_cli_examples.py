"""Every example in a `zpro-nb ... --help` text runs as written, against a sandbox served on 127.0.0.1.

The examples are read from the real argparse output (see ``cli_examples``), one test each, so an
example added to a help text is run without touching this file. ``...`` in ``NAME=...`` is filled
with the served sandbox's demo credential, and ``ZENML_PRO_API_URL`` points at it: "your
organization" is the sandbox. Each runs in a fresh folder holding a link to the runbooks, so the
files an example writes land there. `zpro-nb lab` examples run until JupyterLab prints its address,
then get the Ctrl-C of a user (SIGTERM), which must stop JupyterLab and its sandbox and exit 0.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_examples import Example, all_examples, example_lines, help_text, real_parser, subcommands
from fixtures_sandbox import SandboxServer, start_sandbox_server, stop_sandbox_server

ROOT = Path(__file__).resolve().parents[1]
ZPRO_NB = str(Path(sys.executable).parent / "zpro-nb")
CREDENTIAL_VARS = ("ZENML_PRO_API_TOKEN", "ZENML_PRO_API_KEY", "ZENML_PRO_API_URL", "ZPRO_NB_SANDBOX_URL")
WEEK = 7 * 24 * 3600
RUN_TIMEOUT_S = 600
LAB_READY_TIMEOUT_S = 240
LAB_STOP_TIMEOUT_S = 60
LAB_READY = "JupyterLab is ready: http://127.0.0.1:"
#: a JWT or a service-account key, whoever's it is (the lab's own sandbox has tokens we never see)
CREDENTIAL_TEXT = re.compile(r"eyJ[\w-]{8,}\.|ZENPROKEY_\w+")
#: what is cut out of an output shown on failure: a whole JWT, a key, a URL's token= (JupyterLab's)
SHOWN_CREDENTIAL = re.compile(r"eyJ[\w-]{8,}\.[\w.-]*|ZENPROKEY_\w+|(?<=token=)[\w-]+")
#: what each command's output says when it worked
SAYS = {
    "run": "ran in",
    "lab": LAB_READY,
    "demo": "Workspaces",
    "whoami": "Session(user=",
}

EXAMPLES = all_examples()


@pytest.fixture(scope="module")
def served() -> Iterator[SandboxServer]:
    # A sandbox of this module's own: the examples change things in it (one rotates API keys).
    server = start_sandbox_server("--ready-delay", "0", "--token-lifetime", str(WEEK))
    yield server
    assert stop_sandbox_server(server) == 0


def test_every_command_with_an_epilog_shows_examples() -> None:
    with_epilog = [name for name in subcommands() if real_parser(name).epilog]
    assert "lab" in with_epilog
    assert "run" in with_epilog
    for name in with_epilog:
        assert example_lines(help_text(name)), f"`zpro-nb {name} --help` has an epilog without examples"
    assert {e.command for e in EXAMPLES} == set(with_epilog)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.line for e in EXAMPLES])
def test_the_example_runs(example: Example, served: SandboxServer, tmp_path: Path) -> None:
    assert example.command in SAYS, f"say what the output of `zpro-nb {example.command}` shows when it works"
    env = _environment(example, served, tmp_path)
    (tmp_path / "notebooks").symlink_to(ROOT / "notebooks", target_is_directory=True)
    if example.command == "lab":
        code, output = _run_lab(example, env, tmp_path)
    else:
        done = subprocess.run(
            [ZPRO_NB, *example.argv],
            env=env,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
            check=False,
        )
        code, output = done.returncode, done.stdout + done.stderr
    secrets = [*served.tokens.values(), *served.api_keys.values()]
    if code != 0:
        pytest.fail(f"exit code {code}:\n{_redacted(output, secrets)}")
    if SAYS[example.command] not in output or "Traceback" in output:
        pytest.fail(f"not {SAYS[example.command]!r} or a Traceback:\n{_redacted(output, secrets)}")
    if any(secret in output for secret in secrets):
        pytest.fail(f"a sandbox credential is in the output:\n{_redacted(output, secrets)}")
    if found := CREDENTIAL_TEXT.search(output):
        pytest.fail(
            f"credential-like text {found.group()[:4]}**** in the output:\n{_redacted(output, secrets)}"
        )
    _check_written_files(example, tmp_path)
    if example.command == "lab":
        _check_lab_said_where(example, _redacted(output, secrets), served)


def _redacted(output: str, secrets: list[str]) -> str:
    """``output`` to show on failure: each known secret as ****, the credential-like cut after 4 chars."""
    for secret in secrets:
        output = output.replace(secret, "****")
    return SHOWN_CREDENTIAL.sub(lambda found: found.group()[:4] + "****", output)


def test_failure_text_hides_credentials() -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl"
    shown = _redacted(
        f"key ZENPROKEY_abc123 known s3cret-value jwt {jwt} at /lab?token=f00ba4", ["s3cret-value"]
    )
    assert shown == "key ZENP**** known **** jwt eyJh**** at /lab?token=f00b****"


def _check_lab_said_where(example: Example, output: str, served: SandboxServer) -> None:
    if {"ZENML_PRO_API_KEY", "ZENML_PRO_API_TOKEN"} & set(example.env):
        assert f"Token configured: runbooks run against {served.url}" in output
    else:  # a sandbox of its own, stopped with JupyterLab
        assert "No token configured: runbooks run on the sandbox at http://127.0.0.1:" in output
        assert "Sandbox stopped." in output


def _environment(example: Example, served: SandboxServer, tmp_path: Path) -> dict[str, str]:
    # Nothing of this machine's ZenML or zpro_nb set-up: no ZENML_STORE_URL/ZENML_STORE_API_KEY, no
    # stored ZenML login (HOME and ZENML_CONFIG_PATH are the test's), only what is set below.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in CREDENTIAL_VARS and not k.startswith(("ZENML_", "ZPRO_NB_"))
    }
    env["HOME"] = str(tmp_path / "home")
    env["ZENML_CONFIG_PATH"] = str(tmp_path / "zenml-config")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env["ZENML_PRO_API_URL"] = served.url  # never ZenML's cloud: the organization is the sandbox
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "jupyter-runtime")
    env["BROWSER"] = "true"  # "opens a browser": the no-op command stands in for one
    fill = {
        "ZENML_PRO_API_KEY": served.api_keys["admin"],
        "ZENML_PRO_API_TOKEN": served.tokens["admin"],
        "ZENML_PRO_API_URL": served.url,
    }
    for name, value in example.env.items():
        if value == "...":
            assert name in fill, f"no sandbox value for the placeholder {name}=... in: {example.line}"
            value = fill[name]
        env[name] = value
    return env


def _run_lab(example: Example, env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Start the example, wait for JupyterLab's address, then stop it as Ctrl-C would."""
    lab = subprocess.Popen(
        [ZPRO_NB, *_on_a_free_port(example.argv)],
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert lab.stdout is not None
        for line in lab.stdout:
            lines.append(line)
            if LAB_READY in line:
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        started = ready.wait(LAB_READY_TIMEOUT_S)
        lab.send_signal(signal.SIGTERM)
        code = lab.wait(LAB_STOP_TIMEOUT_S)
    finally:
        if lab.poll() is None:
            lab.kill()
            lab.wait()
    reader.join(LAB_STOP_TIMEOUT_S)
    output = "".join(lines)
    if not started:
        pytest.fail(
            f"JupyterLab did not print its address within {LAB_READY_TIMEOUT_S} s:\n{_redacted(output, [])}"
        )
    return code, output


def _on_a_free_port(argv: list[str]) -> list[str]:
    """The example's argv with ``--port 0`` (a free port), so a running Jupyter can't clash with it."""
    argv = list(argv)
    if "--port" in argv:
        argv[argv.index("--port") + 1] = "0"
        return argv
    return [argv[0], "--port", "0", *argv[1:]]


def _check_written_files(example: Example, folder: Path) -> None:
    argv = example.argv
    for option, looks_like in (("--html", "<html"), ("--output", '"cells"')):
        if option in argv:
            written = folder / argv[argv.index(option) + 1]
            assert written.is_file(), f"{example.line} did not write {written.name}"
            assert looks_like in written.read_text(encoding="utf-8")
