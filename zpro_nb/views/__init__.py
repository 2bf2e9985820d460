"""Analyses across resources: the access matrix, the workspace inventory, stale invitations, inactive users.

Each is a function of an ``ProReader`` (the Session exposes them as methods of the same name).
"""

from __future__ import annotations

from .access import access_matrix, access_table
from .activity import inactive_users, stale_invitations
from .inventory import workspace_inventory

__all__ = ["access_matrix", "access_table", "inactive_users", "stale_invitations", "workspace_inventory"]
