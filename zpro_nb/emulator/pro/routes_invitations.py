"""``/invitations``: the caller's own invitations, and accepting one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from . import lookup
from .auth import CallerDep
from .errors import conflict, forbidden, invalid
from .paging import Limit, Offset, page
from .state import RoleAssignment

Json = dict[str, Any]

router = APIRouter(prefix="/invitations", tags=["invitations"])


@router.get("", summary="Invitations sent to your email")
async def my_invitations(caller: CallerDep, offset: Offset = 0, limit: Limit = 100) -> list[Json]:
    email = (caller.user.email or "").lower()
    mine = (i for i in caller.store.invitations.values() if email and i.email.lower() == email)
    return [caller.render.invitation(i) for i in page(mine, offset, limit)]


@router.get("/{invitation_id}", summary="An invitation")
async def get_invitation(caller: CallerDep, invitation_id: str) -> Json:
    return caller.render.invitation(lookup.invitation(caller, invitation_id))


@router.post("/{invitation_id}", summary="Accept an invitation sent to your email")
async def accept_invitation(caller: CallerDep, invitation_id: str) -> Json:
    invitation = lookup.invitation(caller, invitation_id)
    store = caller.store
    if (caller.user.email or "").lower() != invitation.email.lower():
        raise forbidden("Only the invited person can accept an invitation.")
    status = caller.render.invitation_status(invitation)
    if status == "accepted":
        raise conflict("The invitation has already been accepted.")
    if status == "expired":
        raise invalid("The invitation has expired; ask for a new one.")
    # Roles and team memberships held by the invitation move to the user.
    for ra in store.assignments_of("invitation", invitation.id):
        key = (ra.role_id, "user", caller.user.id, ra.workspace_id, ra.project_id)
        if key not in store.assignments_by_key:
            store.add_assignment(
                RoleAssignment(
                    id=store.new_id(),
                    role_id=ra.role_id,
                    kind="user",
                    principal_id=caller.user.id,
                    organization_id=ra.organization_id,
                    workspace_id=ra.workspace_id,
                    project_id=ra.project_id,
                    created=caller.now,
                )
            )
        store.remove_assignment(ra.id)
    for team_id in list(store.teams_by_invitation.get(invitation.id, {})):
        store.remove_team_member(team_id, "invitation", invitation.id)
        store.add_team_member(team_id, "user", caller.user.id)
    invitation.accepted = True
    return caller.render.invitation(invitation)
