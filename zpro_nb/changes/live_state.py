"""The live state a plan is diffed against: who holds which role, who is in which team, who is invited.

Read through the Session's own list methods (concurrently), then kept as small records with indexes so a
300-row sheet resolves names in O(1) and unknown names come back with close matches.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ..api.lookup import close_matches
from .change import Change

if TYPE_CHECKING:
    import pandas as pd


T = TypeVar("T")


class ListSource(Protocol):
    """The AsyncSession list methods a live state is read through."""

    async def organizations(self) -> pd.DataFrame: ...
    async def users(self) -> pd.DataFrame: ...
    async def teams(self, organization: str | None = None) -> pd.DataFrame: ...
    async def team_members(self, team: str) -> pd.DataFrame: ...
    async def roles(self, organization: str | None = None, level: str | None = None) -> pd.DataFrame: ...
    async def workspaces(self, organization: str | None = None) -> pd.DataFrame: ...
    async def role_assignments(
        self, organization: str | None = None, *, progress: bool = True
    ) -> pd.DataFrame: ...
    async def invitations(self, organization: str | None = None) -> pd.DataFrame: ...


class Unknown(LookupError):
    """A name in the sheet that matches nothing (or several things); ``fix`` says what to write instead."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


@dataclass(frozen=True)
class Org:
    id: str
    name: str


@dataclass(frozen=True)
class User:
    id: str
    username: str
    email: str
    is_active: bool = True

    @property
    def label(self) -> str:
        """The email when there is one (what admins type), else the username."""
        return self.email or self.username


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    organization_id: str


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    level: str
    organization_id: str


@dataclass(frozen=True)
class Workspace:
    id: str
    name: str
    organization_id: str


@dataclass(frozen=True)
class Invitation:
    id: str
    email: str
    organization_id: str
    role_id: str
    role: str
    status: str


@dataclass
class LiveState:
    """A snapshot of the parts of Pro a plan touches."""

    organizations: list[Org] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    workspaces: list[Workspace] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    #: ``(role_id, "user" | "team", principal_id, workspace_id or "")``
    assignments: set[tuple[str, str, str, str]] = field(default_factory=set)
    #: ``(team_id, user_id)``
    memberships: set[tuple[str, str]] = field(default_factory=set)

    # -- lookups -------------------------------------------------------------------------------
    def organization(self, text: str) -> Org:
        """The organization named (or with the id) ``text``."""
        return _pick(text, self.organizations, lambda o: (o.id, o.name), "organization", lambda o: o.name)

    def user(self, text: str) -> User:
        """The user whose email, username or id is ``text`` (case does not matter)."""
        return _pick(text, self.users, lambda u: (u.id, u.email, u.username), "user", lambda u: u.label)

    def team(self, text: str, organization_id: str | None) -> Team:
        """The team called ``text`` (in ``organization_id`` when given)."""
        pool = [t for t in self.teams if organization_id in (None, t.organization_id)]
        return _pick(text, pool, lambda t: (t.id, t.name), "team", lambda t: t.name, self._org_name)

    def role(self, text: str, organization_id: str | None, *, ambiguous_ok: bool = False) -> Role:
        """The role called ``text`` in the organization (``None``: in any; ``ambiguous_ok``: the first)."""
        pool = [r for r in self.roles if organization_id in (None, r.organization_id)]
        if ambiguous_ok:
            wanted = text.strip().casefold()
            found = [r for r in pool if wanted in (r.id.casefold(), r.name.casefold())]
            if found:
                return found[0]
        return _pick(text, pool, lambda r: (r.id, r.name), "role", lambda r: r.name)

    def roles_at(self, organization_id: str, level: str) -> list[str]:
        """Names of the organization's roles of one level (for suggestions)."""
        return sorted(r.name for r in self.roles if r.organization_id == organization_id and r.level == level)

    def workspace(self, text: str, organization_id: str | None) -> Workspace:
        """The workspace called ``text`` (in ``organization_id`` when given)."""
        pool = [w for w in self.workspaces if organization_id in (None, w.organization_id)]
        return _pick(text, pool, lambda w: (w.id, w.name), "workspace", lambda w: w.name, self._org_name)

    def _org_name(self, organization_id: str) -> str:
        return next((o.name for o in self.organizations if o.id == organization_id), organization_id)

    # -- diffing -------------------------------------------------------------------------------
    def holds(self, change: Change) -> bool:
        """Whether what ``change`` is about exists now (an assignment, a membership, a pending invitation)."""
        if change.kind in ("assign_role", "revoke_role"):
            principal = ("team", change.team_id) if change.team_id else ("user", change.user_id)
            return (change.role_id, *principal, change.workspace_id) in self.assignments
        if change.kind in ("add_team_member", "remove_team_member"):
            return (change.team_id, change.user_id) in self.memberships
        pending = [
            i
            for i in self.invitations
            if i.organization_id == change.organization_id and i.status in ("", "pending")
        ]
        if change.kind == "cancel_invitation" and change.invitation_id:
            return any(i.id == change.invitation_id for i in pending)
        return any(i.email.casefold() == change.email.casefold() for i in pending)

    def in_place(self, change: Change) -> bool:
        """Whether the state already is what ``change`` would make it."""
        return self.holds(change) == change.adds

    def pending_invitation(self, organization_id: str, email: str) -> Invitation | None:
        """The pending invitation of ``email`` to the organization, if any."""
        for i in self.invitations:
            if (
                i.organization_id == organization_id
                and i.email.casefold() == email.casefold()
                and i.status in ("", "pending")
            ):
                return i
        return None


