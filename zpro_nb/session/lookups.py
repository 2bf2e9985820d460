"""Names to records: organizations, workspaces, users, teams and roles by name or id.

Every area of the session finds what a caller named through these, so a typo gets the same
"did you mean" answer everywhere.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from .._core.errors import NotFound
from ..api import lookup
from ..api.pro import organizations as orgs_api
from ..api.pro import roles as roles_api
from ..api.pro import teams as teams_api
from ..api.pro import users as users_api
from ..api.pro import workspaces as ws_api
from ..workspace.core import frame_schema
from .core import SessionCore

if TYPE_CHECKING:
    import pandas as pd


__all__ = ["Lookups", "frame_schema", "no_lookup"]

_UUID = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")

#: Roles and teams are per organization: a name shared by several is settled by naming the organization.
_PICK_ORGANIZATION = "pass organization= (or the id) to say which"


async def no_lookup() -> None:
    """An awaitable standing in for a lookup that is not needed (keeps ``gather`` calls flat)."""
    return None


class Lookups(SessionCore):
    """Name resolution shared by the session's areas."""

    async def _organization_records(self) -> list[dict[str, Any]]:
        return await orgs_api.list_organizations(self.pro)

    async def _organizations_for(self, organization: str | None) -> list[dict[str, Any]]:
        """The organization meant (name or id), or every organization the caller sees when ``None``."""
        records = await self._organization_records()
        if organization is None:
            return records
        return [dict(lookup.resolve(records, organization, "organization", listing="s.organizations()"))]

    async def _one_organization(self, organization: str | None) -> dict[str, Any]:
        """The organization meant; ``None`` is fine only when the caller sees exactly one."""
        records = await self._organizations_for(organization)
        if len(records) == 1:
            return records[0]
        names = ", ".join(sorted(str(r.get("name")) for r in records))
        raise lookup.AmbiguousName(
            f"you belong to {len(records)} organizations ({names}): pass organization=",
            candidates=names.split(", "),
        )

    async def _workspace_record(self, workspace: str, organization: str | None = None) -> dict[str, Any]:
        org = (await self._organizations_for(organization))[0] if organization else None
        org_id = org["id"] if org else None
        where = f" in organization {org['name']}" if org else ""
        if _UUID.match(workspace.strip()):
            try:
                return await ws_api.fetch_workspace(self.pro, workspace.strip())
            except NotFound:
                pass
        else:
            named = await ws_api.list_workspaces(
                self.pro, workspace_name=workspace.strip(), organization_id=org_id
            )
            exact = [w for w in named if w.get("name") == workspace.strip()]
            if exact:
                return dict(
                    lookup.resolve(
                        exact, workspace, "workspace", where=where, ambiguity_hint=_PICK_ORGANIZATION
                    )
                )
        records = await ws_api.list_workspaces(self.pro, organization_id=org_id)
        return dict(
            lookup.resolve(
                records,
                workspace,
                "workspace",
                keys=("name", "display_name"),
                where=where,
                listing="s.workspaces()",
            )
        )

    async def _user_record(self, user: str) -> dict[str, Any]:
        if "@" in user:  # an email: let the server filter, then fall back to the full list for suggestions
            matches = await users_api.list_users(self.pro, email=user.strip())
            if len(matches) == 1:
                return matches[0]
        records = await users_api.list_users(self.pro)
        return dict(
            lookup.resolve(records, user, "user", keys=("username", "email", "name"), listing="s.users()")
        )

    async def _team_record(self, team: str, organization: str | None = None) -> dict[str, Any]:
        orgs = await self._organizations_for(organization)
        per_org = await asyncio.gather(*(teams_api.list_teams(self.pro, o["id"]) for o in orgs))
        records = [t for teams in per_org for t in teams]
        return dict(
            lookup.resolve(records, team, "team", ambiguity_hint=_PICK_ORGANIZATION, listing="s.teams()")
        )

    async def _role_record(
        self, role: str, organization: str | None = None, level: str | None = None
    ) -> dict[str, Any]:
        orgs = await self._organizations_for(organization)
        per_org = await asyncio.gather(*(roles_api.list_roles(self.pro, o["id"], level=level) for o in orgs))
        records = [r for roles in per_org for r in roles]
        where = f" at {level} level" if level else ""
        return dict(
            lookup.resolve(
                records, role, "role", where=where, ambiguity_hint=_PICK_ORGANIZATION, listing="s.roles()"
            )
        )

    async def _per_organization(
        self, organization: str | None, fetch: Callable[[str], Awaitable[list[dict[str, Any]]]], schema: str
    ) -> pd.DataFrame:
        orgs = await self._organizations_for(organization)
        per_org = await asyncio.gather(*(fetch(o["id"]) for o in orgs))
        records = [r for rs in per_org for r in rs]
        values: dict[str, list[Any]] = {}
        if "organization_name" in frame_schema(schema).names:
            values["organization_id"] = [o["id"] for o, rs in zip(orgs, per_org, strict=True) for _ in rs]
            values["organization_name"] = [
                o.get("name") for o, rs in zip(orgs, per_org, strict=True) for _ in rs
            ]
        return frame_schema(schema).build(records, values=values or None)
