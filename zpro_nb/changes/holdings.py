"""What one person holds, read live through the sync session: the roles given to them directly,
their teams, the roles those teams give them and the invitations pending to their email.

Read before offboarding (:mod:`.offboarding`) and again after it (:mod:`.offboarding_outcome`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import pandas as pd

    from ..models.pro.users import User
    from .plan import Plan
    from .table_input import SheetSource

__all__ = ["KINDS", "ROLE_COLUMNS", "OffboardingSession", "read_holdings"]


class OffboardingSession(Protocol):
    """The sync ``Session`` methods offboarding reads and plans through (the session passes itself)."""

    def organizations(self) -> pd.DataFrame:
        """The organizations the signed-in user belongs to (whose holdings are read)."""
        ...

    def role_assignments(
        self,
        organization: str | None = None,
        workspace: str | None = None,
        user: str | None = None,
        *,
        progress: bool = True,
    ) -> pd.DataFrame:
        """Role assignments, narrowed to one organization, workspace or user."""
        ...

    def teams(self, organization: str | None = None) -> pd.DataFrame:
        """The teams of an organization (or of all)."""
        ...

    def team_members(self, team: str, organization: str | None = None) -> pd.DataFrame:
        """The members of one team."""
        ...

    def invitations(self, organization: str | None = None, pending_only: bool = False) -> pd.DataFrame:
        """Invitations (``pending_only``: those not yet accepted)."""
        ...

    def get_user(self, user: str) -> User:
        """One user by name, email or id: the person offboarded."""
        ...

    def deactivate_user(self, user: str) -> User:
        """Deactivate the account (offboarding's optional last step)."""
        ...

    def plan_role_assignments(self, source: SheetSource, *, organization: str | None = None) -> Plan:
        """A plan of the role-assignment rows of ``source`` (offboarding passes revocations)."""
        ...

    def plan_team_members(self, source: SheetSource, *, organization: str | None = None) -> Plan:
        """A plan of the team-membership rows of ``source`` (offboarding passes removals)."""
        ...

    def plan_invitations(self, source: SheetSource, *, organization: str | None = None) -> Plan:
        """A plan of the invitation rows of ``source`` (offboarding passes cancellations)."""
        ...


ROLE_COLUMNS = ["organization", "workspace", "role", "role_level"]
#: the kinds of things a person holds, in the order they are shown
KINDS = ("direct roles", "project roles", "teams", "roles through teams", "pending invitations")


def _org_names(s: OffboardingSession) -> dict[str, str]:
    orgs = s.organizations()
    return dict(zip(orgs["id"], orgs["name"], strict=True))


def read_holdings(
    s: OffboardingSession, person_id: str, email: str, *, progress: bool = True
) -> dict[str, pd.DataFrame]:
    """Everything one person holds, read live: a frame per kind (see :data:`KINDS`)."""
    org_names = _org_names(s)
    assignments = s.role_assignments(progress=progress)
    assignments = assignments.assign(
        organization=assignments["organization_id"].map(org_names),
        workspace=assignments["workspace_name"].fillna(""),
        role=assignments["role_name"],
    )
    joined = []
    for t in s.teams().to_dict("records"):
        team_id, org_id = str(t["id"]), str(t["organization_id"])
        if (s.team_members(team_id)["user_id"] == person_id).any():
            joined.append(
                {"team": t["name"], "team_id": team_id, "organization": org_names.get(org_id, org_id)}
            )
    import pandas as pd  # lazy: pandas loads on the first read, never at import zpro_nb

    memberships = pd.DataFrame(joined, columns=["team", "team_id", "organization"])
    direct = assignments[assignments["user_id"] == person_id]
    through_teams = assignments[assignments["team_id"].isin(memberships["team_id"])]
    invitations = s.invitations(pending_only=True)
    mine = invitations["email"].fillna("").str.casefold() == email.casefold()
    pending = invitations[mine] if email else invitations[:0]
    pending = pending.assign(
        organization=pending["organization_id"].map(org_names), role=pending["role_name"]
    )
    return {
        "direct roles": direct[direct["project_id"].isna()][ROLE_COLUMNS].reset_index(drop=True),
        # Project roles are granted inside a workspace; a role sheet cannot name a project.
        "project roles": direct[direct["project_id"].notna()][[*ROLE_COLUMNS, "project_id"]].reset_index(
            drop=True
        ),
        "teams": memberships[["team", "organization"]].reset_index(drop=True),
        "roles through teams": through_teams[["team_name", *ROLE_COLUMNS]].reset_index(drop=True),
        "pending invitations": pending[["email", "organization", "role", "created", "expires"]].reset_index(
            drop=True
        ),
    }
