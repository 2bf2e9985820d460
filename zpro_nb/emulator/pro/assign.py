"""Creating and removing role assignments, with every rule the routes share.

Rules: the role's level must fit the scope (organization roles take no workspace, workspace roles
need one, project roles need a workspace and a project); exactly one principal; the principal and
the workspace belong to the role's organization; no duplicates (409).
"""

from __future__ import annotations

from .auth import Caller
from .errors import conflict, forbidden, invalid, not_found
from .rbac import ORG_ADMIN
from .state import PrincipalKind, Role, RoleAssignment, Workspace


def one_principal(
    user_id: str | None, team_id: str | None, invitation_id: str | None
) -> tuple[PrincipalKind, str]:
    """The single principal named by the query, else 422 ``ValueError``."""
    candidates: tuple[tuple[PrincipalKind, str | None], ...] = (
        ("user", user_id),
        ("team", team_id),
        ("invitation", invitation_id),
    )
    given = [(kind, value) for kind, value in candidates if value]
    if len(given) != 1:
        raise invalid("Exactly one of user_id, team_id or invitation_id must be given.")
    return given[0]


def check_principal(caller: Caller, org_id: str, kind: PrincipalKind, principal_id: str) -> None:
    """The principal exists and may hold roles in ``org_id``."""
    store = caller.store
    if kind == "user":
        user = store.users.get(principal_id)
        if user is None:
            raise not_found(f"No user with id {principal_id}.")
        if user.is_service_account and user.organization_id not in (None, org_id):
            raise forbidden("A service account can only hold roles in its own organization.")
    elif kind == "team":
        team = store.teams.get(principal_id)
        if team is None:
            raise not_found(f"No team with id {principal_id}.")
        if team.organization_id != org_id:
            raise forbidden("The team belongs to another organization.")
    else:
        invitation = store.invitations.get(principal_id)
        if invitation is None:
            raise not_found(f"No invitation with id {principal_id}.")
        if invitation.organization_id != org_id:
            raise forbidden("The invitation belongs to another organization.")


def scope_workspace(
    caller: Caller, role: Role, workspace_id: str | None, project_id: str | None
) -> Workspace | None:
    """Check the role's level against the scope; return the workspace of a workspace/project scope."""
    if role.level == "organization":
        if workspace_id or project_id:
            raise invalid(f"'{role.name}' is an organization role: give no workspace_id or project_id.")
        return None
    if not workspace_id:
        raise invalid(f"'{role.name}' is a {role.level} role: a workspace_id is required.")
    if role.level == "workspace" and project_id:
        raise invalid(f"'{role.name}' is a workspace role: give no project_id.")
    if role.level == "project" and not project_id:
        raise invalid(f"'{role.name}' is a project role: a project_id is required.")
    ws = caller.store.workspaces.get(workspace_id)
    if ws is None:
        raise not_found(f"No workspace with id {workspace_id}.")
    if ws.organization_id != role.organization_id:
        raise invalid("The workspace belongs to another organization than the role.")
    return ws


def require_grant_right(caller: Caller, role: Role, ws: Workspace | None) -> None:
    """May the caller grant or revoke ``role`` at this scope?"""
    access = caller.access
    if ws is None:
        if role.name == ORG_ADMIN:
            access.require_admin(role.organization_id)
        else:
            access.require_manager(role.organization_id)
    else:
        access.require_workspace_manager(ws)


def assign(
    caller: Caller,
    role: Role,
    kind: PrincipalKind,
    principal_id: str,
    workspace_id: str | None = None,
    project_id: str | None = None,
) -> RoleAssignment:
    """Create one assignment after every check; 409 when it already exists."""
    caller.access.require_member(role.organization_id)
    ws = scope_workspace(caller, role, workspace_id, project_id)
    require_grant_right(caller, role, ws)
    check_principal(caller, role.organization_id, kind, principal_id)
    store = caller.store
    key = (role.id, kind, principal_id, workspace_id or None, project_id or None)
    if key in store.assignments_by_key:
        raise conflict(f"The {kind} already holds role '{role.name}' at this scope.")
    return store.add_assignment(
        RoleAssignment(
            id=store.new_id(),
            role_id=role.id,
            kind=kind,
            principal_id=principal_id,
            organization_id=role.organization_id,
            workspace_id=workspace_id or None,
            project_id=project_id or None,
            created=caller.now,
        )
    )


def unassign(
    caller: Caller,
    role: Role,
    kind: PrincipalKind,
    principal_id: str,
    workspace_id: str | None = None,
    project_id: str | None = None,
) -> None:
    """Remove one assignment; 404 when there is none."""
    caller.access.require_member(role.organization_id)
    ws = scope_workspace(caller, role, workspace_id, project_id)
    require_grant_right(caller, role, ws)
    key = (role.id, kind, principal_id, workspace_id or None, project_id or None)
    assignment_id = caller.store.assignments_by_key.get(key)
    if assignment_id is None:
        raise not_found(f"The {kind} does not hold role '{role.name}' at this scope.")
    caller.store.remove_assignment(assignment_id)
