"""The Pro API's workspace-name rules, checked locally before asking the server.

1-50 characters of lowercase letters, digits and hyphens, starting and ending with a letter or
digit (the sandbox enforces the same, docs/sandbox.md). The server stays the judge of
whether a valid name is still free.
"""

from __future__ import annotations

import re

MAX_LENGTH = 50
_CHARACTERS = re.compile(r"[a-z0-9-]+")


def workspace_name_problem(name: str) -> str | None:
    """What is wrong with ``name`` in plain words, or ``None`` when the rules accept it."""
    if name is not None and not isinstance(name, str):
        return f"a workspace name is text, not {type(name).__name__}"
    if not name:
        return "a workspace name cannot be empty"
    if len(name) > MAX_LENGTH:
        return f"a workspace name has at most {MAX_LENGTH} characters (this one has {len(name)})"
    if not _CHARACTERS.fullmatch(name):
        bad = sorted({c for c in name if not _CHARACTERS.fullmatch(c)})
        shown = " ".join(repr(c) for c in bad[:5])
        return f"use lowercase letters, digits and hyphens only (not {shown})"
    if name[0] == "-" or name[-1] == "-":
        return "a workspace name starts and ends with a letter or digit"
    return None
