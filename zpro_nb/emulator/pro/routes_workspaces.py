"""``/workspaces`` and its deprecated twin ``/tenants``: list, create, read, update, lifecycle, members."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from ..json_response import FastJSONResponse
from . import lookup
from .assign import assign, one_principal
from .auth import Caller, CallerDep
from .errors import conflict, invalid, not_found, upgrade_required
from .lifecycle import WORKSPACE_STATES, deactivate, settle, start_deploy
from .members import member_entries, workspace_level_assignments
from .names import check_name, slugify
from .paging import Limit, Offset, page
from .rbac import WS_VIEWER
from .state import Workspace

Json = dict[str, Any]


class WorkspaceCreate(BaseModel):
    """Fields accepted on create (DRAFT shape; unknown fields are ignored)."""

    model_config = ConfigDict(extra="ignore")

    name: str | None = None
    display_name: str | None = Field(default=None, min_length=1, max_length=50)
    description: str | None = Field(default=None, max_length=256)
    logo_url: str | None = None
    organization_id: str | None = None
    owner_id: str | None = None
    is_managed: bool = True


class WorkspaceUpdate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    display_name: str | None = Field(default=None, min_length=1, max_length=50)
    description: str | None = Field(default=None, max_length=256)
    logo_url: str | None = None
    owner_id: str | None = None
    desired_state: str | None = None
    state_reason: str | None = None


def visible_workspaces(caller: Caller, organization_id: str | None = None) -> Iterator[Workspace]:
    store = caller.store
    access = caller.access
    org_ids = [organization_id] if organization_id else access.member_org_ids()
    for org_id in org_ids:
        if not access.is_member(org_id):
            continue
        sees_all = access.sees_all(org_id)
        for ws_id in store.workspaces_by_org.get(org_id, {}):
            ws = store.workspaces[ws_id]
            if sees_all or access.workspace_roles(ws_id):
                yield settle(ws, caller.now)


def resolve_organization_id(caller: Caller, organization_id: str | None) -> str:
    if organization_id:
        return lookup.organization(caller, organization_id).id
    managed = [o for o in caller.access.member_org_ids() if caller.access.is_manager(o)]
    if len(managed) != 1:
        raise invalid("organization_id is required (you manage no or several organizations).")
    return managed[0]


def create_workspace(caller: Caller, body: WorkspaceCreate, enroll: bool) -> Json:
    store = caller.store
    org_id = resolve_organization_id(caller, body.organization_id)
    caller.access.require_manager(org_id)
    org = store.organizations[org_id]
    name = body.name if body.name is not None else slugify(body.display_name or "")
    if body.name is None and body.display_name is None:
        raise invalid("A workspace needs a name or a display_name.")
    check_name("workspace", name)
    if (org_id, name) in store.workspaces_by_org_name:
        raise conflict(f"A workspace named '{name}' already exists in organization '{org.name}'.")
    if len(store.workspaces_by_org.get(org_id, {})) >= org.max_workspaces:
        raise upgrade_required(
            f"Organization '{org.name}' has reached its limit of {org.max_workspaces} workspaces."
        )
    owner_id = body.owner_id or caller.user.id
    if owner_id not in store.users:
        raise not_found(f"No user with id {owner_id}.")
    now = caller.now
    managed = body.is_managed and not enroll
    ws = store.add_workspace(
        Workspace(
            id=store.new_id(),
            name=name,
            display_name=body.display_name or name,
            description=body.description,
            logo_url=body.logo_url,
            organization_id=org_id,
            owner_id=owner_id,
            created=now,
            updated=now,
            status="not_initialized",
            desired_state="available",
            status_updated=now,
            is_managed=managed,
            usage_counts={"pipelines": 0, "pipeline_runs": 0, "users": 0},
        )
    )
    start_deploy(ws, now, caller.pro.config.workspace_ready_delay_s)
    rendered = caller.render.workspace(ws)
    if not managed:
        # Shown once, at enrollment, like the real service; never stored in clear.
        rendered["enrollment_key"] = secrets.token_urlsafe(32)
    return rendered


def build_router(prefix: str, *, deprecated: bool) -> APIRouter:
    """The workspace routes under ``prefix`` (``/workspaces`` or the deprecated ``/tenants``)."""
    tag = "tenants" if deprecated else "workspaces"
    router = APIRouter(prefix=prefix, tags=[tag], deprecated=deprecated or None)

    # Answered as a ready response (the model stays in the schema): FastAPI would otherwise walk every
    # page through the ``list[Json]`` model first, another quarter of the page's time.
    @router.get("", summary=f"List {tag}", response_model=list[Json])
    async def list_workspaces(
        caller: CallerDep,
        offset: Offset = 0,
        limit: Limit = 100,
        workspace_id: str | None = None,
        workspace_name: str | None = None,
        tenant_id: Annotated[str | None, Query(deprecated=True)] = None,
        tenant_name: Annotated[str | None, Query(deprecated=True)] = None,
        url: str | None = None,
        organization_id: str | None = None,
        status: str | None = None,
        is_managed: bool | None = None,
        owner_id: str | None = None,
        member_only: bool | None = None,
    ) -> FastJSONResponse:
        if status is not None and status not in WORKSPACE_STATES:
            raise invalid(f"Unknown status '{status}'; expected one of {', '.join(WORKSPACE_STATES)}.")
        wanted_id = workspace_id or tenant_id
        wanted_name = workspace_name or tenant_name
        render = caller.render

        def matches(ws: Workspace) -> bool:
            return (
                (wanted_id is None or ws.id == wanted_id)
                and (wanted_name is None or ws.name == wanted_name)
                and (status is None or ws.status == status)
                and (is_managed is None or ws.is_managed == is_managed)
                and (owner_id is None or ws.owner_id == owner_id)
                and (url is None or render.server_url(ws) == url.rstrip("/"))
                and (not member_only or caller.access.effective_workspace_role(ws) is not None)
            )

        if organization_id:
            caller.access.require_member(organization_id)
        chosen = (ws for ws in visible_workspaces(caller, organization_id) if matches(ws))
        return FastJSONResponse([render.workspace(ws) for ws in page(chosen, offset, limit)])

    @router.post("", summary=f"Create a {tag[:-1]}")
    async def create(
        caller: CallerDep,
        body: Annotated[WorkspaceCreate | None, Body()] = None,
        name: str | None = None,
        organization_id: str | None = None,
        enroll: bool = False,
    ) -> Json:
        data = body or WorkspaceCreate()
        if name is not None:
            data.name = name
        if organization_id is not None:
            data.organization_id = organization_id
        return create_workspace(caller, data, enroll)

    @router.get("/{workspace_id}", summary=f"Get a {tag[:-1]} by id or name")
    async def get(caller: CallerDep, workspace_id: str) -> Json:
        return caller.render.workspace(lookup.workspace(caller, workspace_id))

    @router.patch("/{workspace_id}", summary=f"Update a {tag[:-1]}")
    async def update(caller: CallerDep, workspace_id: str, body: WorkspaceUpdate) -> Json:
        ws = lookup.workspace(caller, workspace_id)
        caller.access.require_workspace_manager(ws)
        if body.owner_id is not None and body.owner_id not in caller.store.users:
            raise not_found(f"No user with id {body.owner_id}.")
        if body.desired_state is not None and body.desired_state not in ("available", "deactivated"):
            raise invalid("desired_state must be 'available' or 'deactivated'.")
        for field in ("display_name", "description", "logo_url", "owner_id"):
            value = getattr(body, field)
            if value is not None:
                setattr(ws, field, value)
        if body.desired_state == "deactivated" and ws.status != "deactivated":
            deactivate(ws, caller.now)
        elif body.desired_state == "available" and ws.status not in ("available", "pending"):
            start_deploy(ws, caller.now, caller.pro.config.workspace_ready_delay_s)
        if body.state_reason is not None:
            ws.state_reason = body.state_reason
        ws.updated = caller.now
        return caller.render.workspace(ws)

    @router.patch("/{workspace_id}/deactivate", summary=f"Deactivate a {tag[:-1]}")
    async def deactivate_route(caller: CallerDep, workspace_id: str) -> Json:
        ws = lookup.workspace(caller, workspace_id)
        caller.access.require_workspace_manager(ws)
        deactivate(ws, caller.now)
        ws.updated = caller.now
        return caller.render.workspace(ws)

    @router.patch("/{workspace_id}/deploy", summary=f"Deploy (or redeploy) a {tag[:-1]}")
    async def deploy(caller: CallerDep, workspace_id: str) -> Json:
        ws = lookup.workspace(caller, workspace_id)
        caller.access.require_workspace_manager(ws)
        start_deploy(ws, caller.now, caller.pro.config.workspace_ready_delay_s)
        ws.updated = caller.now
        return caller.render.workspace(ws)

    @router.delete("/{workspace_id}", status_code=204, summary=f"Delete a {tag[:-1]}")
    async def delete(caller: CallerDep, workspace_id: str) -> Response:
        ws = lookup.workspace(caller, workspace_id)
        caller.access.require_manager(ws.organization_id)
        caller.store.remove_workspace(ws.id)
        return Response(status_code=204)

    @router.get("/{workspace_id}/members", summary=f"List the members of a {tag[:-1]}")
    async def members(
        caller: CallerDep, workspace_id: str, offset: Offset = 0, limit: Limit = 100
    ) -> list[Json]:
        ws = lookup.workspace(caller, workspace_id)
        return page(member_entries(caller, workspace_level_assignments(caller, ws.id)), offset, limit)

    @router.post("/{workspace_id}/members", summary=f"Add a member to a {tag[:-1]}")
    async def add_member(
        caller: CallerDep,
        workspace_id: str,
        user_id: str | None = None,
        team_id: str | None = None,
        invitation_id: str | None = None,
        role_id: str | None = None,
    ) -> Json:
        ws = lookup.workspace(caller, workspace_id)
        kind, principal_id = one_principal(user_id, team_id, invitation_id)
        if role_id is None:
            role = caller.store.role_named(ws.organization_id, WS_VIEWER)
            assert role is not None
        else:
            role = lookup.role(caller, role_id)
        assign(caller, role, kind, principal_id, ws.id)
        mine = (ra for ra in workspace_level_assignments(caller, ws.id) if ra.principal_id == principal_id)
        return next(member_entries(caller, mine))

    @router.delete("/{workspace_id}/members", status_code=204, summary=f"Remove a member from a {tag[:-1]}")
    async def remove_member(
        caller: CallerDep,
        workspace_id: str,
        user_id: str | None = None,
        team_id: str | None = None,
        invitation_id: str | None = None,
    ) -> Response:
        ws = lookup.workspace(caller, workspace_id)
        caller.access.require_workspace_manager(ws)
        kind, principal_id = one_principal(user_id, team_id, invitation_id)
        theirs = [
            ra.id
            for ra in workspace_level_assignments(caller, ws.id)
            if ra.kind == kind and ra.principal_id == principal_id
        ]
        if not theirs:
            raise not_found(f"The {kind} is not a member of workspace '{ws.name}'.")
        for ra_id in theirs:
            caller.store.remove_assignment(ra_id)
        return Response(status_code=204)

    return router


@cache
def workspace_routers() -> tuple[APIRouter, ...]:
    """``/workspaces`` and ``/tenants`` (deprecated, same behaviour); built once, shared by every app."""
    return (build_router("/workspaces", deprecated=False), build_router("/tenants", deprecated=True))
