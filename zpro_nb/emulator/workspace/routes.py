"""The workspace API of the sandbox: the ZenML OSS server API, one instance per Pro workspace.

Mounted by the app with ``app.include_router(workspace_router(bridge), prefix="/ws/{workspace_id}")``
so a workspace's ``server_url`` is ``{base}/ws/{workspace_id}``. State is created lazily, on the
first request that reaches a workspace. An unknown workspace answers 404 ``{"detail": "Not
Found"}`` (nothing is served there); a workspace that exists but is not ``available`` answers 503
(like the gateway in front of a stopped server), on every route including ``/health``.

Routes (relative to the workspace root; reads need any valid credential, user/service-account/key
writes need an admin, as on an OSS server without RBAC):

* ``GET /health``, ``GET /ready``, ``GET /api/v1/info``, ``GET /api/v1/version``
* ``POST /api/v1/login``, ``GET /api/v1/logout``, ``GET /api/v1/api_token``, ``GET /api/v1/current-user``
* users, service accounts and their API keys: see :mod:`.accounts`
* projects (and ``/workspaces``), stacks, components, pipelines, runs, run templates, tags,
  secrets: see :mod:`.resources`
* steps, artifacts, artifact versions, models, model versions, schedules: see
  :mod:`.lineage_routes`
* sandbox only: ``POST /_sandbox/runs?count=N`` (admin) adds N seeded runs for benchmarks.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from ..contracts import ProBridge
from .accounts import add_account_routes
from .auth import (
    GENERIC_TOKEN_LIFETIME_S,
    GENERIC_TOKEN_MAX_LIFETIME_S,
    issue_token,
    login,
    login_form,
)
from .context import Caller, WorkspaceContext, WorkspaceService
from .errors import OSSError, OSSRoute
from .lineage_routes import add_lineage_routes
from .models import iso, user_json
from .resources import add_resource_routes
from .seed import seed_runs

ZENML_VERSION = "0.98.0"
#: more runs than this in one call would make the sandbox itself the slow part of a benchmark
MAX_SEED_RUNS = 200_000


def workspace_router(bridge: ProBridge, *, freeze_seeded: bool = False) -> APIRouter:
    """The router serving every sandbox workspace (state is kept inside it, per workspace id);
    ``freeze_seeded``: see :class:`WorkspaceService`."""
    service = WorkspaceService(bridge, freeze_seeded=freeze_seeded)
    router = APIRouter(route_class=OSSRoute)
    Workspace = Annotated[WorkspaceContext, Depends(service.context)]
    Auth = Annotated[Caller, Depends(service.caller)]

    @router.get("/health", response_class=PlainTextResponse, include_in_schema=False)
    async def health(ws: Workspace) -> str:
        return "ok"

    @router.get("/ready", response_class=PlainTextResponse, include_in_schema=False)
    async def ready(ws: Workspace) -> str:
        return "ok"

    @router.get("/api/v1/info")
    async def info(ws: Workspace) -> dict[str, Any]:
        return {
            "id": ws.state.server_id,
            "name": ws.name,
            "version": ZENML_VERSION,
            "active": True,
            "debug": False,
            "deployment_type": "cloud",
            "database_type": "sqlite",
            "secrets_store_type": "sql",
            "auth_scheme": "EXTERNAL",
            "server_url": ws.server_url,
            "dashboard_url": ws.server_url,
            "analytics_enabled": False,
            "metadata": {},
            "last_user_activity": iso(ws.state.last_user_activity),
            "pro_dashboard_url": ws.pro_base_url,
            "pro_api_url": ws.pro_base_url,
            "pro_organization_id": ws.organization_id,
            "pro_organization_name": None,
            "pro_workspace_id": ws.workspace_id,
            "pro_workspace_name": ws.name,
        }

    @router.get("/api/v1/version")
    async def version(ws: Workspace) -> str:
        return ZENML_VERSION

    @router.post("/api/v1/login")
    async def login_route(request: Request, ws: Workspace) -> dict[str, Any]:
        form = await login_form(request)
        return login(form, request, ws.state, bridge, ws.workspace_id, ws.now)

    @router.get("/api/v1/logout")
    async def logout(ws: Workspace) -> None:
        # Like the real server: only a cookie would be cleared; bearer tokens stay valid.
        return None

    @router.get("/api/v1/api_token")
    async def api_token(
        caller: Auth,
        token_type: str = Query("generic"),
        expires_in: int | None = Query(None),
    ) -> str:
        if token_type != "generic":
            raise OSSError(400, "ValueError", "Workload API tokens are not supported by the sandbox.")
        lifetime = expires_in or GENERIC_TOKEN_LIFETIME_S
        if lifetime > GENERIC_TOKEN_MAX_LIFETIME_S:
            raise OSSError(
                400,
                "ValueError",
                "The maximum expiration time for generic API tokens allowed by this server is "
                f"{GENERIC_TOKEN_MAX_LIFETIME_S} seconds.",
            )
        return issue_token(caller.principal, caller.state, caller.now, lifetime)

    @router.get("/api/v1/current-user")
    async def current_user(caller: Auth) -> dict[str, Any]:
        return user_json(caller.principal.account, hydrate=True)

    @router.post("/_sandbox/runs", include_in_schema=False)
    async def add_runs(caller: Auth, count: int = Query(..., ge=1, le=MAX_SEED_RUNS)) -> JSONResponse:
        caller.require_admin("seed runs")
        created = seed_runs(caller.state, count, now=caller.now)
        return JSONResponse({"created": len(created), "total": len(caller.state.runs)})

    add_account_routes(router, service)
    add_resource_routes(router, service)
    add_lineage_routes(router, service)
    return router
