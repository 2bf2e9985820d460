"""What an offboarding did: carried out, read back, and said plainly (changed / not changed / left)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..errors import NotFound
from .holdings import OffboardingSession, read_holdings

if TYPE_CHECKING:
    import pandas as pd

    from ..models.pro.users import User
    from .plan import Plan

__all__ = ["OffboardingOutcome", "OffboardingParts", "apply_offboarding"]


class OffboardingParts(Protocol):
    """What carrying out an offboarding reads of its plan: ``offboarding.OffboardingPlan``, which
    imports this module for its ``apply``, so the imports point one way."""

    @property
    def session(self) -> OffboardingSession:
        """The session the plans were built through."""
        ...

    @property
    def person(self) -> User:
        """The person offboarded."""
        ...

    @property
    def who(self) -> str:
        """How the plans name the person."""
        ...

    @property
    def holdings(self) -> dict[str, pd.DataFrame]:
        """What the person held when the plan was built."""
        ...

    @property
    def plans(self) -> dict[str, Plan]:
        """The plans that take it away, by kind."""
        ...

    @property
    def progress(self) -> bool:
        """Whether reading back shows a progress line."""
        ...


# What each plan takes away, and the columns that name one of its rows.
_LABELS = {
    "invitations": ("cancelled invitation", ["email", "organization"]),
    "teams": ("removed from team", ["team", "organization"]),
    "roles": ("revoked role", ["role", "workspace", "organization"]),
}
_NOT_DONE = {
    "already in place": "already gone before this run reached it",
    "failed": "FAILED",
    "not run": "not done",
}
_LEFT_KINDS = ("direct roles", "teams", "pending invitations")


@dataclass
class OffboardingOutcome:
    """The result of :meth:`OffboardingPlan.apply`: the account's state, what is left, and the report."""

    who: str
    #: "active", "deactivated" or "no longer listed in your organizations"
    account: str
    deactivated: bool
    #: everything the person still holds, read again after the changes (same kinds as the plan's)
    after: dict[str, pd.DataFrame] = field(repr=False)
    #: one row per change: what, and its outcome ("done", "already in place", "failed", "not run")
    results: pd.DataFrame = field(repr=False)
    lines: list[str] = field(repr=False)

    @property
    def left(self) -> int:
        """Direct roles, team memberships and pending invitations still held (0 when all went)."""
        return sum(len(self.after[k]) for k in _LEFT_KINDS)

    def __str__(self) -> str:
        return "\n".join(self.lines)

    def _repr_html_(self) -> str:
        text = html.escape(str(self))
        table = (
            self.results.to_html(index=False, classes="zpro-offboard-results") if len(self.results) else ""
        )
        return f"<div class='zpro-offboard-outcome'><pre>{text}</pre>{table}</div>"


def _named(row: pd.Series, columns: list[str]) -> str:
    return " / ".join(str(row[c]) for c in columns if str(row[c]))


def _results(plan: OffboardingParts) -> pd.DataFrame:
    rows = []
    for name, (label, columns) in _LABELS.items():
        if name not in plan.plans:
            continue
        for _, row in plan.plans[name].results.iterrows():
            rows.append(
                {
                    "change": label,
                    "what": _named(row, columns),
                    "outcome": row["outcome"],
                    "reason": row["reason"],
                }
            )
    import pandas as pd  # lazy: pandas loads on the first plan, never at import zpro_nb

    return pd.DataFrame(rows, columns=["change", "what", "outcome", "reason"])


def _report(
    plan: OffboardingParts, results: pd.DataFrame, deactivated: bool, after: dict[str, pd.DataFrame]
) -> list[str]:
    lines = [f"CHANGED for {plan.who}:"]
    lines += [f"  {r.change}: {r.what}" for r in results[results["outcome"] == "done"].itertuples()]
    if deactivated:
        lines.append("  account deactivated: they can no longer sign in")
    lines.append("NOT CHANGED:")
    for outcome, why in _NOT_DONE.items():
        for r in results[results["outcome"] == outcome].itertuples():
            reason = f" ({r.reason})" if str(r.reason) else ""
            lines.append(f"  {r.change} {r.what}: {why}{reason}")
    if not plan.person.is_active:
        lines.append("  the account: it was already deactivated")
    elif not deactivated:
        lines.append(
            "  the account (deactivate=False): still active; they can sign in, without the access above"
        )
    kept = len(plan.holdings["roles through teams"])
    lines.append(f"  the {kept} role(s) of the teams they left: the teams keep them for their other members")
    if len(after["project roles"]):
        lines.append(f"  {len(after['project roles'])} project role(s): revoke them in the workspace")
    lines.append(
        "  what they created or own inside workspaces (pipelines, stacks, service accounts, API keys)"
    )
    left = sum(len(after[k]) for k in _LEFT_KINDS)
    lines.append(
        f"Left after the changes: {left} direct role(s), team membership(s) and pending invitation(s)."
    )
    return lines


def apply_offboarding(plan: OffboardingParts, *, deactivate: bool) -> OffboardingOutcome:
    """Deactivate (when asked) first, then invitations, teams and roles; then read it all back."""
    s, person = plan.session, plan.person
    deactivated = False
    if deactivate and person.is_active:
        deactivated = not s.deactivate_user(person.id).is_active
    for each in plan.plans.values():
        each.apply(progress=plan.progress)
    after = read_holdings(s, person.id, person.email or "", progress=plan.progress)
    try:
        account = "active" if s.get_user(person.id).is_active else "deactivated"
    except NotFound:  # organizations stop listing a person whose organization role is gone
        account = "no longer listed in your organizations"
    results = _results(plan)
    lines = []
    if deactivate and person.is_active:
        lines.append(
            f"Account of {plan.who}: "
            + ("deactivated" if deactivated else "NOT deactivated (the server kept it active)")
        )
    lines += [f"{name}: {each.summary()}" for name, each in plan.plans.items()]
    lines.append(f"account: {account}")
    lines += _report(plan, results, deactivated, after)
    return OffboardingOutcome(plan.who, account, deactivated, after, results, lines)
