"""Notebook panels (ipywidgets 8): sign-in, workspace creation and role assignment.

Open them from a session: ``s.login_panel()``, ``s.workspace_panel()``, ``s.role_panel()``.
A panel holds no logic of its own: it collects input, calls a public ``Session`` method and
shows the result, so whatever a panel does a runbook can do headless with the same call.

This package is imported by ``zpro_nb.notebook_session`` (for :class:`PanelsMixin`), so it must stay
light: ipywidgets is imported only when a panel is built.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .login_panel import LoginPanel
    from .role_panel import RolePanel
    from .workspace_panel import WorkspacePanel

__all__ = ["LoginPanel", "RolePanel", "WorkspacePanel"]

_LAZY = {
    "LoginPanel": "login_panel",
    "RolePanel": "role_panel",
    "WorkspacePanel": "workspace_panel",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
