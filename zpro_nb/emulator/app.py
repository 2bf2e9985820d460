"""The sandbox app: the Pro management API at the root, each workspace's API under ``/ws/{id}``.

Nothing here starts background work: workspace lifecycles are computed from the clock on read,
so the app behaves the same in-process (``httpx.ASGITransport``, no lifespan) and when served.
"""

from __future__ import annotations

import gc
import random

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from .clock import SandboxClock
from .contracts import SandboxConfig
from .faults import FaultInjector, FaultSettings, Receive, Scope, Send
from .json_response import FastJSONResponse
from .openapi_errors import document_error_bodies
from .pro.bridge import StoreBridge
from .pro.errors import ProError, pro_error_handler
from .pro.routes_auth import router as auth_router
from .pro.routes_invitations import router as invitations_router
from .pro.routes_organizations import router as organizations_router
from .pro.routes_roles import router as roles_router
from .pro.routes_sandbox import router as sandbox_router
from .pro.routes_service import router as service_router
from .pro.routes_teams import router as teams_router
from .pro.routes_users import router as users_router
from .pro.routes_workspaces import workspace_routers
from .pro.runtime import ProRuntime
from .pro.seed import seed_store
from .pro.state import ProStore
from .route_gate import PrefixGate
from .workspace.routes import workspace_router

DESCRIPTION = """A local emulator of the ZenML Pro management API ("cloudapi") and of each workspace's
ZenML server API (under `/ws/{workspace_id}`). Routes under `/_sandbox` are sandbox-only controls."""


class SandboxApp(FastAPI):
    """A FastAPI app whose fault injector sits outside everything, with the server's own ``send``.

    Being outermost lets a dropped connection close the real socket (see :mod:`.faults`).
    """

    fault_injector: FaultInjector

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        injector = getattr(self, "fault_injector", None)
        if injector is None:
            await super().__call__(scope, receive, send)
            return
        await injector(super().__call__, scope, receive, send)


ROOT_PAGE = """<!doctype html><html><head><title>ZenML Pro sandbox</title></head><body>
<h1>ZenML Pro sandbox</h1>
<p>A local emulator of the ZenML Pro management API and of each workspace's ZenML API, for
zpro_nb's demo, notebooks and tests. Nothing here reaches a real organization.</p>
<ul><li><a href="/docs">The API, interactive (OpenAPI)</a></li>
<li><a href="/openapi.json">openapi.json</a></li><li><a href="/health">/health</a></li></ul>
</body></html>"""


def create_app(
    config: SandboxConfig, *, clock: SandboxClock | None = None, freeze_seeded: bool = False
) -> FastAPI:
    """A fresh sandbox: its own state seeded from ``config.seed``, its own token secret and clock.

    ``app.state`` carries ``config``, ``clock`` (move it with ``clock.advance(s)``), ``pro`` (the
    runtime), ``faults`` (live :class:`FaultSettings`), ``bridge`` and ``demo_credentials``
    (``{"tokens": {...}, "api_keys": {...}}`` for "admin", "manager" and "viewer").

    ``freeze_seeded`` (only for a sandbox that has its process to itself, ``python -m
    zpro_nb.emulator``): what is seeded, the Pro store now and each workspace's store at its first
    sign-in, is frozen out of the garbage collector's full sweeps. One sweep over the stores an
    inventory had seeded took ~115 ms and fell on whichever request was being answered. Inside a
    notebook's process it would hold the notebook's own objects too.
    """
    clock = clock or SandboxClock()
    rng = random.Random(config.seed)
    store = ProStore(rng)
    seeded = seed_store(store, rng, clock.now(), config.scale)
    if config.workspace_limit is not None:
        # Set after seeding: the limit must not change what the seed's RNG draws.
        for org in store.organizations.values():
            org.max_workspaces = config.workspace_limit
    pro = ProRuntime(config=config, clock=clock, store=store)

    app = SandboxApp(
        title="ZenML Pro sandbox",
        version="0.1.0",
        description=DESCRIPTION,
        docs_url="/docs",
        openapi_url="/openapi.json",
        default_response_class=FastJSONResponse,
        redoc_url=None,
    )
    faults = FaultSettings.from_config(config)
    app.fault_injector = FaultInjector(faults, clock, config.fault_seed)
    bridge = StoreBridge(pro)
    app.state.config = config
    app.state.clock = clock
    app.state.pro = pro
    app.state.faults = faults
    app.state.bridge = bridge

    @app.get("/", include_in_schema=False)
    def root_page() -> HTMLResponse:
        # A person who opens the sandbox's address in a browser finds where to go next.
        return HTMLResponse(ROOT_PAGE)

    app.add_exception_handler(ProError, pro_error_handler)
    # Order matters where paths overlap: /users/authorize_server before /users/{id}.
    for router in (
        service_router,
        auth_router,
        organizations_router,
        users_router,
        roles_router,
        teams_router,
        invitations_router,
        sandbox_router,
        *workspace_routers(),
    ):
        app.include_router(router)
    workspaces = workspace_router(bridge, freeze_seeded=freeze_seeded)
    app.include_router(workspaces, prefix="/ws/{workspace_id}")
    app.router.routes.insert(0, PrefixGate("/ws/", app.router.routes[-1]))
    document_error_bodies(app)

    demo_users = {name: store.users[user_id] for name, user_id in seeded.demo_user_ids.items()}
    pro.admin_id = seeded.demo_user_ids["admin"]
    app.state.demo_credentials = {
        "tokens": {name: pro.issue_token(user)[0] for name, user in demo_users.items()},
        "api_keys": {name: seeded.api_keys[name] for name in demo_users},
    }
    app.state.service_account_keys = {k: v for k, v in seeded.api_keys.items() if k not in demo_users}
    if freeze_seeded:
        gc.freeze()
    return app
