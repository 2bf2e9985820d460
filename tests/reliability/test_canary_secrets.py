"""The canaries, used through whole sessions, appear nowhere: output, DEBUG logs, errors, reprs, files.

The run-wide check lives in ``tests/canary_plugin.py`` (every log record, every test's captured
output and failure report, every file under pytest's temporary directory). These tests make sure
the canaries are really *used* along every path a secret could slip out by, and look at the
places the plugin cannot see (reprs, HTML reprs, pickles, exception chains) directly.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from canary_plugin import CanaryCredentials
from fixtures_sandbox import new_app, start_sandbox_server

import zpro_nb
from zpro_nb._core.in_process import InProcessTransport
from zpro_nb.runbooks import KEY_ENV, SANDBOX_URL_ENV, TOKEN_ENV, URL_ENV, SandboxServer

URL = "http://sandbox.localhost"
ROOT = Path(__file__).resolve().parents[2]
ZPRO_NB = str(Path(sys.executable).parent / "zpro-nb")


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def debug_logs() -> Iterator[Collect]:
    handler = Collect()
    root = logging.getLogger()
    root.addHandler(handler)
    old = root.level
    root.setLevel(logging.DEBUG)
    yield handler
    root.setLevel(old)
    root.removeHandler(handler)


def shown(*things: object) -> str:
    """Every way a value can be shown: str, repr, HTML repr."""
    parts = []
    for thing in things:
        parts += [str(thing), repr(thing)]
        html = getattr(thing, "_repr_html_", None)
        if callable(html):
            parts.append(str(html()))
    return "\n".join(parts)


@pytest.mark.parametrize("credential", ["token", "api_key"])
def test_a_whole_session_never_shows_the_canary(
    credential: str, canaries: CanaryCredentials, debug_logs: Collect, tmp_path: Path
) -> None:
    secret = canaries[credential]
    app = new_app(workspace_ready_delay_s=0)
    s = zpro_nb.connect(url=URL, transport=InProcessTransport(app=app), **{credential: secret})
    surfaces: list[str] = []
    try:
        surfaces.append(shown(s, s.aio, s.aio.pro, s.aio.pro.auth, s.whoami()))
        for frame in (s.organizations(), s.workspaces(), s.users(), s.teams(organization="acme-ml")):
            surfaces.append(frame.to_string() + frame.to_html())
        ws = s.workspace("production")
        surfaces.append(shown(ws, ws.aio, ws.whoami(), ws.aio.client.auth))
        surfaces.append(ws.api_keys().to_string())
        plan = s.plan_role_assignments(
            pd.DataFrame(
                [{"user": "viewer@acme.example", "role": "Workspace Developer", "workspace": "staging"}]
            ),
            organization="acme-ml",
        )
        surfaces.append(shown(plan))
        surfaces.append(plan.apply().to_string())
        s.create_team("canary-team", organization="acme-ml")
        journal = s.journal.to_jsonl(tmp_path / "journal.jsonl")
        surfaces.append(journal.read_text(encoding="utf-8"))
        surfaces.append(shown(s.journal))
        for failing in (
            lambda: s.get_workspace("no-such-workspace"),
            lambda: s.create_team("canary-team", organization="acme-ml"),  # 409
            lambda: ws.get("runs", "no-such-run"),
        ):
            with pytest.raises(zpro_nb.errors.ZProError) as caught:
                failing()
            surfaces.append("".join(traceback.format_exception(caught.value)))
            surfaces.append(shown(caught.value))
            surfaces.append(repr(pickle.loads(pickle.dumps(caught.value))))
        with pytest.raises(TypeError):
            pickle.dumps(s.aio.pro.auth)  # credentials refuse to be pickled at all
        ws.close()
    finally:
        s.close()
    surfaces += debug_logs.lines
    assert app.state.pro.canaries.uses > 0  # the canary really signed the requests
    assert any("httpcore" in line or "HTTP Request" in line for line in debug_logs.lines)  # DEBUG ran
    for text in surfaces:
        assert secret not in text


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with start_sandbox_server("--ready-delay", "0") as running:
        yield running


@pytest.mark.parametrize(
    ("notebook", "credential"), [("00-quick-start", "api_key"), ("05-rotate-api-keys", "token")]
)
def test_zpro_nb_run_with_the_canary_writes_no_secret(
    notebook: str, credential: str, server: SandboxServer, canaries: CanaryCredentials, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in (TOKEN_ENV, KEY_ENV)}
    env |= {URL_ENV: server.url, SANDBOX_URL_ENV: server.url, "HOME": str(tmp_path)}
    env[KEY_ENV if credential == "api_key" else TOKEN_ENV] = canaries[credential]
    out = tmp_path / "executed.ipynb"
    args = [
        ZPRO_NB,
        "run",
        str(ROOT / "notebooks" / f"{notebook}.ipynb"),
        "--html",
        "report.html",
        "--output",
        str(out),
    ]
    if notebook.startswith("05"):
        args += ["-p", "dry_run=False", "-p", "older_than_days=30"]
    done = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "sandbox" in report
    for text in (done.stdout, done.stderr, report, out.read_text(encoding="utf-8")):
        assert canaries.token not in text
        assert canaries.api_key not in text


def test_the_canaries_reached_the_server(server: SandboxServer) -> None:
    # After the runs above (same module, declared later): the server counted the canaries' requests.
    from .faulty_server import admin_get

    assert admin_get(server.url, server.tokens["admin"], "/_sandbox/canaries")["uses"] >= 2
