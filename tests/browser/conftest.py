"""Browser fixtures: JupyterLab on 127.0.0.1 and Debian's Chromium driven by Playwright.

Recipe from reference/widget-testing.md: Lab with ``--allow-root``, port 0 read back from
``jpserver-<pid>.json``, every Jupyter/IPython dir and HOME/TMPDIR in a temp dir, the news toast
pre-answered; Chromium from the system (never ``playwright install``), a fresh profile, and
every request outside 127.0.0.1 aborted. Install the browser with ``scripts/install-chromium.sh``.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
BIN = pathlib.Path(sys.executable).parent
LAB_TOKEN = "browser-test"  # the local Lab server's own access token, not a ZenML credential
ARTIFACTS = pathlib.Path(os.environ.get("SCREENSHOT_DIR", ROOT / "artifacts" / "browser"))

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    """The system Chromium: ``CHROMIUM_PATH``, else the real binary, else the Debian wrapper."""
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/lib/chromium/chromium",
        shutil.which("chromium"),
    ):
        if candidate and os.path.exists(candidate):
            return candidate
    pytest.fail("Chromium is not installed: run scripts/install-chromium.sh")


def _wait_for_lab(runtime: pathlib.Path, proc: subprocess.Popen[bytes], timeout: float = 90) -> str:
    info_file = runtime / f"jpserver-{proc.pid}.json"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the JupyterLab server exited during start-up")
        try:
            url = json.loads(info_file.read_text())["url"].rstrip("/")
            with urllib.request.urlopen(f"{url}/api/status?token={LAB_TOKEN}", timeout=2):
                return str(url)
        except Exception:
            time.sleep(0.2)  # polling a starting server process, not a timed assertion
    raise TimeoutError("JupyterLab did not answer /api/status in time")


def _hermetic_env(base: pathlib.Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZENML_", "JUPYTER", "IPYTHON"))}
    home, tmp = base / "home", base / "tmp"
    home.mkdir()
    tmp.mkdir()
    env.update(
        {
            "HOME": str(home),
            "TMPDIR": str(tmp),
            "IPYTHONDIR": str(base / "ipython"),
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
            "JUPYTER_CONFIG_DIR": str(base / "config"),
            "JUPYTER_DATA_DIR": str(base / "data"),
            "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(base / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
            "JUPYTER_PLATFORM_DIRS": "1",
            **extra,
        }
    )
    return env


def _user_settings(settings: pathlib.Path) -> None:
    # Pre-answer the "get notified about Jupyter news?" toast (it shows even with news_url=None).
    news = settings / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    # Save widget state into the notebook, so the test can prove no pasted token ends up there.
    widgets = settings / "@jupyter-widgets" / "jupyterlab-manager"
    widgets.mkdir(parents=True)
    (widgets / "plugin.jupyterlab-settings").write_text('{"saveState": true}')


class LabServer:
    """A running JupyterLab: its URL and the directory it serves."""

    def __init__(self, url: str, root: pathlib.Path, log: pathlib.Path) -> None:
        self.url = url
        self.root = root
        self.log = log

    def __repr__(self) -> str:
        return f"LabServer(url={self.url!r})"


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory, sandbox_server: Any) -> Iterator[LabServer]:
    """JupyterLab serving the e2e notebooks and the runbooks; kernels see the sandbox server's URL only."""
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "root"
    root.mkdir()
    shutil.copy(HERE / "panels-e2e.ipynb", root)
    shutil.copy(HERE / "look-e2e.ipynb", root)
    # The runbooks with their data: relative paths in them are taken from the notebook's folder.
    shutil.copytree(
        ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    _user_settings(base / "settings")
    env = _hermetic_env(base, {"ZPRO_E2E_SANDBOX_URL": sandbox_server.url})
    log = base / "server.log"
    cmd = [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port=0",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={LAB_TOKEN}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=root, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = _wait_for_lab(base / "runtime", proc)
    except Exception:
        proc.terminate()
        proc.wait(15)
        pytest.fail("JupyterLab did not start:\n" + log.read_text()[-4000:])
    yield LabServer(url, root, log)
    proc.terminate()  # SIGTERM: the server shuts its kernels down
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# Module scope: Playwright's sync API runs an event loop on the main thread while it is open, which
# breaks every later asyncio/anyio test in the same process; it must be gone when this module ends.
@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless Chromium with a fresh profile that may reach 127.0.0.1 only."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=chromium_path(),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 1000},
        )
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                else route.abort()
            ),
        )
        yield context
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def page(browser_context: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page whose uncaught JavaScript errors fail the test; a failed test leaves a full-page screenshot."""
    pg = browser_context.new_page()
    pg.set_default_timeout(30_000)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    if request.node.stash.get(_FAILED, False):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"failed-{request.node.name}.png"), full_page=True)
    pg.close()
    assert not errors, errors


@pytest.fixture(scope="session")
def artifacts() -> pathlib.Path:
    """Where screenshots go (gitignored ``artifacts/``, or ``SCREENSHOT_DIR``)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
