"""A list source serving DataFrames laid out under the real frame schemas, for the pure planning tests.

It stands where the Session's list methods stand; the data mirrors the sandbox's demo shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from zpro_nb.frames.pro import (
    INVITATIONS,
    ORGANIZATIONS,
    ROLE_ASSIGNMENTS,
    ROLES,
    TEAM_MEMBERS,
    TEAMS,
    USERS,
    WORKSPACES,
)

ORG_ROLES = ("Organization Admin", "Organization Manager", "Organization Viewer", "Organization Member")
WS_ROLES = ("Workspace Admin", "Workspace Developer", "Workspace Contributor", "Workspace Viewer")


@dataclass
class FrameSource:
    """Records per resource; each list method lays them out with the schema the Session uses."""

    orgs: list[dict[str, Any]] = field(default_factory=list)
    users_: list[dict[str, Any]] = field(default_factory=list)
    teams_: list[dict[str, Any]] = field(default_factory=list)
    roles_: list[dict[str, Any]] = field(default_factory=list)
    workspaces_: list[dict[str, Any]] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)
    invitations_: list[dict[str, Any]] = field(default_factory=list)
    members: dict[str, list[str]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    async def organizations(self) -> pd.DataFrame:
        self.calls.append("organizations")
        return ORGANIZATIONS.build(self.orgs)

    async def users(self) -> pd.DataFrame:
        self.calls.append("users")
        return USERS.build(self.users_)

    async def teams(self, organization: str | None = None) -> pd.DataFrame:
        self.calls.append(f"teams:{organization}")
        return TEAMS.build([t for t in self.teams_ if t["organization_id"] == organization])

    async def roles(self, organization: str | None = None, level: str | None = None) -> pd.DataFrame:
        self.calls.append(f"roles:{organization}")
        return ROLES.build([r for r in self.roles_ if r["organization_id"] == organization])

    async def workspaces(self, organization: str | None = None) -> pd.DataFrame:
        self.calls.append(f"workspaces:{organization}")
        return WORKSPACES.build([w for w in self.workspaces_ if w["organization"]["id"] == organization])

    async def role_assignments(
        self, organization: str | None = None, *, progress: bool = True
    ) -> pd.DataFrame:
        self.calls.append(f"role_assignments:{organization}")
        return ROLE_ASSIGNMENTS.build([a for a in self.assignments if a["organization_id"] == organization])

    async def invitations(self, organization: str | None = None) -> pd.DataFrame:
        self.calls.append(f"invitations:{organization}")
        return INVITATIONS.build([i for i in self.invitations_ if i["organization_id"] == organization])

    async def team_members(self, team: str) -> pd.DataFrame:
        self.calls.append(f"team_members:{team}")
        by_id = {u["id"]: u for u in self.users_}
        frame = TEAM_MEMBERS.build([by_id[u] for u in self.members.get(team, [])])
        frame["team_id"] = pd.array([team] * len(frame), dtype="string")
        return frame


def demo_source() -> FrameSource:
    """Two organizations like the sandbox's: acme-ml (big) and acme-research (small)."""
    source = FrameSource()
    source.orgs = [{"id": "org-ml", "name": "acme-ml"}, {"id": "org-rs", "name": "acme-research"}]
    names = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]
    source.users_ = [
        {"id": f"u-{n}", "username": n, "email": f"{n}@acme.example", "is_active": True} for n in names
    ]
    for org in ("ml", "rs"):
        for level, role_names in (("organization", ORG_ROLES), ("workspace", WS_ROLES)):
            for name in role_names:
                slug = name.lower().replace(" ", "-")
                source.roles_.append(
                    {"id": f"r-{org}-{slug}", "name": name, "level": level, "organization_id": f"org-{org}"}
                )
        source.roles_.append(
            {
                "id": f"r-{org}-project-reader",
                "name": "Project Reader",
                "level": "project",
                "organization_id": f"org-{org}",
            }
        )
    source.workspaces_ = [
        {"id": "w-prod", "name": "ml-prod", "organization": {"id": "org-ml", "name": "acme-ml"}},
        {"id": "w-staging", "name": "ml-staging", "organization": {"id": "org-ml", "name": "acme-ml"}},
        {"id": "w-lab", "name": "research-lab", "organization": {"id": "org-rs", "name": "acme-research"}},
        # the same workspace name in both organizations: rows must then say which organization
        {"id": "w-shared-ml", "name": "shared", "organization": {"id": "org-ml", "name": "acme-ml"}},
        {"id": "w-shared-rs", "name": "shared", "organization": {"id": "org-rs", "name": "acme-research"}},
    ]
    source.teams_ = [
        {"id": "t-ds", "name": "data-science", "organization_id": "org-ml"},
        {"id": "t-platform", "name": "platform", "organization_id": "org-ml"},
        {"id": "t-rs", "name": "researchers", "organization_id": "org-rs"},
    ]
    source.assignments = [
        _assignment("r-ml-workspace-viewer", "Workspace Viewer", "workspace", user="u-alice", ws="w-prod"),
        _assignment("r-ml-organization-member", "Organization Member", "organization", user="u-alice"),
        _assignment(
            "r-ml-workspace-developer", "Workspace Developer", "workspace", team="t-ds", ws="w-staging"
        ),
    ]
    source.invitations_ = [
        {
            "id": "i-1",
            "email": "pending@acme.example",
            "organization_id": "org-ml",
            "role": {"id": "r-ml-organization-member", "name": "Organization Member"},
            "status": "pending",
        },
        {
            "id": "i-2",
            "email": "old@acme.example",
            "organization_id": "org-ml",
            "role": {"id": "r-ml-organization-member", "name": "Organization Member"},
            "status": "expired",
        },
    ]
    source.members = {"t-ds": ["u-alice", "u-bob"], "t-platform": ["u-carol"], "t-rs": []}
    return source


def _assignment(
    role_id: str, role: str, level: str, *, user: str = "", team: str = "", ws: str = ""
) -> dict[str, Any]:
    org = "org-ml" if "-ml-" in role_id else "org-rs"
    record: dict[str, Any] = {
        "role": {"id": role_id, "name": role, "level": level},
        "organization_id": org,
        "workspace_id": ws or None,
    }
    if user:
        record["user"] = {"id": user, "username": user[2:]}
    if team:
        record["team"] = {"id": team, "name": team[2:]}
    return record
