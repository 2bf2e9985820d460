"""``s.login_panel()``, ``s.workspace_panel()``, ``s.role_panel()``: the panels as Session methods.

``Session`` inherits :class:`PanelsMixin`. Each method returns the session's live panel of that
kind when there is one, so re-running a cell shows the same panel with its values; close it
(``panel.close()``) for a fresh one. ipywidgets is imported only when a panel is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from .login_panel import LoginPanel
    from .role_panel import RolePanel
    from .session_protocol import PanelSession
    from .workspace_panel import WorkspacePanel


class PanelsMixin:
    """Panel methods for the sync ``Session`` (every button calls a public method of that session)."""

    def login_panel(self, **options: Any) -> LoginPanel:
        """Sign-in panel: paste a token, see who you are, your organizations and the token's countdown."""
        from .login_panel import LoginPanel
        from .panel import cached_panel

        return cached_panel(self, "login", lambda: LoginPanel(cast("PanelSession", self), **options))

    def workspace_panel(self, **options: Any) -> WorkspacePanel:
        """Workspace-creation panel: organization, name checked live, display name, description, Create."""
        from .panel import cached_panel
        from .workspace_panel import WorkspacePanel

        return cached_panel(self, "workspace", lambda: WorkspacePanel(cast("PanelSession", self), **options))

    def role_panel(self) -> RolePanel:
        """Role-assignment panel: scope, role, users and teams; Preview the plan, then Apply (or revoke)."""
        from .panel import cached_panel
        from .role_panel import RolePanel

        return cached_panel(self, "role", lambda: RolePanel(cast("PanelSession", self)))

    def close_panels(self) -> None:
        """Close this session's panels (stops their countdowns and pollers)."""
        from .panel import close_panels

        close_panels(self)
