"""Service endpoints: ``/health``, ``/server/info`` and the workspace servers' ``/rbac`` questions."""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request

from . import lookup
from .auth import Caller, CallerDep, runtime
from .errors import invalid
from .rbac import Access, workspace_action_allowed
from .state import Workspace

Json = dict[str, Any]
SANDBOX_VERSION = "0.1.0"
#: ``[<project uuid>:]<type>[/<resource uuid>]``
RESOURCE_PATTERN = re.compile(
    r"^(?:(?P<project>[0-9a-fA-F-]{36}):)?(?P<type>[a-z_]+)(?:/(?P<id>[0-9a-fA-F-]{36}))?$"
)

router = APIRouter()


@router.get("/health", tags=["service"], summary="Liveness (no authentication)")
async def health() -> str:
    return "OK"


@router.get("/server/info", tags=["service"], summary="About this control plane")
async def server_info(request: Request) -> Json:
    pro = runtime(request)
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"zpro-sandbox/{pro.config.seed}")),
        "name": "ZenML Pro sandbox",
        "version": SANDBOX_VERSION,
        "url": str(request.base_url).rstrip("/"),
        "status": "available",
        "metadata": {"sandbox": True, "scale": pro.config.scale},
    }


def _workspace_for_rbac(caller: Caller, server_id: str | None) -> Workspace:
    if not server_id:
        raise invalid("Say which workspace asks: send the zenml-server-id header (or workspace_id).")
    return lookup.workspace(caller, server_id)


def _subject_role(caller: Caller, ws: Workspace, user_id: str) -> str | None:
    user = caller.store.users.get(user_id)
    if user is None or not user.is_active:
        return None
    return Access(caller.store, user).effective_workspace_role(ws)


def _check(caller: Caller, ws: Workspace, user_id: str, action: str, resources: list[str]) -> dict[str, bool]:
    role = _subject_role(caller, ws, user_id)
    answer: dict[str, bool] = {}
    for resource in resources:
        match = RESOURCE_PATTERN.fullmatch(resource)
        if match is None:
            raise invalid(f"Malformed resource string '{resource[:80]}'.")
        answer[resource] = workspace_action_allowed(role, match["type"], action)
    return answer


@router.post("/rbac/check_permissions", tags=["rbac"], summary="May a user do an action on resources?")
async def check_permissions_post(
    caller: CallerDep,
    user_id: str,
    action: str,
    resources: Annotated[list[str], Body()],
    zenml_server_id: Annotated[str | None, Header()] = None,
    workspace_id: str | None = None,
) -> dict[str, bool]:
    ws = _workspace_for_rbac(caller, zenml_server_id or workspace_id)
    return _check(caller, ws, user_id, action, resources)


@router.get("/rbac/check_permissions", tags=["rbac"], summary="May a user do an action on resources? (GET)")
async def check_permissions_get(
    caller: CallerDep,
    user_id: str,
    action: str,
    resources: Annotated[list[str], Query()],
    zenml_server_id: Annotated[str | None, Header()] = None,
    workspace_id: str | None = None,
) -> dict[str, bool]:
    ws = _workspace_for_rbac(caller, zenml_server_id or workspace_id)
    return _check(caller, ws, user_id, action, resources)


@router.get(
    "/rbac/allowed_resource_ids", tags=["rbac"], summary="Which resources of a type may a user touch?"
)
async def allowed_resource_ids(
    caller: CallerDep,
    user_id: str,
    resource: str,
    action: str,
    zenml_server_id: Annotated[str | None, Header()] = None,
    workspace_id: str | None = None,
) -> Json:
    ws = _workspace_for_rbac(caller, zenml_server_id or workspace_id)
    allowed = _check(caller, ws, user_id, action, [resource])[resource]
    # The sandbox grants by role only (no per-resource sharing), so the answer is all or nothing.
    return {"full_access": allowed, "ids": []}
