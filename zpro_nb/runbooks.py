"""Runbooks: the session a notebook should use, and headless notebook execution.

Two halves:

* :func:`open_session` is the first call of every runbook. With no credentials in the environment
  it opens the sandbox and says so in a visible :class:`Banner`, so a runbook can never touch a
  real organization by accident; with ``ZENML_PRO_API_TOKEN`` or ``ZENML_PRO_API_KEY`` set it
  signs in for real (unless ``ZPRO_NB_SANDBOX_URL`` says the credentials belong to a sandbox that
  ``zpro-nb lab`` or Binder started).
* :func:`execute_notebook` runs a notebook with nbclient, papermill-style parameters injected
  after the cell tagged ``parameters``; :func:`notebook_to_html` renders the result.
  ``zpro-nb run`` is a thin shell around both.

Jupyter packages (nbclient, nbformat, nbconvert) come with the ``lab`` extra and are imported
only when a notebook is executed or rendered.
"""

from __future__ import annotations

import ast
import contextlib
import html
import json
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from .errors import InvalidArgument

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from .session import Session

__all__ = [
    "HEADLESS_ENV",
    "KEY_ENV",
    "SANDBOX_URL_ENV",
    "TOKEN_ENV",
    "URL_ENV",
    "Banner",
    "CellFailure",
    "RunResult",
    "SandboxServer",
    "die_with_parent",
    "execute_notebook",
    "inject_parameters",
    "notebook_parameters",
    "notebook_to_html",
    "open_session",
    "parse_parameter",
    "redact_notebook",
    "secrets_from_environment",
    "start_sandbox_server",
    "strip_ansi",
    "write_notebook",
]

TOKEN_ENV = "ZENML_PRO_API_TOKEN"
KEY_ENV = "ZENML_PRO_API_KEY"
URL_ENV = "ZENML_PRO_API_URL"
#: Set by ``zpro-nb lab`` and ``binder/start`` next to the sandbox's URL and admin token, so a
#: runbook can tell "signed in to a sandbox server" from "signed in to a real organization".
SANDBOX_URL_ENV = "ZPRO_NB_SANDBOX_URL"

#: Set by :func:`execute_notebook` in the kernel's environment: nobody watches a headless run, so
#: runbooks skip progress bars (their half-drawn text would only clutter the report).
HEADLESS_ENV = "ZPRO_NB_HEADLESS"

#: Environment variables whose values are secrets: scrubbed from executed notebooks and reports.
SECRET_ENV = (TOKEN_ENV, KEY_ENV, "ZENML_STORE_API_KEY", "ZENML_STORE_API_TOKEN", "ZENML_STORE_PASSWORD")

PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_BANNER_MODE = re.compile(r'class="zpro-banner zpro-banner-(sandbox|real)"')
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _nbformat() -> Any:
    # nbformat ships without annotations; one untyped handle keeps the rest of the module strict.
    import nbformat

    return nbformat


# --------------------------------------------------------------------------------------------
# Which session a runbook runs on


@dataclass(frozen=True)
class Banner:
    """What a runbook is connected to, shown at its top: sandbox or a real organization."""

    mode: Literal["sandbox", "real"]
    api_url: str
    message: str
    #: False in a headless run (``zpro-nb run``): pass it as ``progress=`` to long calls
    interactive: bool = True

    @property
    def is_sandbox(self) -> bool:
        """True when nothing this runbook does can reach a real organization."""
        return self.mode == "sandbox"

    def __str__(self) -> str:
        return f"[{self.mode.upper()}] {self.message}"

    def __repr__(self) -> str:
        # The plain-text form (terminals, text reports) must say sandbox or real just as loudly.
        return str(self)

    def _repr_html_(self) -> str:
        # Sandbox in calm blue, real in amber: the difference must be visible at a glance.
        colour, label = ("#1565c0", "SANDBOX") if self.is_sandbox else ("#b45309", "REAL ORGANIZATION")
        return (
            f'<div class="zpro-banner zpro-banner-{self.mode}" style="border-left:6px solid {colour};'
            f'padding:8px 12px;margin:4px 0;background:{colour}14">'
            f'<b style="color:{colour}">{label}</b> &mdash; {html.escape(self.message)}</div>'
        )


def _same_url(a: str, b: str) -> bool:
    return a.rstrip("/").lower() == b.rstrip("/").lower()


def _interactive_tables_if_installed() -> None:
    from .frames.display import interactive_tables, register_display

    # Only inside IPython; without the optional extra the tables stay readable and static.
    if register_display():
        with contextlib.suppress(ImportError):
            interactive_tables(True)


