"""Fetch one record for the caller: 404 when it does not exist, 403 when the caller may not see it."""

from __future__ import annotations

import uuid

from .auth import Caller
from .errors import forbidden, not_found
from .lifecycle import settle
from .state import Invitation, Organization, Role, Team, User, Workspace


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def organization(caller: Caller, id_or_name: str) -> Organization:
    store = caller.store
    org_id = id_or_name if id_or_name in store.organizations else store.organizations_by_name.get(id_or_name)
    if org_id is None:
        raise not_found(f"No organization with id or name '{id_or_name}'.")
    caller.access.require_member(org_id)
    return store.organizations[org_id]


def workspace(caller: Caller, id_or_name: str, org_id: str | None = None) -> Workspace:
    store = caller.store
    ws = store.workspaces.get(id_or_name)
    if ws is None and not _is_uuid(id_or_name):
        org_ids = [org_id] if org_id else caller.access.member_org_ids()
        for candidate_org in org_ids:
            ws_id = store.workspaces_by_org_name.get((candidate_org, id_or_name))
            if ws_id is not None:
                ws = store.workspaces[ws_id]
                break
    if ws is None or (org_id is not None and ws.organization_id != org_id):
        raise not_found(f"No workspace with id or name '{id_or_name}'.")
    if not caller.access.can_read_workspace(ws):
        raise forbidden(f"You have no access to workspace '{ws.name}'.")
    return settle(ws, caller.now)


def role(caller: Caller, role_id: str) -> Role:
    found = caller.store.roles.get(role_id)
    if found is None:
        raise not_found(f"No role with id {role_id}.")
    caller.access.require_member(found.organization_id)
    return found


def team(caller: Caller, team_id: str) -> Team:
    found = caller.store.teams.get(team_id)
    if found is None:
        raise not_found(f"No team with id {team_id}.")
    caller.access.require_member(found.organization_id)
    return found


def invitation(caller: Caller, invitation_id: str) -> Invitation:
    found = caller.store.invitations.get(invitation_id)
    if found is None:
        raise not_found(f"No invitation with id {invitation_id}.")
    own = caller.user.email is not None and caller.user.email.lower() == found.email.lower()
    if not own and not caller.access.sees_all(found.organization_id):
        raise forbidden("You may not see this invitation.")
    return found


def visible_user(caller: Caller, id_or_email: str) -> User:
    """Users are visible to themselves and to anyone sharing an organization with them."""
    store = caller.store
    user = store.users.get(id_or_email)
    if user is None:
        user_id = store.users_by_email.get(id_or_email.lower())
        user = store.users.get(user_id) if user_id else None
    if user is None or not shares_organization(caller, user):
        raise not_found(f"No user with id or email '{id_or_email}'.")
    return user


def user_org_ids(caller: Caller, user: User) -> set[str]:
    """Organizations where ``user`` holds a role (directly or via a team) or owns, or belongs as an SA."""
    store = caller.store
    orgs = {ra.organization_id for ra in store.assignments_of("user", user.id)}
    orgs.update(store.teams[t].organization_id for t in store.teams_by_user.get(user.id, {}))
    if user.organization_id:
        orgs.add(user.organization_id)
    orgs.update(o.id for o in store.organizations.values() if o.owner_id == user.id)
    return orgs


def shares_organization(caller: Caller, user: User) -> bool:
    if user.id == caller.user.id or caller.user.is_superuser:
        return True
    mine = set(caller.access.member_org_ids())
    return not mine.isdisjoint(user_org_ids(caller, user))
