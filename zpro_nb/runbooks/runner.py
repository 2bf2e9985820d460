"""Headless notebook execution with nbclient (parameters injected, secrets scrubbed) and the HTML
report.
"""

from __future__ import annotations

import importlib
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .environment import HEADLESS_ENV
from .parameters import _nbformat, inject_parameters
from .redaction import redact_notebook, secrets_from_environment, strip_ansi
from .sandbox_server import short_temp_dir

if TYPE_CHECKING:
    from nbformat import NotebookNode


_BANNER_MODE = re.compile(r'class="zpro-banner zpro-banner-(sandbox|real)"')


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
    # lazy: jupyter (the lab extra)
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
    # lazy: jupyter (the lab extra)
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
    sockets = tempfile.TemporaryDirectory(prefix="zpro-nb-kernel-", dir=short_temp_dir())
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
    # nbconvert ships without annotations: reach it through an Any-typed handle.
    nbconvert: Any = importlib.import_module("nbconvert")
    exporter = nbconvert.HTMLExporter(embed_images=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": runbook_title(nb)}})
    return str(body)


def runbook_title(nb: NotebookNode) -> str:
    """The runbook's own title: the first Markdown heading of the notebook ("Notebook" if none)."""
    for cell in nb.cells:
        if cell.get("cell_type") != "markdown":
            continue
        for line in str(cell.get("source", "")).splitlines():
            if line.startswith("#"):
                return line.lstrip("#").strip() or "Notebook"
    return "Notebook"


def write_notebook(nb: NotebookNode, path: str | os.PathLike[str]) -> None:
    """Write a notebook (e.g. an executed copy) to ``path``."""
    _nbformat().write(nb, str(path))
