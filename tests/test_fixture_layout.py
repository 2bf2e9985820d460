"""The test tree's layout: sandboxes start in one module, every folder is a package, no sys.path edits.

tests/fixtures_sandbox.py is the one place a test starts a sandbox (an in-process app, a process
serving one, or uvicorn serving an app in a thread). A second starter elsewhere drifts from it (other
settings, other clean-up), so any test module that starts one itself fails here, by name and line.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
#: the one module allowed to start sandboxes, and this one (its examples name the starters)
ALLOWED = frozenset({TESTS / "fixtures_sandbox.py", Path(__file__).resolve()})
#: calling any of these starts a sandbox (or serves an app): only fixtures_sandbox may
STARTER_NAMES = frozenset({"create_app", "start_sandbox_server", "sandbox_process"})


def _python_files(*folders: Path) -> Iterator[Path]:
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            if "__pycache__" not in path.parts:
                yield path


def _runs_the_emulator(node: ast.AST) -> bool:
    """A command list such as ``[python, "-m", "zpro_nb.emulator", ...]`` that is not just ``--help``."""
    if not isinstance(node, ast.List | ast.Tuple):
        return False
    words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    pairs = itertools.pairwise(words)
    return ("-m", "zpro_nb.emulator") in pairs and "--help" not in words


def starters_in(source: str) -> list[str]:
    """Each place in ``source`` that starts a sandbox or serves an app, as ``"line N: what"``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if any(m == "uvicorn" or m.startswith("uvicorn.") for m in modules):
                found.append(f"line {line}: imports uvicorn (serve an app with fixtures_sandbox.serve_asgi)")
            if isinstance(node, ast.ImportFrom) and node.module != "fixtures_sandbox":
                for alias in node.names:
                    if alias.name in STARTER_NAMES:
                        found.append(f"line {line}: imports {alias.name} from {node.module}")
        elif isinstance(node, ast.Attribute) and node.attr in STARTER_NAMES:
            found.append(f"line {line}: uses .{node.attr}")
        elif _runs_the_emulator(node):
            found.append(f"line {line}: runs python -m zpro_nb.emulator")
    return found


def test_no_test_module_but_fixtures_sandbox_starts_a_sandbox() -> None:
    offenders = {
        str(path.relative_to(ROOT)): hits
        for path in _python_files(TESTS)
        if path not in ALLOWED and (hits := starters_in(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "start sandboxes through tests/fixtures_sandbox.py"


def test_every_test_folder_is_a_package() -> None:
    folders = {path.parent for path in _python_files(TESTS)} - {TESTS}
    missing = sorted(str(f.relative_to(ROOT)) for f in folders if not (f / "__init__.py").is_file())
    assert missing == []


def test_no_sys_path_edits_in_tests_or_bench() -> None:
    edits = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in _python_files(TESTS, ROOT / "bench")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and node.attr == "path"
        and isinstance(node.value, ast.Name)
        and node.value.id == "sys"
    ]
    assert edits == [], "pyproject.toml's pythonpath makes the checkout and tests/ importable"


def test_the_scan_finds_each_kind_of_starter() -> None:
    # the scan itself, on the starters it exists to catch (and on what it must let through)
    assert starters_in("from zpro_nb.emulator import SandboxConfig, create_app\n")
    assert starters_in("import zpro_nb.emulator as e\napp = e.create_app()\n")
    assert starters_in("from zpro_nb.runbooks import start_sandbox_server\n")
    assert starters_in("import uvicorn\n")
    assert starters_in("cmd = [sys.executable, '-m', 'zpro_nb.emulator', '--port', '0']\n")
    assert not starters_in("cmd = [sys.executable, '-m', 'zpro_nb.emulator', '--help']\n")
    assert not starters_in("from fixtures_sandbox import new_app, start_sandbox_server\napp = new_app()\n")
    assert not starters_in("assert 'zpro_nb.emulator' in ' '.join(cmdline)\n")
