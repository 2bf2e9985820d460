"""Member entries of organizations and workspaces.

The reference does not show the shape; ours is one entry per principal:
``{id, type: "user"|"service_account"|"team"|"invitation", user, team, invitation, roles: [Role]}``
with exactly one of ``user``/``team``/``invitation`` set and ``roles`` the principal's roles at
that level (organization roles for organization members, workspace roles for workspace members).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .auth import Caller
from .state import RoleAssignment

Json = dict[str, Any]


def member_type(caller: Caller, kind: str, principal_id: str) -> str:
    if kind == "user":
        user = caller.store.users.get(principal_id)
        return "service_account" if user is not None and user.is_service_account else "user"
    return kind


def member_entries(caller: Caller, assignments: Iterable[RoleAssignment]) -> Iterator[Json]:
    """Group assignments by principal, in the order principals first appear."""
    grouped: dict[tuple[str, str], list[RoleAssignment]] = {}
    for ra in assignments:
        grouped.setdefault((ra.kind, ra.principal_id), []).append(ra)
    render = caller.render
    store = caller.store
    for (kind, principal_id), ras in grouped.items():
        user = store.users.get(principal_id) if kind == "user" else None
        team = store.teams.get(principal_id) if kind == "team" else None
        invitation = store.invitations.get(principal_id) if kind == "invitation" else None
        yield {
            "id": principal_id,
            "type": member_type(caller, kind, principal_id),
            "user": render.user(user) if user else None,
            "team": render.team(team) if team else None,
            "invitation": render.invitation(invitation) if invitation else None,
            "roles": [render.role(store.roles[ra.role_id]) for ra in ras],
        }


def org_level_assignments(caller: Caller, org_id: str) -> Iterator[RoleAssignment]:
    store = caller.store
    for role_id in store.roles_by_org.get(org_id, {}):
        if store.roles[role_id].level != "organization":
            continue
        for ra_id in store.assignments_by_role.get(role_id, {}):
            yield store.assignments[ra_id]


def workspace_level_assignments(caller: Caller, workspace_id: str) -> Iterator[RoleAssignment]:
    store = caller.store
    for ra_id in store.assignments_by_workspace.get(workspace_id, {}):
        ra = store.assignments[ra_id]
        if ra.project_id is None:
            yield ra
