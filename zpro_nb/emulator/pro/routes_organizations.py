"""``/organizations``: the organization itself, its members, invitations, roles, teams and workspaces."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from . import lookup
from .assign import assign
from .auth import CallerDep
from .errors import ProError, conflict, forbidden, invalid, not_found, upgrade_required
from .members import member_entries, org_level_assignments
from .names import check_name
from .paging import Limit, Offset, page
from .rbac import ORG_ADMIN, Access
from .routes_workspaces import visible_workspaces
from .seed import add_system_roles
from .state import INVITATION_LIFETIME_S, Invitation, Organization

Json = dict[str, Any]
WORKSPACE_FEATURES = ("workspace", "workspaces")

router = APIRouter(prefix="/organizations", tags=["organizations"])


class OrganizationCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str
    description: str | None = Field(default=None, max_length=256)
    logo_url: str | None = None


class OrganizationUpdate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = None
    description: str | None = Field(default=None, max_length=256)
    logo_url: str | None = None


class InvitationCreate(BaseModel):
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    role_id: str


@router.get("", summary="List the organizations you belong to")
async def list_organizations(
    caller: CallerDep,
    offset: Offset = 0,
    limit: Limit = 100,
    name: str | None = None,
    owner_id: str | None = None,
    owner_username: str | None = None,
) -> list[Json]:
    store = caller.store

    def matches(org: Organization) -> bool:
        owner = store.users.get(org.owner_id)
        return (
            (name is None or org.name == name)
            and (owner_id is None or org.owner_id == owner_id)
            and (owner_username is None or (owner is not None and owner.username == owner_username))
        )

    orgs = (store.organizations[o] for o in caller.access.member_org_ids())
    return [caller.render.organization(o) for o in page((o for o in orgs if matches(o)), offset, limit)]


#: workspaces a new (trial) organization may hold unless ``SandboxConfig.workspace_limit`` says otherwise
TRIAL_WORKSPACE_LIMIT = 2


@router.post("", summary="Create an organization (you become its owner and admin)")
async def create_organization(caller: CallerDep, body: OrganizationCreate) -> Json:
    store = caller.store
    if caller.user.is_service_account:
        raise forbidden("Service accounts cannot create organizations.")
    if any(o.owner_id == caller.user.id for o in store.organizations.values()):
        raise ProError(403, "OrganizationLimitExceeded", "You already own an organization.")
    check_name("organization", body.name)
    if body.name in store.organizations_by_name:
        raise conflict(f"An organization named '{body.name}' already exists.")
    org = store.add_organization(
        Organization(
            id=store.new_id(),
            name=body.name,
            description=body.description,
            logo_url=body.logo_url,
            owner_id=caller.user.id,
            created=caller.now,
            updated=caller.now,
            has_active_subscription=False,
            trial_expiry=14 * 24 * 3600,
            max_workspaces=caller.pro.config.workspace_limit or TRIAL_WORKSPACE_LIMIT,
        )
    )
    add_system_roles(store, org.id, caller.now)
    admin_role = store.role_named(org.id, ORG_ADMIN)
    assert admin_role is not None
    caller.access = Access(store, caller.user)  # ownership changes what the caller may do
    assign(caller, admin_role, "user", caller.user.id)
    return caller.render.organization(org)


@router.get("/validation/name/{organization_name}", summary="Is this organization name valid and free?")
async def validate_organization_name(caller: CallerDep, organization_name: str) -> bool:
    check_name("organization", organization_name)
    if organization_name in caller.store.organizations_by_name:
        raise conflict(f"An organization named '{organization_name}' already exists.")
    return True


@router.get("/{organization_id}", summary="Get an organization by id or name")
async def get_organization(caller: CallerDep, organization_id: str) -> Json:
    return caller.render.organization(lookup.organization(caller, organization_id))


@router.patch("/{organization_id}", summary="Update an organization")
async def update_organization(caller: CallerDep, organization_id: str, body: OrganizationUpdate) -> Json:
    org = lookup.organization(caller, organization_id)
    caller.access.require_admin(org.id)
    store = caller.store
    if body.name is not None and body.name != org.name:
        check_name("organization", body.name)
        if body.name in store.organizations_by_name:
            raise conflict(f"An organization named '{body.name}' already exists.")
        store.rename_organization(org, body.name)
    if body.description is not None:
        org.description = body.description
    if body.logo_url is not None:
        org.logo_url = body.logo_url
    org.updated = caller.now
    return caller.render.organization(org)


@router.delete("/{organization_id}", status_code=204, summary="Delete an organization without workspaces")
async def delete_organization(caller: CallerDep, organization_id: str) -> Response:
    org = lookup.organization(caller, organization_id)
    caller.access.require_admin(org.id)
    if caller.store.workspaces_by_org.get(org.id):
        raise forbidden("Delete the organization's workspaces first.")
    caller.store.remove_organization(org.id)
    return Response(status_code=204)


@router.get("/{organization_id}/trial", summary="Subscription and trial state")
async def trial(caller: CallerDep, organization_id: str) -> Json:
    org = lookup.organization(caller, organization_id)
    return {
        "organization_id": org.id,
        "has_active_subscription": org.has_active_subscription,
        "trial_expiry": org.trial_expiry,
    }


@router.get("/{organization_id}/entitlement/{feature}", summary="Is a feature within the subscription?")
async def entitlement(caller: CallerDep, organization_id: str, feature: str) -> Json:
    org = lookup.organization(caller, organization_id)
    if feature in WORKSPACE_FEATURES:
        usage = len(caller.store.workspaces_by_org.get(org.id, {}))
        if usage >= org.max_workspaces:
            raise upgrade_required(f"Organization '{org.name}' has used all {org.max_workspaces} workspaces.")
        return {"feature": feature, "entitled": True, "limit": org.max_workspaces, "usage": usage}
    return {"feature": feature, "entitled": True, "limit": None, "usage": None}


# -- members ---------------------------------------------------------------------------------
@router.get("/{organization_id}/members", summary="Users, service accounts, teams and invitations")
async def list_members(
    caller: CallerDep,
    organization_id: str,
    offset: Offset = 0,
    limit: Limit = 100,
    role_id: str | None = None,
    include_users: bool = True,
    include_service_accounts: bool = True,
    include_teams: bool = True,
    include_invitations: bool = True,
) -> list[Json]:
    org = lookup.organization(caller, organization_id)
    included = {
        "user": include_users,
        "service_account": include_service_accounts,
        "team": include_teams,
        "invitation": include_invitations,
    }
    entries = (
        entry
        for entry in member_entries(caller, org_level_assignments(caller, org.id))
        if included[entry["type"]]
        and (role_id is None or any(r["id"] == role_id for r in entry["roles"]))
        and (entry["invitation"] is None or entry["invitation"]["status"] == "pending")
    )
    return page(entries, offset, limit)


@router.delete("/{organization_id}/members", status_code=204, summary="Remove a user's organization roles")
async def remove_member(caller: CallerDep, organization_id: str, user_id: str) -> Response:
    org = lookup.organization(caller, organization_id)
    caller.access.require_manager(org.id)
    store = caller.store
    user = store.users.get(user_id)
    if user is None:
        raise not_found(f"No user with id {user_id}.")
    if user.is_service_account:
        raise forbidden("Service accounts cannot be removed as members; delete the service account instead.")
    if org.owner_id == user.id:
        raise forbidden("The organization's owner cannot be removed.")
    theirs = [
        ra
        for ra in store.assignments_of("user", user_id)
        if ra.organization_id == org.id and not ra.workspace_id
    ]
    if not theirs:
        raise not_found(f"User {user_id} is not a member of organization '{org.name}'.")
    if any(store.roles[ra.role_id].name == ORG_ADMIN for ra in theirs):
        caller.access.require_admin(org.id)
    for ra in theirs:
        store.remove_assignment(ra.id)
    return Response(status_code=204)


# -- invitations -----------------------------------------------------------------------------
@router.get("/{organization_id}/invitations", summary="The organization's invitations")
async def list_invitations(
    caller: CallerDep,
    organization_id: str,
    offset: Offset = 0,
    limit: Limit = 100,
    email: str | None = None,
    only_pending: bool = False,
) -> list[Json]:
    org = lookup.organization(caller, organization_id)
    caller.access.require_viewer(org.id)
    store = caller.store
    render = caller.render
    invitations = (store.invitations[i] for i in store.invitations_by_org.get(org.id, {}))
    chosen = (
        inv
        for inv in invitations
        if (email is None or inv.email.lower() == email.lower())
        and (not only_pending or render.invitation_status(inv) == "pending")
    )
    return [render.invitation(inv) for inv in page(chosen, offset, limit)]


@router.post("/{organization_id}/invitations", summary="Invite someone with an organization role")
async def create_invitation(caller: CallerDep, organization_id: str, body: InvitationCreate) -> Json:
    org = lookup.organization(caller, organization_id)
    store = caller.store
    role = lookup.role(caller, body.role_id)
    if role.organization_id != org.id or role.level != "organization":
        raise invalid("role_id must be an organization-level role of this organization.")
    caller.access.require_manager(org.id)
    if role.name == ORG_ADMIN:
        caller.access.require_admin(org.id)
    email = body.email.lower()
    existing_user_id = store.users_by_email.get(email)
    if existing_user_id is not None:
        existing = store.users[existing_user_id]
        if org.id in lookup.user_org_ids(caller, existing):
            raise conflict(f"{email} is already a member of organization '{org.name}'.")
    for inv_id in store.invitations_by_org.get(org.id, {}):
        inv = store.invitations[inv_id]
        if inv.email.lower() == email and caller.render.invitation_status(inv) == "pending":
            raise conflict(f"{email} already has a pending invitation.")
    invitation = store.add_invitation(
        Invitation(
            id=store.new_id(),
            email=email,
            organization_id=org.id,
            role_id=role.id,
            inviter_id=caller.user.id,
            created=caller.now,
            expires=caller.now + INVITATION_LIFETIME_S,
        )
    )
    assign(caller, role, "invitation", invitation.id)
    return caller.render.invitation(invitation)


@router.delete(
    "/{organization_id}/invitations/{invitation_id}", status_code=204, summary="Revoke an invitation"
)
async def delete_invitation(caller: CallerDep, organization_id: str, invitation_id: str) -> Response:
    org = lookup.organization(caller, organization_id)
    caller.access.require_manager(org.id)
    invitation = caller.store.invitations.get(invitation_id)
    if invitation is None or invitation.organization_id != org.id:
        raise not_found(f"No invitation with id {invitation_id} in organization '{org.name}'.")
    caller.store.remove_invitation(invitation_id)
    return Response(status_code=204)


# -- roles, teams, workspaces ----------------------------------------------------------------
@router.get("/{organization_id}/roles", summary="The organization's roles")
async def list_roles(
    caller: CallerDep,
    organization_id: str,
    level: str | None = None,
    name: str | None = None,
    offset: Offset = 0,
    limit: Limit = 100,
) -> list[Json]:
    org = lookup.organization(caller, organization_id)
    if level is not None and level not in ("organization", "workspace", "project"):
        raise invalid("level must be 'organization', 'workspace' or 'project'.")
    store = caller.store
    roles = (store.roles[r] for r in store.roles_by_org.get(org.id, {}))
    chosen = (r for r in roles if (level is None or r.level == level) and (name is None or r.name == name))
    return [caller.render.role(r) for r in page(chosen, offset, limit)]


@router.get("/{organization_id}/teams", summary="The organization's teams")
async def list_teams(
    caller: CallerDep, organization_id: str, offset: Offset = 0, limit: Limit = 100
) -> list[Json]:
    org = lookup.organization(caller, organization_id)
    store = caller.store
    teams = (store.teams[t] for t in store.teams_by_org.get(org.id, {}))
    return [caller.render.team(t) for t in page(teams, offset, limit)]


def _org_workspaces(
    caller: CallerDep, organization_id: str, status: str | None, offset: int, limit: int
) -> list[Json]:
    org = lookup.organization(caller, organization_id)
    chosen = (ws for ws in visible_workspaces(caller, org.id) if status is None or ws.status == status)
    return [caller.render.workspace(ws) for ws in page(chosen, offset, limit)]


@router.get(
    "/{organization_id}/tenants", summary="The organization's workspaces (deprecated path)", deprecated=True
)
async def list_org_tenants(
    caller: CallerDep, organization_id: str, status: str | None = None, offset: Offset = 0, limit: Limit = 100
) -> list[Json]:
    return _org_workspaces(caller, organization_id, status, offset, limit)


@router.get("/{organization_id}/workspaces", summary="The organization's workspaces")
async def list_org_workspaces(
    caller: CallerDep, organization_id: str, status: str | None = None, offset: Offset = 0, limit: Limit = 100
) -> list[Json]:
    return _org_workspaces(caller, organization_id, status, offset, limit)


@router.get("/{organization_id}/tenant/{tenant_name}", summary="A workspace of the organization by name")
async def get_org_tenant(caller: CallerDep, organization_id: str, tenant_name: str) -> Json:
    org = lookup.organization(caller, organization_id)
    ws_id = caller.store.workspaces_by_org_name.get((org.id, tenant_name))
    if ws_id is None:
        raise not_found(f"No workspace named '{tenant_name}' in organization '{org.name}'.")
    return caller.render.workspace(lookup.workspace(caller, ws_id))


@router.get(
    "/{organization_id}/workspace/{workspace_name}", summary="A workspace of the organization by name"
)
async def get_org_workspace(caller: CallerDep, organization_id: str, workspace_name: str) -> Json:
    return await get_org_tenant(caller, organization_id, workspace_name)


@router.get(
    "/{organization_id}/validation/tenant_name/{tenant_name}",
    summary="Is this workspace name valid and free?",
)
async def validate_workspace_name(caller: CallerDep, organization_id: str, tenant_name: str) -> bool:
    org = lookup.organization(caller, organization_id)
    check_name("workspace", tenant_name)
    if (org.id, tenant_name) in caller.store.workspaces_by_org_name:
        raise conflict(f"A workspace named '{tenant_name}' already exists in organization '{org.name}'.")
    return True


@router.get("/{organization_id}/validation/workspace_name/{workspace_name}", include_in_schema=False)
async def validate_workspace_name_alias(caller: CallerDep, organization_id: str, workspace_name: str) -> bool:
    return await validate_workspace_name(caller, organization_id, workspace_name)
