"""Offboarding one person: everything they hold, the plans that take it away, and what is left after.

``s.offboarding_plan(user)`` reads, live, the roles given to the person directly, the teams they are
in, the roles those teams give them and the invitations pending to their email, in every
organization the session can see, and builds the plans (leave every team, revoke every direct role,
cancel those invitations). Nothing changes until ``apply()``. The teams' own roles are never
revoked (the other members keep them): leaving the team is what takes them away.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .holdings import KINDS, OffboardingSession, read_holdings
from .offboarding_outcome import OffboardingOutcome, apply_offboarding

if TYPE_CHECKING:
    import pandas as pd

    from ..models.pro.users import User
    from .plan import Plan

__all__ = [
    "OffboardingPlan",
    "OffboardingSession",
    "offboarding_plan",
]


TABLE_COLUMNS = ["kind", "what", "organization", "workspace", "plan"]


def holdings_table(holdings: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per thing held, with what the plan does with it (the table people read)."""
    rows: list[dict[str, Any]] = []
    for r in holdings["direct roles"].itertuples():
        rows.append(
            {
                "kind": "role",
                "what": r.role,
                "organization": r.organization,
                "workspace": r.workspace,
                "plan": "revoke",
            }
        )
    for r in holdings["teams"].itertuples():
        rows.append(
            {
                "kind": "team",
                "what": r.team,
                "organization": r.organization,
                "workspace": "",
                "plan": "remove from the team",
            }
        )
    for r in holdings["roles through teams"].itertuples():
        rows.append(
            {
                "kind": "role through a team",
                "what": f"{r.role} (team {r.team_name})",
                "organization": r.organization,
                "workspace": r.workspace,
                "plan": "gone with the team; the team keeps it",
            }
        )
    for r in holdings["project roles"].itertuples():
        rows.append(
            {
                "kind": "project role",
                "what": r.role,
                "organization": r.organization,
                "workspace": r.workspace,
                "plan": "not changed: revoke it in the workspace",
            }
        )
    for r in holdings["pending invitations"].itertuples():
        rows.append(
            {
                "kind": "invitation",
                "what": f"{r.role} for {r.email}",
                "organization": r.organization,
                "workspace": "",
                "plan": "cancel",
            }
        )
    import pandas as pd  # lazy: pandas loads on the first plan, never at import zpro_nb

    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def _build_plans(s: OffboardingSession, holdings: dict[str, pd.DataFrame], who: str) -> dict[str, Plan]:
    plans: dict[str, Plan] = {}
    if len(holdings["pending invitations"]):
        plans["invitations"] = s.plan_invitations(
            holdings["pending invitations"][["email", "role", "organization"]].assign(action="cancel")
        )
    if len(holdings["teams"]):
        plans["teams"] = s.plan_team_members(holdings["teams"].assign(user=who, action="remove"))
    if len(holdings["direct roles"]):
        roles = holdings["direct roles"][["role", "workspace", "organization"]].assign(
            user=who, action="revoke"
        )
        plans["roles"] = s.plan_role_assignments(roles)
    return plans


@dataclass
class OffboardingPlan:
    """What one person holds and the plans that take it away; nothing changes until :meth:`apply`."""

    session: OffboardingSession = field(repr=False)
    person: User
    #: how the plans name the person: their email, else their username (both are unique)
    who: str
    holdings: dict[str, pd.DataFrame] = field(repr=False)
    plans: dict[str, Plan] = field(repr=False)
    progress: bool = field(default=True, repr=False)
    #: True once :meth:`apply` deactivated the account
    deactivated: bool = field(default=False, repr=False)

    @property
    def table(self) -> pd.DataFrame:
        """One row per thing the person holds: kind, what, organization, workspace, and the plan for it."""
        return holdings_table(self.holdings)

    @property
    def problems(self) -> list[str]:
        """Every row a plan could not resolve, with its fix (a plan with problems is never applied)."""
        return [
            f"{name}, row {p.row}: {p.message} — fix: {p.fix}"
            for name, plan in self.plans.items()
            for p in plan.errors
        ]

    def counts(self) -> dict[str, int]:
        """How many of each kind the person holds."""
        return {kind: len(self.holdings[kind]) for kind in KINDS}

    def summary(self) -> str:
        """One line: who, and what the plans would take away."""
        if not self.plans:
            return f"{self.who} holds no roles, teams or pending invitations here: nothing to take away."
        c = self.counts()
        return (
            f"{self.who}: remove from {c['teams']} team(s), revoke {c['direct roles']} role(s), "
            f"cancel {c['pending invitations']} invitation(s)"
        )

    def dry_run_text(self, *, deactivate: bool = False) -> str:
        """What ``apply(deactivate=...)`` would do, said as a dry run's result."""
        c = self.counts()
        tail = (
            ", and deactivate the account."
            if deactivate
            else "; the account would stay active (deactivate=False)."
        )
        return (
            f"DRY RUN: nothing was changed for {self.who}.\n"
            f"With apply=True: remove from {c['teams']} team(s), revoke {c['direct roles']} role(s), "
            f"cancel {c['pending invitations']} invitation(s){tail}"
        )

    def apply(self, *, deactivate: bool = False) -> OffboardingOutcome:
        """Take it all away (and deactivate the account when asked), then read everything back.

        The account is deactivated first: it stops signing in before its access is taken apart.
        Raises ``ValueError`` and changes nothing when a plan has problems. Running it again after an
        interruption finishes the rest and never sends a change twice.
        """
        if self.problems:
            raise ValueError(
                f"Not applied: the plans have {len(self.problems)} problem(s): "
                + "; ".join(self.problems)
                + ". Nothing was changed."
            )
        # Once deactivated by this plan, a second apply (after an interruption) never deactivates again.
        outcome = apply_offboarding(self, deactivate=deactivate and not self.deactivated)
        self.deactivated = self.deactivated or outcome.deactivated
        return outcome

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        state = "active" if self.person.is_active else "already deactivated"
        head = (
            f"<p class='zpro-offboard-summary'><b>{html.escape(self.who)}</b> (account {state}): "
            f"{html.escape(self.summary().removeprefix(self.who + ': '))}</p>"
        )
        table = self.table
        body = table.to_html(index=False, classes="zpro-offboard-table") if len(table) else ""
        return f"<div class='zpro-offboard-plan'>{head}{body}</div>"


def offboarding_plan(s: OffboardingSession, user: str, *, progress: bool = True) -> OffboardingPlan:
    """Read what ``user`` (email, username or id) holds and build the plans that take it away."""
    person = s.get_user(user)
    email = person.email or ""
    who = person.email or person.username or person.id
    holdings = read_holdings(s, person.id, email, progress=progress)
    return OffboardingPlan(s, person, who, holdings, _build_plans(s, holdings, who), progress)
