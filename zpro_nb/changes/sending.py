"""How each kind of change goes on the wire (the Pro API as docs/sandbox.md describes it).

Assignments, team memberships and invitations answer a repeat with 409, so their POSTs are safe to
resend: they are marked idempotent and the core may retry them even after a lost answer.
"""

from __future__ import annotations

from typing import Any, Protocol

import httpx

from .._core.decoding import decode
from .change import Change


class Sender(Protocol):
    """The part of the core's ``ApiClient`` a change needs."""

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Any = None,
        json: Any = None,
        idempotent: bool | None = None,
    ) -> Any: ...


async def send_change(client: Sender, change: Change) -> dict[str, Any]:
    """Send ``change``; returns the server's JSON object (``{}`` when it answers with no body).

    Raises the core's ``ZProError`` subclasses (``Conflict`` for a repeat, ``NotFound`` for something gone).
    """
    method, path, params, body = request_for(change)
    response = await client.request(method, path, params=params, json=body, idempotent=True)
    return _json_object(response)


def request_for(change: Change) -> tuple[str, str, dict[str, str] | None, dict[str, str] | None]:
    """``(method, path, query params, JSON body)`` for a change."""
    match change.kind:
        case "assign_role" | "revoke_role":
            params = {"team_id": change.team_id} if change.team_id else {"user_id": change.user_id}
            if change.workspace_id:
                params["workspace_id"] = change.workspace_id
            method = "POST" if change.kind == "assign_role" else "DELETE"
            return method, f"/roles/{change.role_id}/assignments", params, None
        case "add_team_member" | "remove_team_member":
            method = "POST" if change.kind == "add_team_member" else "DELETE"
            return method, f"/teams/{change.team_id}/members", {"user_id": change.user_id}, None
        case "invite_user":
            body = {"email": change.email, "role_id": change.role_id}
            return "POST", f"/organizations/{change.organization_id}/invitations", None, body
        case "cancel_invitation":
            path = f"/organizations/{change.organization_id}/invitations/{change.invitation_id}"
            return "DELETE", path, None, None


def _json_object(response: Any) -> dict[str, Any]:
    if response is None:
        return {}
    # A body that is not JSON (an HTML page, JSON cut short) is not a confirmation: decode raises
    # UnexpectedResponse, and the row is in doubt rather than done.
    value = decode(response) if isinstance(response, httpx.Response) else response
    return value if isinstance(value, dict) else {}
