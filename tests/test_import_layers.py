"""Imports point down, with no circle, not even one hidden in a function body.

``lint-imports`` checks the layers of pyproject.toml; it sees imports in function bodies too, but not
a circle inside one layer. So a function-body import of a zpro_nb module is allowed only where it is
a declared lazy import (``LAZY``: a zpro_nb module whose import loads a heavy third-party library,
kept out of ``import zpro_nb``), says so in a ``# lazy:`` comment, and imports a module that does not
import the importer back, even indirectly.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "zpro_nb"

#: zpro_nb modules (or packages) imported lazily, and the heavy library their import loads
LAZY = {
    "zpro_nb.frames": "pandas",
    "zpro_nb.views.matrix_display": "pandas",
    "zpro_nb.widgets.login_panel": "ipywidgets",
    "zpro_nb.widgets.offboarding_picker": "ipywidgets",
    "zpro_nb.widgets.panel": "ipywidgets",
    "zpro_nb.widgets.role_panel": "ipywidgets",
    "zpro_nb.widgets.workspace_panel": "ipywidgets",
    "zpro_nb.emulator": "fastapi",
}


@dataclass(frozen=True)
class BodyImport:
    importer: str
    target: str
    where: str
    commented: bool


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_of(path: Path) -> list[str]:
    name = _module_name(path).split(".")
    return name if path.name == "__init__.py" else name[:-1]


def _targets(node: ast.Import | ast.ImportFrom, path: Path) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not node.level:
        return [node.module or ""]
    package = _package_of(path)
    base = package[: len(package) - node.level + 1]
    if node.module:
        return [".".join([*base, node.module])]
    return [".".join([*base, alias.name]) for alias in node.names]  # from . import x


def _commented(lines: list[str], lineno: int) -> bool:
    """Whether the import on ``lineno`` says ``# lazy:`` on its line or above the block it opens."""
    index = lineno - 1
    while True:
        if "# lazy:" in lines[index]:
            return True
        index -= 1
        above = lines[index].strip()
        if not above.startswith(("import ", "from ", "# lazy:")):
            return False


def _all_body_imports() -> list[BodyImport]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text().splitlines()
        tree = ast.parse("\n".join(lines))
        seen: set[int] = set()
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if not isinstance(node, ast.Import | ast.ImportFrom) or node.lineno in seen:
                    continue
                seen.add(node.lineno)  # nested functions are walked twice
                commented = _commented(lines, node.lineno)
                for target in _targets(node, path):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    found.append(BodyImport(_module_name(path), target, where, commented))
    return found


ALL_BODY_IMPORTS = _all_body_imports()


BODY_IMPORTS = [b for b in ALL_BODY_IMPORTS if b.target == "zpro_nb" or b.target.startswith("zpro_nb.")]


def _lazy_entry(target: str) -> str | None:
    return next((key for key in LAZY if target == key or target.startswith(key + ".")), None)


def test_function_bodies_import_only_declared_lazy_modules() -> None:
    undeclared = [f"{b.where}: {b.target}" for b in BODY_IMPORTS if _lazy_entry(b.target) is None]
    assert not undeclared, (
        "import these at the top of the module (pointing down), or declare the module in LAZY "
        "if its import loads a heavy library:\n" + "\n".join(undeclared)
    )


def test_every_function_body_import_is_a_lazy_one_and_says_so() -> None:
    # A standard-library module costs nothing worth deferring: it belongs at the top.
    stdlib = [b.where for b in ALL_BODY_IMPORTS if b.target.split(".")[0] in sys.stdlib_module_names]
    assert not stdlib, "import the standard library at the top:\n" + "\n".join(stdlib)
    silent = [b.where for b in ALL_BODY_IMPORTS if not b.commented]
    assert not silent, "say why in a '# lazy: <library>' comment (on the line or above its block):\n" + (
        "\n".join(silent)
    )


def test_no_circle_hides_in_a_function_body() -> None:
    graph = grimp.build_graph("zpro_nb")
    circles = []
    for b in BODY_IMPORTS:
        target = b.target if b.target in graph.modules else b.target.rsplit(".", 1)[0]
        if graph.chain_exists(importer=target, imported=b.importer):
            chain = graph.find_shortest_chain(importer=target, imported=b.importer)
            circles.append(f"{b.where}: {b.importer} -> {b.target}, and back: {' -> '.join(chain or ())}")
    assert not circles, "\n".join(circles)


def test_every_lazy_entry_is_used() -> None:
    used = {_lazy_entry(b.target) for b in BODY_IMPORTS}
    assert set(LAZY) <= used, f"stale LAZY entries: {sorted(set(LAZY) - used)}"


@pytest.mark.parametrize(("module", "library"), sorted(LAZY.items()))
def test_a_lazy_module_really_loads_its_library(module: str, library: str) -> None:
    code = f"import sys, {module}; print({library!r} in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "True", f"{module} does not load {library}: import it at the top instead"


def _names_a_third_party_module(call: ast.Call) -> bool:
    first = call.args[0] if call.args else None
    return (
        isinstance(first, ast.Constant)
        and isinstance(first.value, str)
        and not first.value.startswith((".", "zpro_nb"))
    )


def test_zpro_nb_modules_are_imported_by_name_only_in_a_package_getattr() -> None:
    # importlib.import_module hides an import from both lint-imports and the checks above; for
    # zpro_nb's own modules it is kept to the lazy attributes of a package (PEP 562 ``__getattr__``).
    hidden = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text())
        allowed = {
            id(node)
            for fn in tree.body
            if isinstance(fn, ast.FunctionDef) and fn.name == "__getattr__"
            for node in ast.walk(fn)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "import_module"
                and id(node) not in allowed
                and not _names_a_third_party_module(node)
            ):
                hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not hidden, "\n".join(hidden)


def test_the_base_session_imports_nothing_from_above() -> None:
    graph = grimp.build_graph("zpro_nb")
    above = ("zpro_nb.views", "zpro_nb.changes", "zpro_nb.widgets", "zpro_nb.notebook_session")
    for upper in above:
        assert not graph.chain_exists(importer="zpro_nb.session", imported=upper, as_packages=True), upper
