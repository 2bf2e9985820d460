"""One exception hierarchy: every public exception zpro_nb defines is exported by ``zpro_nb.errors``,
defined there (or in the request core, which cannot import upwards), and has its row in the one table
of ``docs/api/errors.md`` with its real parents.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import httpx

import zpro_nb
import zpro_nb.errors as errors

DOCS = Path(__file__).resolve().parents[1] / "docs" / "api" / "errors.md"

#: where a public exception may be defined: here, or in the core for the ones it raises itself
HOMES = {"zpro_nb.errors", "zpro_nb._core.errors"}

#: exceptions that never leave the package, and why they are not public
INTERNAL: dict[str, str] = {
    "zpro_nb.changes.live_state.Unknown": "a sheet name matching nothing; planning makes it a row's problem",
    "zpro_nb.changes.row_checks.RowError": "one mistake in a row; planning adds it to the row's problems",
    "zpro_nb.changes.row_checks.RowErrors": "all of a row's mistakes; planning makes them the row's problems",
}


def _package_exceptions() -> dict[str, type[BaseException]]:
    """Every exception class defined in zpro_nb (the emulator apart: it shares nothing with the client)."""
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(zpro_nb.__path__, "zpro_nb."):
        if info.name.startswith("zpro_nb.emulator") or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseException)
                and obj.__module__ == info.name
                and not name.startswith("_")
            ):
                found[f"{info.name}.{name}"] = obj
    return found


def _table() -> dict[str, str]:
    """``class -> parent`` cell of each row of the errors table."""
    rows: dict[str, str] = {}
    for line in DOCS.read_text().splitlines():
        match = re.match(r"^\| `(\w+)` \| ([^|]+) \|", line)
        if match:
            rows[match.group(1)] = match.group(2).strip()
    return rows


def test_every_public_exception_is_defined_in_one_place_and_exported() -> None:
    exported = set(errors.__all__)
    problems = []
    for qualified, cls in _package_exceptions().items():
        if qualified in INTERNAL:
            continue
        if cls.__module__ not in HOMES:
            problems.append(f"{qualified} is defined outside zpro_nb.errors")
        if cls.__name__ not in exported:
            problems.append(f"{qualified} is not in zpro_nb.errors.__all__")
    assert not problems, "\n".join(problems)


def test_internal_exceptions_stay_internal() -> None:
    defined = _package_exceptions()
    for qualified, reason in INTERNAL.items():
        assert qualified in defined, f"{qualified} is gone: drop it from INTERNAL"
        assert reason
        assert defined[qualified].__name__ not in zpro_nb.__all__


def test_everything_exported_is_an_exception_from_its_home() -> None:
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert inspect.isclass(cls), name
        assert issubclass(cls, BaseException), name
        assert cls.__module__ in HOMES, name


def test_the_table_has_each_exported_class_once_with_its_parents() -> None:
    table = _table()
    assert set(table) == set(errors.__all__)
    for name, parents in table.items():
        cls = getattr(errors, name)
        documented = re.findall(r"`(\w+)`", parents)
        assert documented == [base.__name__ for base in cls.__bases__], name


def test_no_name_shadows_an_httpx_one() -> None:
    # zpro_nb's ConnectionFailed was called TransportError, the name of httpx's own base class
    assert not set(errors.__all__) & set(dir(httpx))
    assert not hasattr(errors, "TransportError")


def test_bad_arguments_are_value_errors_too() -> None:
    # callers that caught ValueError before InvalidArgument existed still catch it
    assert issubclass(errors.InvalidArgument, ValueError)
    assert issubclass(errors.InvalidArgument, errors.ValidationFailed)
