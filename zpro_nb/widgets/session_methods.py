"""The panels as Session methods: ``s.login_panel()``, ``s.workspace_panel()``, ``s.role_panel()``,
``s.offboarding_picker()``; and the paste field a session shows while it awaits a token.

The notebook session inherits :class:`PanelsMixin` (sync) and :class:`PasteFieldMethods` (async).
Each panel method returns the session's live panel of that kind when there is one, so re-running a
cell shows the same panel with its values; close it (``panel.close()``) for a fresh one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from ..session.core import SessionCore
from ..session.paste_prompt import PastePrompt
from .paste_field import PasteField

if TYPE_CHECKING:
    from .login_panel import LoginPanel
    from .offboarding_picker import OffboardingPicker, PickerSession
    from .role_panel import RolePanel
    from .session_protocol import PanelSession
    from .workspace_panel import WorkspacePanel

__all__ = ["PanelsMixin", "PasteFieldMethods"]


class PasteFieldMethods(SessionCore):
    """Supplies the base session's paste prompt: the masked ipywidgets field (:class:`PasteField`)."""

    def _new_paste_prompt(self, on_value: Callable[[str], str]) -> PastePrompt | None:
        return PasteField(on_value)


class PanelsMixin:
    """Panel methods for the sync ``Session`` (every button calls a public method of that session).

    The panel modules import ipywidgets at their top, so each is imported when its panel is first
    asked for: ``import zpro_nb`` stays free of ipywidgets.
    """

    def login_panel(self, **options: Any) -> LoginPanel:
        """Sign-in panel: paste a token, see who you are, your organizations and the token's countdown."""
        from .login_panel import LoginPanel  # lazy: ipywidgets
        from .panel import cached_panel  # lazy: ipywidgets

        return cached_panel(self, "login", lambda: LoginPanel(cast("PanelSession", self), **options))

    def workspace_panel(self, **options: Any) -> WorkspacePanel:
        """Workspace-creation panel: organization, name checked live, display name, description, Create."""
        from .panel import cached_panel  # lazy: ipywidgets
        from .workspace_panel import WorkspacePanel  # lazy: ipywidgets

        return cached_panel(self, "workspace", lambda: WorkspacePanel(cast("PanelSession", self), **options))

    def role_panel(self) -> RolePanel:
        """Role-assignment panel: scope, role, users and teams; Preview the plan, then Apply (or revoke)."""
        from .panel import cached_panel  # lazy: ipywidgets
        from .role_panel import RolePanel  # lazy: ipywidgets

        return cached_panel(self, "role", lambda: RolePanel(cast("PanelSession", self)))

    def offboarding_picker(self) -> OffboardingPicker:
        """A search box and list of users: picking one shows their offboarding plan (``.plan``)."""
        from .offboarding_picker import OffboardingPicker  # lazy: ipywidgets

        return OffboardingPicker(cast("PickerSession", self))

    def close_panels(self) -> None:
        """Close this session's panels (stops their countdowns and pollers)."""
        # No panel exists unless their module was loaded: closing never imports ipywidgets.
        panels = sys.modules.get("zpro_nb.widgets.panel")
        if panels is not None:
            panels.close_panels(self)
