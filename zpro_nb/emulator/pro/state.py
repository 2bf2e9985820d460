"""The Pro half's state: plain records plus the dict indexes that keep lookups O(1) at large scale.

Every mutation goes through :class:`ProStore` so the indexes never drift from the records.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

Level = Literal["organization", "workspace", "project"]
PrincipalKind = Literal["user", "team", "invitation"]

#: how long an invitation stays valid (a guess: the reference does not say)
INVITATION_LIFETIME_S = 90 * 24 * 3600


@dataclass
class User:
    id: str
    username: str
    email: str | None
    name: str | None
    created: float
    updated: float
    avatar_url: str | None = None
    company: str | None = None
    job_title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    oauth_provider: str | None = None
    oauth_id: str | None = None
    password_expired: bool = False
    is_active: bool = True
    is_superuser: bool = False
    is_service_account: bool = False
    organization_id: str | None = None
    is_onboarded: bool = True
    last_login: float | None = None


@dataclass
class Organization:
    id: str
    name: str
    description: str | None
    owner_id: str
    created: float
    updated: float
    logo_url: str | None = None
    has_active_subscription: bool = True
    trial_expiry: int | None = None
    #: entitlement for the ``workspace`` feature; creating past it answers 402
    max_workspaces: int = 10


@dataclass
class Workspace:
    id: str
    name: str
    display_name: str
    description: str | None
    organization_id: str
    owner_id: str
    created: float
    updated: float
    status: str
    desired_state: str
    status_updated: float
    logo_url: str | None = None
    is_managed: bool = True
    state_reason: str = ""
    #: when a ``pending`` workspace settles (to ``available``, or ``failed`` for "fail" names)
    ready_at: float | None = None
    version: str = "0.98.0"
    storage_size: int = 0
    usage_counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Role:
    id: str
    name: str
    description: str | None
    organization_id: str
    level: Level
    system_managed: bool
    type: str
    created: float


@dataclass
class RoleAssignment:
    id: str
    role_id: str
    kind: PrincipalKind
    principal_id: str
    organization_id: str
    workspace_id: str | None
    project_id: str | None
    created: float

    @property
    def key(self) -> tuple[str, str, str, str | None, str | None]:
        return (self.role_id, self.kind, self.principal_id, self.workspace_id, self.project_id)


@dataclass
class Team:
    id: str
    name: str
    description: str | None
    organization_id: str
    created: float
    updated: float
    user_ids: dict[str, None] = field(default_factory=dict)
    invitation_ids: dict[str, None] = field(default_factory=dict)


@dataclass
class Invitation:
    id: str
    email: str
    organization_id: str
    role_id: str
    inviter_id: str
    created: float
    expires: float
    accepted: bool = False


@dataclass
class ApiKey:
    user_id: str
    name: str
    created: float
    active: bool = True


class ProStore:
    """Records and indexes of the Pro half; ids for new records come from a seeded RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.users: dict[str, User] = {}
        self.users_by_email: dict[str, str] = {}
        self.users_by_username: dict[str, str] = {}
        self.organizations: dict[str, Organization] = {}
        self.organizations_by_name: dict[str, str] = {}
        self.workspaces: dict[str, Workspace] = {}
        self.workspaces_by_org: dict[str, dict[str, None]] = {}
        self.workspaces_by_org_name: dict[tuple[str, str], str] = {}
        self.roles: dict[str, Role] = {}
        self.roles_by_org: dict[str, dict[str, None]] = {}
        self.roles_by_org_name: dict[tuple[str, str], str] = {}
        self.assignments: dict[str, RoleAssignment] = {}
        self.assignments_by_key: dict[tuple[str, str, str, str | None, str | None], str] = {}
        self.assignments_by_role: dict[str, dict[str, None]] = {}
        self.assignments_by_principal: dict[tuple[str, str], dict[str, None]] = {}
        self.assignments_by_workspace: dict[str, dict[str, None]] = {}
        #: ``(role_id, workspace_id)`` -> assignments; ``workspace_id`` is None for organization scope.
        #: A scoped ``/roles/{id}/assignments`` query reads only its own slice (a role can hold
        #: thousands of assignments at large scale).
        self.assignments_by_role_workspace: dict[tuple[str, str | None], dict[str, None]] = {}
        self.teams: dict[str, Team] = {}
        self.teams_by_org: dict[str, dict[str, None]] = {}
        self.teams_by_user: dict[str, dict[str, None]] = {}
        self.teams_by_invitation: dict[str, dict[str, None]] = {}
        self.invitations: dict[str, Invitation] = {}
        self.invitations_by_org: dict[str, dict[str, None]] = {}
        self.api_keys: dict[str, ApiKey] = {}

    def new_id(self) -> str:
        """A UUID drawn from the store's RNG, so the same seed replays the same ids."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    # -- users -------------------------------------------------------------------------------
    def add_user(self, user: User) -> User:
        self.users[user.id] = user
        self.users_by_username[user.username.lower()] = user.id
        if user.email:
            self.users_by_email[user.email.lower()] = user.id
        return user

    def reindex_user(self, user: User, old_username: str, old_email: str | None) -> None:
        self.users_by_username.pop(old_username.lower(), None)
        if old_email:
            self.users_by_email.pop(old_email.lower(), None)
        self.add_user(user)

    def remove_user(self, user_id: str) -> None:
        user = self.users.pop(user_id)
        self.users_by_username.pop(user.username.lower(), None)
        if user.email:
            self.users_by_email.pop(user.email.lower(), None)
        for assignment_id in list(self.assignments_by_principal.get(("user", user_id), {})):
            self.remove_assignment(assignment_id)
        for team_id in list(self.teams_by_user.get(user_id, {})):
            self.remove_team_member(team_id, "user", user_id)
        for digest in [d for d, k in self.api_keys.items() if k.user_id == user_id]:
            del self.api_keys[digest]

    # -- organizations -----------------------------------------------------------------------
    def add_organization(self, org: Organization) -> Organization:
        self.organizations[org.id] = org
        self.organizations_by_name[org.name] = org.id
        self.workspaces_by_org.setdefault(org.id, {})
        self.roles_by_org.setdefault(org.id, {})
        self.teams_by_org.setdefault(org.id, {})
        self.invitations_by_org.setdefault(org.id, {})
        return org

    def rename_organization(self, org: Organization, name: str) -> None:
        self.organizations_by_name.pop(org.name, None)
        org.name = name
        self.organizations_by_name[name] = org.id

    def remove_organization(self, org_id: str) -> None:
        for team_id in list(self.teams_by_org.get(org_id, {})):
            self.remove_team(team_id)
        for invitation_id in list(self.invitations_by_org.get(org_id, {})):
            self.remove_invitation(invitation_id)
        for role_id in list(self.roles_by_org.get(org_id, {})):
            self.remove_role(role_id)
        for workspace_id in list(self.workspaces_by_org.get(org_id, {})):
            self.remove_workspace(workspace_id)
        org = self.organizations.pop(org_id)
        self.organizations_by_name.pop(org.name, None)
        for index in (self.workspaces_by_org, self.roles_by_org, self.teams_by_org, self.invitations_by_org):
            index.pop(org_id, None)

    # -- workspaces --------------------------------------------------------------------------
    def add_workspace(self, ws: Workspace) -> Workspace:
        self.workspaces[ws.id] = ws
        self.workspaces_by_org.setdefault(ws.organization_id, {})[ws.id] = None
        self.workspaces_by_org_name[(ws.organization_id, ws.name)] = ws.id
        return ws

    def remove_workspace(self, workspace_id: str) -> None:
        ws = self.workspaces.pop(workspace_id)
        self.workspaces_by_org.get(ws.organization_id, {}).pop(workspace_id, None)
        self.workspaces_by_org_name.pop((ws.organization_id, ws.name), None)
        for assignment_id in list(self.assignments_by_workspace.get(workspace_id, {})):
            self.remove_assignment(assignment_id)
        self.assignments_by_workspace.pop(workspace_id, None)

    # -- roles -------------------------------------------------------------------------------
    def add_role(self, role: Role) -> Role:
        self.roles[role.id] = role
        self.roles_by_org.setdefault(role.organization_id, {})[role.id] = None
        self.roles_by_org_name[(role.organization_id, role.name)] = role.id
        return role

    def role_named(self, org_id: str, name: str) -> Role | None:
        role_id = self.roles_by_org_name.get((org_id, name))
        return self.roles[role_id] if role_id else None

    def remove_role(self, role_id: str) -> None:
        for assignment_id in list(self.assignments_by_role.get(role_id, {})):
            self.remove_assignment(assignment_id)
        for invitation_id in [i.id for i in self.invitations.values() if i.role_id == role_id]:
            self.remove_invitation(invitation_id)
        role = self.roles.pop(role_id)
        self.roles_by_org.get(role.organization_id, {}).pop(role_id, None)
        self.roles_by_org_name.pop((role.organization_id, role.name), None)
        self.assignments_by_role.pop(role_id, None)

    # -- role assignments --------------------------------------------------------------------
    def add_assignment(self, ra: RoleAssignment) -> RoleAssignment:
        self.assignments[ra.id] = ra
        self.assignments_by_key[ra.key] = ra.id
        self.assignments_by_role.setdefault(ra.role_id, {})[ra.id] = None
        self.assignments_by_role_workspace.setdefault((ra.role_id, ra.workspace_id), {})[ra.id] = None
        self.assignments_by_principal.setdefault((ra.kind, ra.principal_id), {})[ra.id] = None
        if ra.workspace_id:
            self.assignments_by_workspace.setdefault(ra.workspace_id, {})[ra.id] = None
        return ra

    def remove_assignment(self, assignment_id: str) -> None:
        ra = self.assignments.pop(assignment_id)
        self.assignments_by_key.pop(ra.key, None)
        self.assignments_by_role.get(ra.role_id, {}).pop(ra.id, None)
        scoped = self.assignments_by_role_workspace.get((ra.role_id, ra.workspace_id))
        if scoped is not None:
            scoped.pop(ra.id, None)
            if not scoped:
                # Dropped when empty so deleted roles and workspaces leave no keys behind.
                del self.assignments_by_role_workspace[(ra.role_id, ra.workspace_id)]
        self.assignments_by_principal.get((ra.kind, ra.principal_id), {}).pop(ra.id, None)
        if ra.workspace_id:
            self.assignments_by_workspace.get(ra.workspace_id, {}).pop(ra.id, None)

    def role_assignment_ids(
        self,
        role_id: str,
        workspace_id: str | None = None,
        kind: str | None = None,
        principal_id: str | None = None,
    ) -> Iterable[str]:
        """The smallest indexed superset of a role's assignments in a scope or of one principal.

        Ids come in creation order, like ``assignments_by_role``; the caller still applies every
        filter (the principal index holds other roles' assignments too).
        """
        if workspace_id is not None:
            return self.assignments_by_role_workspace.get((role_id, workspace_id), {})
        by_role = self.assignments_by_role.get(role_id, {})
        if kind is not None and principal_id is not None:
            by_principal = self.assignments_by_principal.get((kind, principal_id), {})
            if len(by_principal) < len(by_role):
                return by_principal
        return by_role

    def assignments_of(self, kind: str, principal_id: str) -> list[RoleAssignment]:
        ids = self.assignments_by_principal.get((kind, principal_id), {})
        return [self.assignments[i] for i in ids]

    # -- teams -------------------------------------------------------------------------------
    def add_team(self, team: Team) -> Team:
        self.teams[team.id] = team
        self.teams_by_org.setdefault(team.organization_id, {})[team.id] = None
        return team

    def remove_team(self, team_id: str) -> None:
        team = self.teams[team_id]
        for user_id in list(team.user_ids):
            self.remove_team_member(team_id, "user", user_id)
        for invitation_id in list(team.invitation_ids):
            self.remove_team_member(team_id, "invitation", invitation_id)
        for assignment_id in list(self.assignments_by_principal.get(("team", team_id), {})):
            self.remove_assignment(assignment_id)
        del self.teams[team_id]
        self.teams_by_org.get(team.organization_id, {}).pop(team_id, None)

    def add_team_member(self, team_id: str, kind: str, member_id: str) -> None:
        team = self.teams[team_id]
        if kind == "user":
            team.user_ids[member_id] = None
            self.teams_by_user.setdefault(member_id, {})[team_id] = None
        else:
            team.invitation_ids[member_id] = None
            self.teams_by_invitation.setdefault(member_id, {})[team_id] = None

    def remove_team_member(self, team_id: str, kind: str, member_id: str) -> None:
        team = self.teams[team_id]
        if kind == "user":
            team.user_ids.pop(member_id, None)
            self.teams_by_user.get(member_id, {}).pop(team_id, None)
        else:
            team.invitation_ids.pop(member_id, None)
            self.teams_by_invitation.get(member_id, {}).pop(team_id, None)

    def teams_of_user(self, user_id: str) -> list[Team]:
        return [self.teams[t] for t in self.teams_by_user.get(user_id, {})]

    # -- invitations -------------------------------------------------------------------------
    def add_invitation(self, invitation: Invitation) -> Invitation:
        self.invitations[invitation.id] = invitation
        self.invitations_by_org.setdefault(invitation.organization_id, {})[invitation.id] = None
        return invitation

    def remove_invitation(self, invitation_id: str) -> None:
        invitation = self.invitations.pop(invitation_id)
        self.invitations_by_org.get(invitation.organization_id, {}).pop(invitation_id, None)
        for assignment_id in list(self.assignments_by_principal.get(("invitation", invitation_id), {})):
            self.remove_assignment(assignment_id)
        for team_id in list(self.teams_by_invitation.get(invitation_id, {})):
            self.remove_team_member(team_id, "invitation", invitation_id)
