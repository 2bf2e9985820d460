"""Who a credential is inside one workspace: shared by ``/users/authorize_server`` and the bridge."""

from __future__ import annotations

from ..contracts import ExternalIdentity
from .errors import forbidden, not_found
from .lifecycle import settle
from .rbac import WS_ADMIN, Access
from .runtime import ProRuntime
from .state import User, Workspace


def identity_for(pro: ProRuntime, ws: Workspace, user: User) -> ExternalIdentity | None:
    """The user's identity in ``ws``, or ``None`` when they have no access to it."""
    role = Access(pro.store, user).effective_workspace_role(ws)
    if role is None:
        return None
    return ExternalIdentity(
        user_id=user.id,
        username=user.username,
        email=user.email,
        name=user.name,
        is_service_account=user.is_service_account,
        workspace_role=role,
        is_admin=role == WS_ADMIN,
    )


def authorize(pro: ProRuntime, workspace_id: str, credential: str) -> tuple[User, ExternalIdentity]:
    """Validate ``credential`` for the workspace: 404 unknown workspace, 401 bad credential, 403 no access."""
    ws = pro.store.workspaces.get(workspace_id)
    if ws is None:
        raise not_found(f"Server {workspace_id} is not recognized.")
    settle(ws, pro.clock.now())
    user = pro.user_for_credential(credential)
    identity = identity_for(pro, ws, user)
    if identity is None:
        raise forbidden(f"You are not authorized to access workspace '{ws.name}'.")
    return user, identity


def members(pro: ProRuntime, workspace_id: str) -> list[ExternalIdentity]:
    """Every active user with access to the workspace: by organization role, workspace role or team."""
    store = pro.store
    ws = store.workspaces.get(workspace_id)
    if ws is None:
        return []
    candidates: dict[str, None] = {}
    org_role_ids = [
        r for r in store.roles_by_org.get(ws.organization_id, {}) if store.roles[r].level == "organization"
    ]
    assignment_ids = [a for r in org_role_ids for a in store.assignments_by_role.get(r, {})]
    assignment_ids += list(store.assignments_by_workspace.get(ws.id, {}))
    for assignment_id in assignment_ids:
        ra = store.assignments[assignment_id]
        if ra.kind == "user":
            candidates[ra.principal_id] = None
        elif ra.kind == "team":
            candidates.update(dict.fromkeys(store.teams[ra.principal_id].user_ids))
    org = store.organizations.get(ws.organization_id)
    if org is not None:
        candidates[org.owner_id] = None
    found = []
    for user_id in candidates:
        user = store.users.get(user_id)
        if user is None or not user.is_active:
            continue
        identity = identity_for(pro, ws, user)
        if identity is not None:
            found.append(identity)
    return found
