"""The Pro API's workspace-name rules, checked locally so the panel answers on every keystroke.

The server stays the judge (``Session.validate_workspace_name`` asks it, debounced); this only
spares a round trip for names the API would refuse anyway. Rules (reference pro-api.md §2, and
the sandbox's documented reading of the dashboard): 1-50 characters of lowercase letters, digits
and hyphens, starting and ending with a letter or digit.
"""

from __future__ import annotations

import re

MAX_LENGTH = 50
_ALLOWED = re.compile(r"[a-z0-9-]*")


def workspace_name_problem(name: str) -> str | None:
    """What is wrong with ``name`` in plain words, or ``None`` when the API's rules accept it."""
    if not name:
        return "Enter a name."
    if len(name) > MAX_LENGTH:
        return f"A workspace name has at most {MAX_LENGTH} characters (this one has {len(name)})."
    if not _ALLOWED.fullmatch(name):
        bad = sorted({c for c in name if not re.fullmatch(r"[a-z0-9-]", c)})
        shown = " ".join(repr(c) for c in bad[:5])
        return f"Use lowercase letters, digits and hyphens only (not {shown})."
    if name.startswith("-") or name.endswith("-"):
        return "A workspace name starts and ends with a letter or digit."
    return None


def display_name_from(name: str) -> str:
    """A display name prefilled from a workspace name: ``fraud-detection`` -> ``Fraud Detection``."""
    return " ".join(part.capitalize() for part in name.split("-") if part)[:MAX_LENGTH]
