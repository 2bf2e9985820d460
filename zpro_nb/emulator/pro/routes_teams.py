"""``/teams``: teams of an organization and their members (users or invitations, by query)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from . import lookup
from .auth import CallerDep
from .errors import conflict, forbidden, invalid, not_found
from .paging import Limit, Offset, page
from .state import Team

Json = dict[str, Any]

router = APIRouter(prefix="/teams", tags=["teams"])


class TeamCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=50)
    description: str | None = Field(default=None, min_length=1, max_length=256)
    organization_id: str


class TeamUpdate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, min_length=1, max_length=50)
    description: str | None = Field(default=None, min_length=1, max_length=256)


def _name_taken(caller: CallerDep, org_id: str, name: str) -> bool:
    store = caller.store
    return any(store.teams[t].name == name for t in store.teams_by_org.get(org_id, {}))


@router.post("", summary="Create a team")
async def create_team(caller: CallerDep, body: TeamCreate) -> Json:
    org = lookup.organization(caller, body.organization_id)
    caller.access.require_manager(org.id)
    if _name_taken(caller, org.id, body.name):
        raise conflict(f"A team named '{body.name}' already exists in organization '{org.name}'.")
    store = caller.store
    team = store.add_team(
        Team(
            id=store.new_id(),
            name=body.name,
            description=body.description,
            organization_id=org.id,
            created=caller.now,
            updated=caller.now,
        )
    )
    return caller.render.team(team)


@router.get("/{team_id}", summary="A team")
async def get_team(caller: CallerDep, team_id: str) -> Json:
    return caller.render.team(lookup.team(caller, team_id))


@router.patch("/{team_id}", summary="Rename or describe a team")
async def update_team(caller: CallerDep, team_id: str, body: TeamUpdate) -> Json:
    team = lookup.team(caller, team_id)
    caller.access.require_manager(team.organization_id)
    if body.name is not None and body.name != team.name:
        if _name_taken(caller, team.organization_id, body.name):
            raise conflict(f"A team named '{body.name}' already exists.")
        team.name = body.name
    if body.description is not None:
        team.description = body.description
    team.updated = caller.now
    return caller.render.team(team)


@router.delete("/{team_id}", status_code=204, summary="Delete a team and its role assignments")
async def delete_team(caller: CallerDep, team_id: str) -> Response:
    team = lookup.team(caller, team_id)
    caller.access.require_manager(team.organization_id)
    caller.store.remove_team(team.id)
    return Response(status_code=204)


@router.get("/{team_id}/members", summary="The team's users")
async def list_members(caller: CallerDep, team_id: str, offset: Offset = 0, limit: Limit = 100) -> list[Json]:
    team = lookup.team(caller, team_id)
    store = caller.store
    users = (store.users[u] for u in team.user_ids if u in store.users)
    return [caller.render.user(u) for u in page(users, offset, limit)]


def _one_member(user_id: str | None, invitation_id: str | None) -> tuple[str, str]:
    if bool(user_id) == bool(invitation_id):
        raise invalid("Exactly one of user_id or invitation_id must be given.")
    return ("user", user_id) if user_id else ("invitation", invitation_id or "")


@router.post("/{team_id}/members", summary="Add a user or invitation to the team")
async def add_member(
    caller: CallerDep, team_id: str, user_id: str | None = None, invitation_id: str | None = None
) -> Json:
    team = lookup.team(caller, team_id)
    caller.access.require_manager(team.organization_id)
    kind, member_id = _one_member(user_id, invitation_id)
    store = caller.store
    if kind == "user":
        user = store.users.get(member_id)
        if user is None:
            raise not_found(f"No user with id {member_id}.")
        if team.organization_id not in lookup.user_org_ids(caller, user):
            raise forbidden("The user is not a member of the team's organization.")
        present = member_id in team.user_ids
    else:
        invitation = store.invitations.get(member_id)
        if invitation is None:
            raise not_found(f"No invitation with id {member_id}.")
        if invitation.organization_id != team.organization_id:
            raise forbidden("The invitation belongs to another organization.")
        present = member_id in team.invitation_ids
    if present:
        raise conflict(f"The {kind} is already a member of team '{team.name}'.")
    store.add_team_member(team.id, kind, member_id)
    team.updated = caller.now
    return caller.render.team(team)


@router.delete("/{team_id}/members", status_code=204, summary="Remove a user or invitation from the team")
async def remove_member(
    caller: CallerDep, team_id: str, user_id: str | None = None, invitation_id: str | None = None
) -> Response:
    team = lookup.team(caller, team_id)
    caller.access.require_manager(team.organization_id)
    kind, member_id = _one_member(user_id, invitation_id)
    members = team.user_ids if kind == "user" else team.invitation_ids
    if member_id not in members:
        raise not_found(f"The {kind} is not a member of team '{team.name}'.")
    caller.store.remove_team_member(team.id, kind, member_id)
    team.updated = caller.now
    return Response(status_code=204)