def open_session(**sandbox_options: Any) -> tuple[Session, Banner]:
    """Open the session a runbook should use and a banner saying what it is.

    * neither ``ZENML_PRO_API_TOKEN`` nor ``ZENML_PRO_API_KEY`` set: the in-process sandbox
      (``zpro_nb.sandbox(**sandbox_options)``: ``seed=``, ``as_user=`` ...), banner mode ``"sandbox"``;
    * credentials set and ``ZPRO_NB_SANDBOX_URL`` equal to the API URL (``zpro-nb lab``,
      Binder): that sandbox server, banner mode ``"sandbox"``;
    * otherwise the organization behind ``ZENML_PRO_API_URL`` (``zpro_nb.connect()``), banner
      mode ``"real"``: changes made by the runbook are real.

    Example:
        ```python
        from zpro_nb.runbooks import open_session
        s, banner = open_session()
        banner          # shows SANDBOX or REAL ORGANIZATION
        ```
    """
    from .session import connect, open_sandbox_session

    interactive = os.environ.get(HEADLESS_ENV) != "1"
    if interactive:
        _interactive_tables_if_installed()
    if not (os.environ.get(TOKEN_ENV) or os.environ.get(KEY_ENV)):
        s = open_sandbox_session(**sandbox_options)
        message = (
            f"No token configured ({TOKEN_ENV} or {KEY_ENV}): this runbook runs on the in-process "
            "sandbox. Nothing here touches a real organization."
        )
        return s, Banner("sandbox", s.api_url, message, interactive)

    s = connect()
    url = s.api_url
    sandbox_url = os.environ.get(SANDBOX_URL_ENV)
    if sandbox_url and _same_url(sandbox_url, url):
        message = (
            f"No token configured: runbooks run on the sandbox at {url}. "
            "Nothing here touches a real organization."
        )
        return s, Banner("sandbox", url, message, interactive)
    me = s.whoami()
    who = me.email or me.username or me.name or "?"
    message = f"Signed in to {url} as {who}. Changes made by this runbook are real."
    return s, Banner("real", url, message, interactive)


# --------------------------------------------------------------------------------------------
# Parameters


def parse_parameter(text: str) -> tuple[str, Any]:
    """Parse one ``name=value`` option: the value as a Python literal, else as a string.

    ``days=30`` gives ``30``, ``dry_run=False`` gives ``False``, ``names=['a','b']`` a list,
    ``workspace=ml-platform`` the string ``"ml-platform"``.
    """
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not _IDENTIFIER.match(name):
        raise InvalidArgument(f"expected name=value with a Python identifier as name, got {text!r}")
    try:
        value: Any = ast.literal_eval(raw.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        value = raw
    return name, value


def _parameters_cell_index(nb: NotebookNode) -> int | None:
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            return index
    return None


def notebook_parameters(nb: NotebookNode) -> dict[str, str]:
    """The names assigned in the ``parameters`` cell, with the source text of their defaults."""
    index = _parameters_cell_index(nb)
    if index is None:
        return {}
    source = nb.cells[index].source
    names: dict[str, str] = {}
    for node in ast.parse(source).body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name):
                segment = ast.get_source_segment(source, node.value) if node.value is not None else None
                names[target.id] = segment or ""
    return names


