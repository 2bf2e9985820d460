"""Sandbox-only controls (not part of ZenML Pro): live fault switches, the clock, workspace states.

Only a caller holding ``Organization Admin`` somewhere may use them.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from pydantic import BaseModel, Field

from ..clock import isoformat
from ..faults import FaultSettings
from . import lookup
from .auth import Caller, CallerDep
from .errors import forbidden, invalid
from .lifecycle import force_state

Json = dict[str, Any]

router = APIRouter(prefix="/_sandbox", tags=["sandbox-only"])


class ClockAdvance(BaseModel):
    advance_s: float = Field(ge=0)
    #: a token that was fresh before the move has expired after a long one: hand the caller a new one
    reissue_token: bool = False


class WorkspaceState(BaseModel):
    status: str
    state_reason: str | None = None


def _require_sandbox_admin(caller: Caller) -> None:
    if not any(caller.access.is_admin(o) for o in caller.access.member_org_ids()):
        raise forbidden("Sandbox controls need an Organization Admin.")


def _faults(request: Request) -> FaultSettings:
    settings: FaultSettings = request.app.state.faults
    return settings


@router.get("/faults", summary="The current fault settings (sandbox-only)")
async def get_faults(caller: CallerDep, request: Request) -> Json:
    _require_sandbox_admin(caller)
    return _faults(request).as_dict()


@router.get("/faults/injected", summary="How many faults of each kind were injected (sandbox-only)")
async def get_injected_faults(caller: CallerDep, request: Request) -> dict[str, int]:
    _require_sandbox_admin(caller)
    counts: dict[str, int] = dict(request.app.fault_injector.injected)
    return counts


@router.get("/canaries", summary="How many requests the canary credentials authenticated (sandbox-only)")
async def get_canary_uses(caller: CallerDep) -> dict[str, int]:
    _require_sandbox_admin(caller)
    return {"uses": caller.pro.canaries.uses}


@router.put("/faults", summary="Change fault settings without a restart (sandbox-only)")
async def put_faults(caller: CallerDep, request: Request, changes: Annotated[dict[str, Any], Body()]) -> Json:
    _require_sandbox_admin(caller)
    settings = _faults(request)
    try:
        settings.update(changes)
    except ValueError as exc:
        raise invalid(str(exc)) from None
    return settings.as_dict()


@router.post("/clock", summary="Move the sandbox clock forward (sandbox-only)")
async def advance_clock(caller: CallerDep, body: ClockAdvance) -> Json:
    _require_sandbox_admin(caller)
    now = caller.pro.clock.advance(body.advance_s)
    answer: Json = {"now": isoformat(now), "offset_s": caller.pro.clock.offset_s}
    if body.reissue_token:
        answer["access_token"], answer["expires_in"] = caller.pro.issue_token(caller.user)
    return answer


@router.put(
    "/workspaces/{workspace_id}/status",
    summary="Put a workspace in any of ZenML's states at once, e.g. deleted (sandbox-only)",
)
async def set_workspace_status(caller: CallerDep, workspace_id: str, body: WorkspaceState) -> Json:
    _require_sandbox_admin(caller)
    ws = lookup.workspace(caller, workspace_id)
    force_state(ws, body.status, caller.now, caller.pro.config.workspace_ready_delay_s, body.state_reason)
    ws.updated = caller.now
    return caller.render.workspace(ws)