def _pick(
    text: str,
    pool: Sequence[T],
    keys: Callable[[T], tuple[str, ...]],
    noun: str,
    label: Callable[[T], str],
    org_name: Callable[[str], str] | None = None,
) -> T:
    wanted = text.strip().casefold()
    found = [item for item in pool if wanted in {k.casefold() for k in keys(item) if k}]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        where = (
            ", ".join(sorted(org_name(getattr(i, "organization_id", "")) for i in found)) if org_name else ""
        )
        raise Unknown(
            f"the {noun} '{text}' exists in several organizations ({where})",
            "add an 'organization' column (or pass organization=) to say which one",
        )
    names = sorted({label(item) for item in pool if label(item)})
    close = close_matches(text, names)  # emails part by part: no unrelated people suggested
    if close:
        fix = "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    elif names and len(names) <= 8:
        fix = "use one of: " + ", ".join(f"'{n}'" for n in names)
    else:
        fix = f"check the spelling; s.{noun}s() lists the {noun}s"
    raise Unknown(f"no {noun} called '{text}' was found", fix)


# -- reading through the Session ----------------------------------------------------------------
def _texts(frame: pd.DataFrame, column: str) -> list[str]:
    if column not in frame.columns:
        return [""] * len(frame)
    return ["" if _missing(v) else str(v) for v in frame[column].tolist()]


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and pd.NA-like values are not equal to themselves
    except (TypeError, ValueError):
        return True


def _bools(frame: pd.DataFrame, column: str) -> list[bool]:
    if column not in frame.columns:
        return [True] * len(frame)
    return [True if _missing(v) else bool(v) for v in frame[column].tolist()]


async def read_live_state(
    source: ListSource,
    *,
    assignments: bool = False,
    invitations: bool = False,
) -> LiveState:
    """Read organizations, users and each organization's teams, roles and workspaces, concurrently.

    ``assignments`` and ``invitations`` add each organization's role assignments and invitations.
    Team memberships are read separately (:func:`read_memberships`) once the sheet says which teams matter.
    """
    orgs_frame, users_frame = await asyncio.gather(source.organizations(), source.users())
    state = LiveState()
    state.organizations = [
        Org(i, n) for i, n in zip(_texts(orgs_frame, "id"), _texts(orgs_frame, "name"), strict=True)
    ]
    state.users = [
        User(i, u, e, a)
        for i, u, e, a in zip(
            _texts(users_frame, "id"),
            _texts(users_frame, "username"),
            _texts(users_frame, "email"),
            _bools(users_frame, "is_active"),
            strict=True,
        )
    ]

    async def per_org(org: Org) -> None:
        calls: list[Any] = [
            source.teams(organization=org.id),
            source.roles(organization=org.id),
            source.workspaces(organization=org.id),
        ]
        if assignments:
            # no progress bar: planning reads several organizations at once and says what it found
            calls.append(source.role_assignments(organization=org.id, progress=False))
        if invitations:
            calls.append(source.invitations(organization=org.id))
        frames = await asyncio.gather(*calls)
        teams, roles, workspaces = frames[:3]
        state.teams += [
            Team(i, n, org.id) for i, n in zip(_texts(teams, "id"), _texts(teams, "name"), strict=True)
        ]
        state.roles += [
            Role(i, n, lv, org.id)
            for i, n, lv in zip(
                _texts(roles, "id"), _texts(roles, "name"), _texts(roles, "level"), strict=True
            )
        ]
        state.workspaces += [
            Workspace(i, n, org.id)
            for i, n in zip(_texts(workspaces, "id"), _texts(workspaces, "name"), strict=True)
        ]
        rest = list(frames[3:])
        if assignments:
            held = rest.pop(0)
            for role_id, user_id, team_id, ws_id, project_id in zip(
                _texts(held, "role_id"),
                _texts(held, "user_id"),
                _texts(held, "team_id"),
                _texts(held, "workspace_id"),
                _texts(held, "project_id"),
                strict=True,
            ):
                if project_id:
                    continue  # project-scoped assignments are outside what sheets change
                if team_id:
                    state.assignments.add((role_id, "team", team_id, ws_id))
                elif user_id:
                    state.assignments.add((role_id, "user", user_id, ws_id))
        if invitations:
            invited = rest.pop(0)
            state.invitations += [
                Invitation(i, e, org.id, r, rn, st)
                for i, e, r, rn, st in zip(
                    _texts(invited, "id"),
                    _texts(invited, "email"),
                    _texts(invited, "role_id"),
                    _texts(invited, "role_name"),
                    _texts(invited, "status"),
                    strict=True,
                )
            ]

    await asyncio.gather(*(per_org(org) for org in state.organizations))
    return state


async def read_memberships(source: ListSource, state: LiveState, team_ids: Iterable[str]) -> None:
    """Add the members of the given teams to ``state.memberships`` (one request per team, concurrently)."""
    wanted = sorted(set(team_ids))
    frames = await asyncio.gather(*(source.team_members(team_id) for team_id in wanted))
    for team_id, members in zip(wanted, frames, strict=True):
        state.memberships.difference_update({m for m in state.memberships if m[0] == team_id})
        state.memberships.update((team_id, user_id) for user_id in _texts(members, "user_id") if user_id)


async def load_state(source: ListSource, changes: Sequence[Change]) -> LiveState:
    """Read the live state the given changes are diffed against (only the parts they touch)."""
    kinds = {c.kind for c in changes}
    state = await read_live_state(
        source,
        assignments=bool(kinds & {"assign_role", "revoke_role"}),
        invitations=bool(kinds & {"invite_user", "cancel_invitation"}),
    )
    teams = {c.team_id for c in changes if c.kind in ("add_team_member", "remove_team_member")}
    if teams:
        await read_memberships(source, state, teams)
    return state
