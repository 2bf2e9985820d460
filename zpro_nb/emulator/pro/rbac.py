"""Who may do what: effective roles from direct and team assignments, and the checks routes call.

Decisions where the reference is silent (see docs/sandbox.md):

* Organization Admin: everything in the organization; the owner counts as an admin.
* Organization Manager: manages workspaces, teams, members, invitations and role assignments,
  but may neither grant nor revoke ``Organization Admin``, nor create or change roles.
* Organization Viewer: reads everything in the organization.
* Organization Member, Billing Admin and custom organization roles: read the organization, its
  roles, teams and members, and only the workspaces where they hold a workspace role.
* Workspace Admin: manages that workspace (update, deactivate, deploy, members, its role
  assignments); deleting a workspace stays with organization admins and managers.
* Other workspace roles (Developer, Contributor, Viewer, Stack Admin, custom): read that workspace.
"""

from __future__ import annotations

from .errors import forbidden
from .state import ProStore, User, Workspace

ORG_ADMIN = "Organization Admin"
ORG_MANAGER = "Organization Manager"
ORG_VIEWER = "Organization Viewer"
ORG_MEMBER = "Organization Member"
BILLING_ADMIN = "Billing Admin"
WS_ADMIN = "Workspace Admin"
WS_DEVELOPER = "Workspace Developer"
WS_CONTRIBUTOR = "Workspace Contributor"
WS_VIEWER = "Workspace Viewer"
STACK_ADMIN = "Stack Admin"

ORGANIZATION_ROLES = {
    ORG_ADMIN: "Full control of the organization, its workspaces, members and roles.",
    ORG_MANAGER: "Manages workspaces, teams, members and invitations.",
    ORG_VIEWER: "Reads everything in the organization.",
    BILLING_ADMIN: "Manages the subscription and billing.",
    ORG_MEMBER: "Belongs to the organization; sees only the workspaces shared with them.",
}
WORKSPACE_ROLES = {
    WS_ADMIN: "Full control of the workspace.",
    WS_DEVELOPER: "Creates and runs pipelines, manages stacks in the workspace.",
    WS_CONTRIBUTOR: "Creates and runs pipelines in the workspace.",
    WS_VIEWER: "Reads the workspace.",
    STACK_ADMIN: "Manages stacks, components and service connectors.",
}
PROJECT_ROLES = {
    "Project Admin": "Full control of the project.",
    "Project Developer": "Creates and runs pipelines in the project.",
    "Project Viewer": "Reads the project.",
}
#: strongest first: an organization role or team membership never lowers what a user has
WORKSPACE_ROLE_RANK = [WS_ADMIN, WS_DEVELOPER, WS_CONTRIBUTOR, STACK_ADMIN, WS_VIEWER]


class Access:
    """One user's effective roles, computed once per request from the store's indexes."""

    def __init__(self, store: ProStore, user: User) -> None:
        self.store = store
        self.user = user
        self._team_ids = list(store.teams_by_user.get(user.id, {}))
        self._org_roles: dict[str, set[str]] = {}
        self._workspace_roles: dict[str, set[str]] = {}
        self._member_orgs: set[str] = set()
        if user.organization_id:
            self._member_orgs.add(user.organization_id)
        for team_id in self._team_ids:
            self._member_orgs.add(store.teams[team_id].organization_id)
        principals = [("user", user.id)] + [("team", t) for t in self._team_ids]
        for kind, principal_id in principals:
            for ra in store.assignments_of(kind, principal_id):
                role = store.roles[ra.role_id]
                self._member_orgs.add(ra.organization_id)
                if ra.workspace_id is None:
                    self._org_roles.setdefault(ra.organization_id, set()).add(role.name)
                elif ra.project_id is None:
                    self._workspace_roles.setdefault(ra.workspace_id, set()).add(role.name)
        for org_id, org in store.organizations.items():
            if org.owner_id == user.id:
                self._org_roles.setdefault(org_id, set()).add(ORG_ADMIN)
                self._member_orgs.add(org_id)

    # -- questions ---------------------------------------------------------------------------
    def org_roles(self, org_id: str) -> set[str]:
        return self._org_roles.get(org_id, set())

    def is_member(self, org_id: str) -> bool:
        return self.user.is_superuser or org_id in self._member_orgs

    def member_org_ids(self) -> list[str]:
        if self.user.is_superuser:
            return list(self.store.organizations)
        return [o for o in self.store.organizations if o in self._member_orgs]

    def is_admin(self, org_id: str) -> bool:
        return self.user.is_superuser or ORG_ADMIN in self.org_roles(org_id)

    def is_manager(self, org_id: str) -> bool:
        return self.is_admin(org_id) or ORG_MANAGER in self.org_roles(org_id)

    def sees_all(self, org_id: str) -> bool:
        return self.is_manager(org_id) or ORG_VIEWER in self.org_roles(org_id)

    def workspace_roles(self, workspace_id: str) -> set[str]:
        return self._workspace_roles.get(workspace_id, set())

    def can_read_workspace(self, ws: Workspace) -> bool:
        return self.sees_all(ws.organization_id) or bool(self.workspace_roles(ws.id))

    def can_manage_workspace(self, ws: Workspace) -> bool:
        return self.is_manager(ws.organization_id) or WS_ADMIN in self.workspace_roles(ws.id)

    def effective_workspace_role(self, ws: Workspace) -> str | None:
        """The role a workspace sees for this user, or ``None`` without access."""
        if self.is_manager(ws.organization_id):
            return WS_ADMIN
        roles = set(self.workspace_roles(ws.id))
        if ORG_VIEWER in self.org_roles(ws.organization_id):
            roles.add(WS_VIEWER)
        for name in WORKSPACE_ROLE_RANK:
            if name in roles:
                return name
        return sorted(roles)[0] if roles else None

    # -- checks that raise 403 ---------------------------------------------------------------
    def require_member(self, org_id: str) -> None:
        if not self.is_member(org_id):
            raise forbidden("You are not a member of this organization.")

    def require_viewer(self, org_id: str) -> None:
        if not self.sees_all(org_id):
            raise forbidden("This needs the Organization Viewer role or higher.")

    def require_manager(self, org_id: str) -> None:
        if not self.is_manager(org_id):
            raise forbidden("This needs the Organization Manager or Organization Admin role.")

    def require_admin(self, org_id: str) -> None:
        if not self.is_admin(org_id):
            raise forbidden("This needs the Organization Admin role.")

    def require_workspace_manager(self, ws: Workspace) -> None:
        if not self.can_manage_workspace(ws):
            raise forbidden(f"You may not manage workspace '{ws.name}'.")


#: actions a workspace role allows on workspace resources (``/rbac/check_permissions``)
_ALL_ACTIONS = frozenset(
    {
        "create",
        "read",
        "update",
        "delete",
        "read_secret_value",
        "prune",
        "client",
        "promote",
        "backup_restore",
        "share",
    }
)
_STACK_TYPES = frozenset({"stack", "stack_component", "service_connector", "flavor", "secret"})


def workspace_action_allowed(role: str | None, resource_type: str, action: str) -> bool:
    """Whether ``role`` may do ``action`` on resources of ``resource_type`` inside a workspace."""
    if role is None:
        return False
    if role == WS_ADMIN:
        return action in _ALL_ACTIONS
    if role == WS_DEVELOPER:
        return action in _ALL_ACTIONS - {"backup_restore", "share"}
    if role == WS_CONTRIBUTOR:
        return action in {"create", "read", "update", "client"}
    if role == STACK_ADMIN:
        return action == "read" or (resource_type in _STACK_TYPES and action in _ALL_ACTIONS)
    return action == "read"