def inject_parameters(nb: NotebookNode, parameters: Mapping[str, Any]) -> None:
    """Insert a cell tagged ``injected-parameters`` right after the ``parameters`` cell.

    Only names the ``parameters`` cell assigns are accepted: a typo such as ``dryrun=False``
    must fail loudly rather than leave ``dry_run=True`` silently in force (or, worse, the
    reverse in another runbook).
    """
    if not parameters:
        return
    nbformat = _nbformat()
    index = _parameters_cell_index(nb)
    if index is None:
        raise InvalidArgument("this notebook has no cell tagged 'parameters', so it takes no parameters")
    known = notebook_parameters(nb)
    unknown = sorted(set(parameters) - set(known))
    if unknown:
        raise InvalidArgument(
            f"unknown parameter(s) {', '.join(unknown)}; this notebook takes: {', '.join(known) or 'none'}"
        )
    lines = ["# Parameters given on the command line"]
    lines += [f"{name} = {value!r}" for name, value in parameters.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": [INJECTED_TAG]})
    nb.cells.insert(index + 1, cell)


# --------------------------------------------------------------------------------------------
# Execution


@dataclass(frozen=True)
class CellFailure:
    """The cell that stopped a run: where, what it ran, and the error (no ANSI colour codes)."""

    index: int
    source: str
    ename: str
    evalue: str
    traceback: str

    def report(self) -> str:
        """A plain-text report: the cell's source, then the error and its traceback."""
        rule = "-" * 72
        return (
            f"{rule}\ncell {self.index + 1} (counting from 1, markdown cells included):\n{rule}\n"
            f"{self.source.rstrip()}\n{rule}\n"
            f"{self.traceback.rstrip() or f'{self.ename}: {self.evalue}'}\n{rule}"
        )


@dataclass
class RunResult:
    """The executed notebook (outputs scrubbed of secrets) and how the run went."""

    notebook: NotebookNode
    seconds: float
    failure: CellFailure | None = None
    cell_seconds: dict[int, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every cell ran without an error."""
        return self.failure is None

    @property
    def mode(self) -> Literal["sandbox", "real"] | None:
        """What the runbook's banner said it ran on, or None when it showed no banner."""
        for cell in self.notebook.cells:
            for output in cell.get("outputs", []):
                found = _BANNER_MODE.search(str(output.get("data", {}).get("text/html", "")))
                if found:
                    return "sandbox" if found.group(1) == "sandbox" else "real"
        return None


def strip_ansi(text: str) -> str:
    """Remove terminal colour codes (IPython colours its tracebacks)."""
    return _ANSI.sub("", text)


def secrets_from_environment(environ: Mapping[str, str] | None = None) -> list[str]:
    """The secret values in the environment (tokens, keys, passwords) worth scrubbing."""
    env = os.environ if environ is None else environ
    # Very short values would blank out ordinary words; real tokens and keys are long.
    return [v for name in SECRET_ENV if len(v := env.get(name, "")) >= 8]


def _scrub(value: Any, secrets: Iterable[str]) -> Any:
    if isinstance(value, str):
        for secret in secrets:
            if secret in value:
                value = value.replace(secret, "****")
        return value
    if isinstance(value, list):
        return [_scrub(v, secrets) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, secrets) for k, v in value.items()}
    return value


def redact_notebook(nb: NotebookNode, secrets: Iterable[str]) -> int:
    """Replace every secret found in cell sources and outputs by ``****``; return how many cells changed."""
    secrets = [s for s in secrets if s]
    if not secrets:
        return 0
    nbformat = _nbformat()
    changed = 0
    for cell in nb.cells:
        before = json.dumps(cell, sort_keys=True)
        if any(secret in before for secret in secrets):
            cell.source = _scrub(cell.source, secrets)
            if cell.cell_type == "code":
                cell.outputs = [nbformat.from_dict(_scrub(dict(o), secrets)) for o in cell.outputs]
            changed += 1
    return changed


def _failure_from(nb: NotebookNode, index: int | None, error: BaseException) -> CellFailure:
    if index is None:
        index = next(
            (
                i
                for i, cell in enumerate(nb.cells)
                if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.outputs)
            ),
            -1,
        )
    source = nb.cells[index].source if 0 <= index < len(nb.cells) else ""
    outputs = nb.cells[index].get("outputs", []) if 0 <= index < len(nb.cells) else []
    err = next((o for o in outputs if o.get("output_type") == "error"), None)
    if err is not None:
        return CellFailure(
            index=index,
            source=source,
            ename=str(err.get("ename", "")),
            evalue=str(err.get("evalue", "")),
            traceback=strip_ansi("\n".join(err.get("traceback", []))),
        )
    # A timeout or a dead kernel leaves no error output: describe the exception itself.
    return CellFailure(index, source, type(error).__name__, strip_ansi(str(error)), "")


