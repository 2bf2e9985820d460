"""Keeping secrets out of executed notebooks and reports: the values of the secret environment
variables are scrubbed from every output.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .environment import SECRET_ENV
from .parameters import _nbformat

if TYPE_CHECKING:
    from nbformat import NotebookNode


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


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
