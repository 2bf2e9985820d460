"""Papermill-style notebook parameters: the cell tagged ``parameters`` declares them, an injected
cell after it overrides them.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import InvalidArgument

if TYPE_CHECKING:
    from nbformat import NotebookNode


PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"


_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _nbformat() -> Any:
    # nbformat ships without annotations; one untyped handle keeps the rest of the module strict.
    import nbformat  # lazy: nbformat (the lab extra)

    return nbformat


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
