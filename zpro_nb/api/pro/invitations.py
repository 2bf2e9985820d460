"""Organization invitations."""

from __future__ import annotations

from typing import Any

from ..._core.paging import fetch_offset_pages
from ..._core.transport import ApiClient
from ...models.pro import Invitation
from .records import as_object


async def list_invitations(
    client: ApiClient,
    organization_id: str,
    *,
    email: str | None = None,
    only_pending: bool | None = None,
) -> list[dict[str, Any]]:
    """``GET /organizations/{id}/invitations`` as records."""
    params = {"email": email, "only_pending": only_pending}
    return await fetch_offset_pages(client, f"/organizations/{organization_id}/invitations", params)


async def create_invitation(
    client: ApiClient, organization_id: str, *, email: str, role_id: str
) -> Invitation:
    """``POST /organizations/{id}/invitations`` with ``{email, role_id}`` (an organization-level role)."""
    body = await client.post(
        f"/organizations/{organization_id}/invitations", json={"email": email, "role_id": role_id}
    )
    return Invitation.model_validate(as_object(body, "new invitation"))


async def delete_invitation(client: ApiClient, organization_id: str, invitation_id: str) -> None:
    """``DELETE /organizations/{id}/invitations/{invitation_id}``."""
    await client.delete(f"/organizations/{organization_id}/invitations/{invitation_id}")