def _this_python_kernel_manager() -> type[Any]:
    """A kernel manager whose ``python3`` kernel is always this interpreter.

    jupyter_client looks for kernelspecs in the user's folders first, so a ``python3`` spec left in
    ``~/.local/share/jupyter`` by another Python would start a kernel that cannot import zpro_nb.
    """
    from ipykernel.kernelspec import RESOURCES, get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class ThisPythonKernelSpecs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> Any:
            if kernel_name == "python3":
                return KernelSpec(resource_dir=RESOURCES, **get_kernel_dict())
            return super().get_kernel_spec(kernel_name)

    class ThisPythonKernelManager(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _this_python_specs(self) -> Any:
            return ThisPythonKernelSpecs(data_dir=self.data_dir)

    return ThisPythonKernelManager


def execute_notebook(
    path: str | os.PathLike[str],
    parameters: Mapping[str, Any] | None = None,
    *,
    timeout: float = 600,
    kernel_name: str = "python3",
    cwd: str | os.PathLike[str] | None = None,
    secrets: Iterable[str] | None = None,
    on_cell: Callable[[int, float], None] | None = None,
) -> RunResult:
    """Execute a notebook headless and return the executed copy; the file itself is not changed.

    Args:
        path: the ``.ipynb`` file.
        parameters: values injected after the ``parameters`` cell (see :func:`inject_parameters`).
        timeout: seconds each cell may run.
        kernel_name: the Jupyter kernel; ``python3`` is the kernel of the running Python, so the
            notebook imports the same ``zpro_nb``.
        cwd: the kernel's working directory (default: the notebook's folder).
        secrets: values to scrub from the executed copy (default: :func:`secrets_from_environment`).
        on_cell: called with ``(cell index, seconds)`` after each code cell finishes.

    The run stops at the first failing cell; :attr:`RunResult.failure` then names it.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from traitlets.config import Config

    path = Path(path)
    nb = _nbformat().read(path, as_version=4)
    inject_parameters(nb, dict(parameters or {}))
    started: dict[int, float] = {}
    durations: dict[int, float] = {}
    current: list[int] = []

    def cell_started(cell: Any, cell_index: int, **_: Any) -> None:
        current[:] = [cell_index]
        started[cell_index] = time.perf_counter()

    def cell_finished(cell: Any, cell_index: int, **_: Any) -> None:
        durations[cell_index] = time.perf_counter() - started.get(cell_index, time.perf_counter())
        if on_cell is not None:
            on_cell(cell_index, durations[cell_index])

    # IPC sockets instead of TCP: the kernel is local anyway, and nobody else on the machine can
    # connect to a socket file in a private runtime folder.
    sockets = tempfile.TemporaryDirectory(prefix="zpro-nb-kernel-", dir=_short_temp_dir())
    config = Config()
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = str(Path(sockets.name) / "ipc")
    client = NotebookClient(
        nb,
        config=config,
        kernel_manager_class=_this_python_kernel_manager(),
        timeout=timeout,
        kernel_name=kernel_name,
        allow_errors=False,
        # Widget state in a report is noise and can hold values typed into panels.
        store_widget_state=False,
        resources={"metadata": {"path": str(Path(cwd) if cwd is not None else path.parent)}},
        on_cell_execute=cell_started,
        on_cell_executed=cell_finished,
    )
    t0 = time.perf_counter()
    failure: CellFailure | None = None
    try:
        client.execute(env={**os.environ, HEADLESS_ENV: "1"})
    except CellExecutionError as exc:
        failure = _failure_from(nb, current[0] if current else None, exc)
    except (CellTimeoutError, DeadKernelError) as exc:
        failure = _failure_from(nb, current[0] if current else None, exc)
    finally:
        sockets.cleanup()
    seconds = time.perf_counter() - t0
    redact_notebook(nb, secrets_from_environment() if secrets is None else secrets)
    return RunResult(notebook=nb, seconds=seconds, failure=failure, cell_seconds=durations)


def notebook_to_html(nb: NotebookNode) -> str:
    """Render an executed notebook as one self-contained HTML page (images embedded as data URIs)."""
    import importlib

    # nbconvert ships without annotations: reach it through an Any-typed handle.
    nbconvert: Any = importlib.import_module("nbconvert")
    exporter = nbconvert.HTMLExporter(embed_images=True)
    body, _ = exporter.from_notebook_node(nb)
    return str(body)


def write_notebook(nb: NotebookNode, path: str | os.PathLike[str]) -> None:
    """Write a notebook (e.g. an executed copy) to ``path``."""
    _nbformat().write(nb, str(path))


# --------------------------------------------------------------------------------------------
# A sandbox server for `zpro-nb lab` (and anything else that needs one in a child process)


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
        import ctypes

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


def _short_temp_dir() -> str | None:
    """A temp folder short enough for Unix socket paths (about 100 bytes), else ``None`` (the default).

    A deep TMPDIR, such as a CI checkout's own temp folder, makes ``<tmp>/zpro-nb-kernel-xxxx/ipc-4``
    too long and the kernel fails to start with "File name too long".
    """
    default = tempfile.gettempdir()
    if len(default) <= 40 or not Path("/tmp").is_dir():
        return None
    return "/tmp"
