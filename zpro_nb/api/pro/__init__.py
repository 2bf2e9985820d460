"""The ZenML Pro management API, one module per resource area."""

from __future__ import annotations

from . import invitations, organizations, roles, teams, users, workspaces

__all__ = ["invitations", "organizations", "roles", "teams", "users", "workspaces"]
