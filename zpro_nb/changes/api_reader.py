"""Reading the live state straight through the thin API clients, laid out under the frame schemas.

Used when the session in hand has no list methods of its own (so bulk changes depend only on the
request core, the api layer and the frames, as the layering allows); otherwise the Session's methods are used.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from ..api.pro.invitations import list_invitations
from ..api.pro.organizations import list_organizations
from ..api.pro.roles import list_role_assignments, list_roles
from ..api.pro.teams import list_team_members, list_teams
from ..api.pro.users import list_users
from ..api.pro.workspaces import list_workspaces
from ..errors import InvalidArgument

if TYPE_CHECKING:
    import pandas as pd

    from .._core.transport import ApiClient


class ApiListSource:
    """The list methods bulk changes need, over an ``ApiClient`` for the Pro API (ids only, no names)."""

    def __init__(self, client: ApiClient) -> None:
        self.client = client

    async def organizations(self) -> pd.DataFrame:
        from ..frames.pro import ORGANIZATIONS  # lazy: frames load pandas

        return ORGANIZATIONS.build(await list_organizations(self.client))

    async def users(self) -> pd.DataFrame:
        from ..frames.pro import USERS  # lazy: frames load pandas

        return USERS.build(await list_users(self.client))

    async def teams(self, organization: str | None = None) -> pd.DataFrame:
        from ..frames.pro import TEAMS  # lazy: frames load pandas

        return TEAMS.build(await list_teams(self.client, _required(organization)))

    async def team_members(self, team: str) -> pd.DataFrame:
        import pandas as pd  # lazy: pandas

        from ..frames.pro import TEAM_MEMBERS  # lazy: frames load pandas

        frame = TEAM_MEMBERS.build(await list_team_members(self.client, team))
        frame["team_id"] = pd.array([team] * len(frame), dtype="string")
        return frame

    async def roles(self, organization: str | None = None, level: str | None = None) -> pd.DataFrame:
        from ..frames.pro import ROLES  # lazy: frames load pandas

        return ROLES.build(await list_roles(self.client, _required(organization), level=level))

    async def workspaces(self, organization: str | None = None) -> pd.DataFrame:
        from ..frames.pro import WORKSPACES  # lazy: frames load pandas

        return WORKSPACES.build(await list_workspaces(self.client, organization_id=_required(organization)))

    async def role_assignments(
        self, organization: str | None = None, *, progress: bool = True
    ) -> pd.DataFrame:
        from ..frames.pro import ROLE_ASSIGNMENTS  # lazy: frames load pandas

        roles = await list_roles(self.client, _required(organization))
        per_role = await asyncio.gather(*(list_role_assignments(self.client, str(r["id"])) for r in roles))
        records: list[dict[str, Any]] = []
        for role, held in zip(roles, per_role, strict=True):
            for record in held:
                # the role is known from the request even when the server leaves it out of each record
                records.append({"role": role, **record} if "role" not in record else record)
        return ROLE_ASSIGNMENTS.build(records)

    async def invitations(self, organization: str | None = None) -> pd.DataFrame:
        from ..frames.pro import INVITATIONS  # lazy: frames load pandas

        return INVITATIONS.build(await list_invitations(self.client, _required(organization)))


def _required(organization: str | None) -> str:
    if not organization:
        raise InvalidArgument("an organization id is needed")
    return organization
