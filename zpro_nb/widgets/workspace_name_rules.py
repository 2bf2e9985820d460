"""The Pro API's workspace-name rules, worded for the panel, which checks them on every keystroke.

The rules themselves live once, in :mod:`zpro_nb.api.pro.workspace_names` (the same check
``Session.validate_workspace_name`` runs before asking the server); this module only phrases them
as sentences for a form. The server stays the judge: the panel asks it too, debounced.
"""

from __future__ import annotations

from ..api.pro.workspace_names import MAX_LENGTH
from ..api.pro.workspace_names import workspace_name_problem as _rule_problem


def workspace_name_problem(name: str) -> str | None:
    """What is wrong with ``name`` in plain words, or ``None`` when the API's rules accept it."""
    if not name:
        return "Enter a name."
    problem = _rule_problem(name)
    return None if problem is None else problem[0].upper() + problem[1:] + "."


def display_name_from(name: str) -> str:
    """A display name prefilled from a workspace name: ``fraud-detection`` -> ``Fraud Detection``."""
    return " ".join(part.capitalize() for part in name.split("-") if part)[:MAX_LENGTH]
