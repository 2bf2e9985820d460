"""People: users, organization members, teams and invitations; inviting, team membership and
deactivating users. Every change is journaled with its inverse."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..api.pro import invitations as inv_api
from ..api.pro import organizations as orgs_api
from ..api.pro import teams as teams_api
from ..api.pro import users as users_api
from ..models.pro import Invitation, Team, User
from .lookups import Lookups, frame_schema

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PeopleMethods"]


class PeopleMethods(Lookups):
    """``users()``, ``members()``, ``teams()``, ``invitations()`` and the changes to them."""

    async def users(self, email: str | None = None) -> pd.DataFrame:
        """Users you share an organization with (``email``: exact match, by the server)."""
        return frame_schema("users").build(await users_api.list_users(self.pro, email=email))

    async def members(self, organization: str | None = None) -> pd.DataFrame:
        """Members of an organization (all of yours when ``None``): users, service accounts, teams,
        pending invitations."""
        return await self._per_organization(
            organization, lambda org_id: orgs_api.list_members(self.pro, org_id), "members"
        )

    async def teams(self, organization: str | None = None) -> pd.DataFrame:
        """Teams of an organization (all of yours when ``None``)."""
        return await self._per_organization(
            organization, lambda org_id: teams_api.list_teams(self.pro, org_id), "teams"
        )

    async def team_members(self, team: str, organization: str | None = None) -> pd.DataFrame:
        """Users in a team (name or id)."""
        found = await self._team_record(team, organization)
        records = await teams_api.list_team_members(self.pro, found["id"])
        n = len(records)
        return frame_schema("team_members").build(
            records, values={"team_id": [found["id"]] * n, "team_name": [found.get("name")] * n}
        )

    async def invitations(self, organization: str | None = None, pending_only: bool = False) -> pd.DataFrame:
        """Invitations of an organization (all of yours when ``None``); ``pending_only`` asks the server."""
        frame = await self._per_organization(
            organization,
            lambda org_id: inv_api.list_invitations(
                self.pro, org_id, only_pending=True if pending_only else None
            ),
            "invitations",
        )
        if pending_only:  # the flag's exact server semantics are undocumented: enforce it here too
            frame = frame[frame["status"].isna() | (frame["status"] == "pending")]
        return frame

    async def get_user(self, user: str) -> User:
        """One user by username, email or id."""
        return User.model_validate(await self._user_record(user))

    async def get_team(self, team: str, organization: str | None = None) -> Team:
        """One team by name or id."""
        return Team.model_validate(await self._team_record(team, organization))

    async def invite_user(self, email: str, role: str, organization: str | None = None) -> Invitation:
        """Invite ``email`` into an organization with an organization-level role (name or id)."""
        org = await self._one_organization(organization)
        found = await self._role_record(role, org["id"], level="organization")
        invitation = await inv_api.create_invitation(self.pro, org["id"], email=email, role_id=found["id"])
        await self._changed(
            "invite_user",
            organization_id=org["id"],
            organization=org.get("name") or "",
            role_id=found["id"],
            role=found.get("name") or role,
            email=email,
            invitation_id=invitation.id,
        )
        return invitation

    async def create_team(
        self, name: str, organization: str | None = None, description: str | None = None
    ) -> Team:
        """Create a team in an organization."""
        org = await self._one_organization(organization)
        return await teams_api.create_team(
            self.pro, name=name, organization_id=org["id"], description=description
        )

    async def add_team_member(self, team: str, user: str, organization: str | None = None) -> None:
        """Add a user (username, email or id) to a team (name or id)."""
        found = await self._team_record(team, organization)
        user_id = (await self._user_record(user))["id"]
        await teams_api.add_team_member(self.pro, found["id"], user_id=user_id)
        await self._journal_membership("add_team_member", found, user_id, user)

    async def remove_team_member(self, team: str, user: str, organization: str | None = None) -> None:
        """Remove a user from a team."""
        found = await self._team_record(team, organization)
        user_id = (await self._user_record(user))["id"]
        await teams_api.remove_team_member(self.pro, found["id"], user_id=user_id)
        await self._journal_membership("remove_team_member", found, user_id, user)

    async def _journal_membership(self, kind: str, team: dict[str, Any], user_id: str, user: str) -> None:
        await self._changed(
            kind,
            team_id=team["id"],
            team=team.get("name") or "",
            user_id=user_id,
            user=user,
            organization_id=team.get("organization_id") or "",
        )

    async def deactivate_user(self, user: str) -> User:
        """Deactivate a Pro user (they can no longer sign in)."""
        return await users_api.deactivate_user(self.pro, (await self._user_record(user))["id"])
