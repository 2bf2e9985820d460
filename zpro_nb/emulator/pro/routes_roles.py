"""``/roles``: custom roles and role assignments (principal and scope as QUERY parameters)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

from ..json_response import FastJSONResponse
from . import lookup
from .assign import assign, one_principal, unassign
from .auth import CallerDep
from .errors import conflict, forbidden
from .paging import Limit, Offset, page
from .state import PrincipalKind, Role

Json = dict[str, Any]

router = APIRouter(prefix="/roles", tags=["roles"])


class RoleCreate(BaseModel):
    """A custom role; ``permissions`` is accepted and kept out of the sandbox's access checks."""

    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=50)
    description: str | None = Field(default=None, max_length=256)
    organization_id: str
    level: Literal["organization", "workspace", "project"] = "workspace"
    permissions: list[Any] | None = None


class RoleUpdate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, min_length=1, max_length=50)
    description: str | None = Field(default=None, max_length=256)


@router.post("", summary="Create a custom role")
async def create_role(caller: CallerDep, body: RoleCreate) -> Json:
    org = lookup.organization(caller, body.organization_id)
    caller.access.require_admin(org.id)
    store = caller.store
    if (org.id, body.name) in store.roles_by_org_name:
        raise conflict(f"A role named '{body.name}' already exists in organization '{org.name}'.")
    role = store.add_role(
        Role(
            id=store.new_id(),
            name=body.name,
            description=body.description,
            organization_id=org.id,
            level=body.level,
            system_managed=False,
            type="custom",
            created=caller.now,
        )
    )
    return caller.render.role(role)


@router.get("/{role_id}", summary="A role")
async def get_role(caller: CallerDep, role_id: str) -> Json:
    return caller.render.role(lookup.role(caller, role_id))


@router.patch("/{role_id}", summary="Rename or describe a custom role")
async def update_role(caller: CallerDep, role_id: str, body: RoleUpdate) -> Json:
    role = lookup.role(caller, role_id)
    caller.access.require_admin(role.organization_id)
    if role.system_managed:
        raise forbidden(f"'{role.name}' is a predefined role and cannot change.")
    store = caller.store
    if body.name is not None and body.name != role.name:
        if (role.organization_id, body.name) in store.roles_by_org_name:
            raise conflict(f"A role named '{body.name}' already exists.")
        store.roles_by_org_name.pop((role.organization_id, role.name), None)
        role.name = body.name
        store.roles_by_org_name[(role.organization_id, role.name)] = role.id
    if body.description is not None:
        role.description = body.description
    return caller.render.role(role)


@router.delete("/{role_id}", status_code=204, summary="Delete a custom role and its assignments")
async def delete_role(caller: CallerDep, role_id: str) -> Response:
    role = lookup.role(caller, role_id)
    caller.access.require_admin(role.organization_id)
    if role.system_managed:
        raise forbidden(f"'{role.name}' is a predefined role and cannot be deleted.")
    caller.store.remove_role(role.id)
    return Response(status_code=204)


# Answered as a ready response, the model kept in the schema: FastAPI's walk of each page through
# the ``list[Json]`` model was the largest single cost of the access matrix's 1,480 reads of it.
@router.get(
    "/{role_id}/assignments",
    summary="Assignments of a role (all of them when no scope is given)",
    response_model=list[Json],
)
async def list_assignments(
    caller: CallerDep,
    role_id: str,
    workspace_id: str | None = None,
    project_id: str | None = None,
    user_id: str | None = None,
    team_id: str | None = None,
    invitation_id: str | None = None,
    offset: Offset = 0,
    limit: Limit = 100,
) -> FastJSONResponse:
    role = lookup.role(caller, role_id)
    store = caller.store
    access = caller.access
    sees_all = access.sees_all(role.organization_id)
    wanted = {"user": user_id, "team": team_id, "invitation": invitation_id}
    kind, principal_id = next(((k, v) for k, v in wanted.items() if v is not None), (None, None))
    # Read only the indexed slice: a scoped query costs O(its result), not O(the role's assignments).
    ids = store.role_assignment_ids(role.id, workspace_id, kind, principal_id)
    assignments = (store.assignments[i] for i in ids)
    chosen = (
        ra
        for ra in assignments
        if ra.role_id == role.id
        and (workspace_id is None or ra.workspace_id == workspace_id)
        and (project_id is None or ra.project_id == project_id)
        and all(
            value is None or (ra.kind == kind and ra.principal_id == value) for kind, value in wanted.items()
        )
        # Members without an organization-wide view see assignments of the workspaces they are in.
        and (sees_all or (ra.workspace_id is not None and bool(access.workspace_roles(ra.workspace_id))))
    )
    return FastJSONResponse([caller.render.assignment(ra) for ra in page(chosen, offset, limit)])


@dataclass(frozen=True)
class AssignmentTarget:
    """Who gets (or loses) a role, and where: the query parameters POST and DELETE share."""

    kind: PrincipalKind
    principal_id: str
    workspace_id: str | None
    project_id: str | None


def assignment_target(
    user_id: str | None = None,
    team_id: str | None = None,
    invitation_id: str | None = None,
    workspace_id: str | None = None,
    project_id: str | None = None,
) -> AssignmentTarget:
    """Exactly one of user/team/invitation (else 422 ``ValueError``), plus the optional scope."""
    kind, principal_id = one_principal(user_id, team_id, invitation_id)
    return AssignmentTarget(kind, principal_id, workspace_id, project_id)


TargetDep = Annotated[AssignmentTarget, Depends(assignment_target)]


@router.post("/{role_id}/assignments", summary="Assign a role to a user, team or invitation")
async def create_assignment(caller: CallerDep, role_id: str, target: TargetDep) -> Json:
    role = lookup.role(caller, role_id)
    made = assign(caller, role, target.kind, target.principal_id, target.workspace_id, target.project_id)
    return caller.render.assignment(made)


@router.delete("/{role_id}/assignments", status_code=204, summary="Revoke a role assignment")
async def delete_assignment(caller: CallerDep, role_id: str, target: TargetDep) -> Response:
    role = lookup.role(caller, role_id)
    unassign(caller, role, target.kind, target.principal_id, target.workspace_id, target.project_id)
    return Response(status_code=204)
