"""A sheet of workspace-role assignments for the members of acme-ml, read from the sandbox itself."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from zpro_nb.changes.api_reader import ApiListSource
from zpro_nb.notebook_session import AsyncSession

ORG = "acme-ml"
#: the roles of the sheet's rows, in this order for each member and workspace
ROLES = ("Workspace Viewer", "Workspace Developer", "Workspace Contributor", "Stack Admin")


async def role_sheet(aio: AsyncSession, rows: int, roles: Sequence[str] = ROLES) -> pd.DataFrame:
    """``rows`` assignments (member x workspace x role, some already held) for members of acme-ml."""
    source = ApiListSource(aio.pro)
    orgs = await source.organizations()
    org_id = str(orgs.loc[orgs["name"] == ORG, "id"].iloc[0])
    members = await aio.pro.get(f"/organizations/{org_id}/members", {"include_teams": False, "limit": 100})
    emails = sorted({m["user"]["email"] for m in members if m.get("user") and m["user"].get("email")})
    workspaces = (await source.workspaces(org_id))["name"].tolist()
    records = [
        {"user": email, "role": role, "workspace": ws, "organization": ORG}
        for email in emails
        for ws in workspaces
        for role in roles
    ]
    assert len(records) >= rows
    return pd.DataFrame(records[:rows])
