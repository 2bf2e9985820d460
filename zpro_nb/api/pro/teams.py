"""Teams and team members (members are added by QUERY ``user_id``/``invitation_id``)."""

from __future__ import annotations

from typing import Any

from ..._core.paging import fetch_offset_pages
from ..._core.transport import ApiClient
from ...errors import InvalidArgument
from ...models.pro import Team
from .records import as_object


async def list_teams(client: ApiClient, organization_id: str) -> list[dict[str, Any]]:
    """``GET /organizations/{id}/teams`` as records."""
    return await fetch_offset_pages(client, f"/organizations/{organization_id}/teams")


async def get_team(client: ApiClient, team_id: str) -> Team:
    """``GET /teams/{id}``."""
    return Team.model_validate(as_object(await client.get(f"/teams/{team_id}"), "team"))


async def create_team(
    client: ApiClient, *, name: str, organization_id: str, description: str | None = None
) -> Team:
    """``POST /teams`` with ``{name, description?, organization_id}``."""
    body: dict[str, Any] = {"name": name, "organization_id": organization_id}
    if description is not None:
        body["description"] = description
    return Team.model_validate(as_object(await client.post("/teams", json=body), "new team"))


async def update_team(client: ApiClient, team_id: str, changes: dict[str, Any]) -> Team:
    """``PATCH /teams/{id}``."""
    return Team.model_validate(as_object(await client.patch(f"/teams/{team_id}", json=changes), "team"))


async def delete_team(client: ApiClient, team_id: str) -> None:
    """``DELETE /teams/{id}``."""
    await client.delete(f"/teams/{team_id}")


async def list_team_members(client: ApiClient, team_id: str) -> list[dict[str, Any]]:
    """``GET /teams/{id}/members``: User records."""
    return await fetch_offset_pages(client, f"/teams/{team_id}/members")


def _member_params(user_id: str | None, invitation_id: str | None) -> dict[str, str]:
    if bool(user_id) == bool(invitation_id):
        raise InvalidArgument("give exactly one of user_id or invitation_id")
    return {"user_id": user_id} if user_id else {"invitation_id": invitation_id or ""}


async def add_team_member(
    client: ApiClient, team_id: str, *, user_id: str | None = None, invitation_id: str | None = None
) -> None:
    """``POST /teams/{id}/members?user_id=`` (or ``invitation_id=``)."""
    await client.post(f"/teams/{team_id}/members", params=_member_params(user_id, invitation_id))


async def remove_team_member(
    client: ApiClient, team_id: str, *, user_id: str | None = None, invitation_id: str | None = None
) -> None:
    """``DELETE /teams/{id}/members?user_id=`` (or ``invitation_id=``)."""
    await client.delete(f"/teams/{team_id}/members", _member_params(user_id, invitation_id))
