"""One change to access in ZenML Pro, with everything needed to send it, show it, journal it and undo it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal, get_args

from ..errors import InvalidArgument

ChangeKind = Literal[
    "assign_role",
    "revoke_role",
    "add_team_member",
    "remove_team_member",
    "invite_user",
    "cancel_invitation",
]
CHANGE_KINDS: tuple[ChangeKind, ...] = get_args(ChangeKind)

_INVERSE: dict[ChangeKind, ChangeKind] = {
    "assign_role": "revoke_role",
    "revoke_role": "assign_role",
    "add_team_member": "remove_team_member",
    "remove_team_member": "add_team_member",
    "invite_user": "cancel_invitation",
    "cancel_invitation": "invite_user",
}
_ADDS: frozenset[ChangeKind] = frozenset({"assign_role", "add_team_member", "invite_user"})


@dataclass(frozen=True)
class Change:
    """A resolved change: ids to send, names to show. Empty strings mean "not part of this change"."""

    kind: ChangeKind
    organization_id: str = ""
    organization: str = ""
    role_id: str = ""
    role: str = ""
    user_id: str = ""
    user: str = ""
    team_id: str = ""
    team: str = ""
    workspace_id: str = ""
    workspace: str = ""
    email: str = ""
    invitation_id: str = ""

    @property
    def adds(self) -> bool:
        """True when the change grants something (assign, add, invite); False when it takes it away."""
        return self.kind in _ADDS

    @property
    def target(self) -> tuple[str, ...]:
        """What the change is about, the same for a change and its inverse (used to find duplicates)."""
        if self.kind in ("assign_role", "revoke_role"):
            principal = ("team", self.team_id) if self.team_id else ("user", self.user_id)
            return ("role", self.organization_id, self.role_id, *principal, self.workspace_id)
        if self.kind in ("add_team_member", "remove_team_member"):
            return ("team", self.team_id, self.user_id)
        return ("invitation", self.organization_id, self.email.casefold())

    def inverse(self) -> Change:
        """The change that undoes this one."""
        return replace(self, kind=_INVERSE[self.kind])

    def describe(self) -> str:
        """A sentence for tables and messages: ``assign 'Workspace Viewer' to alice@x in workspace 'ml'``."""
        who = f"team '{self.team}'" if self.team_id else self.user or self.email
        scope = (
            f"workspace '{self.workspace}'" if self.workspace_id else f"organization '{self.organization}'"
        )
        match self.kind:
            case "assign_role":
                return f"assign '{self.role}' to {who} in {scope}"
            case "revoke_role":
                return f"revoke '{self.role}' from {who} in {scope}"
            case "add_team_member":
                return f"add {self.user} to team '{self.team}'"
            case "remove_team_member":
                return f"remove {self.user} from team '{self.team}'"
            case "invite_user":
                return f"invite {self.email} to '{self.organization}' as '{self.role}'"
            case "cancel_invitation":
                return f"cancel the invitation of {self.email} to '{self.organization}'"

    def to_record(self) -> dict[str, str]:
        """The change as a flat JSON object (what the journal stores)."""
        return {k: v for k, v in asdict(self).items() if v}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Change:
        """Rebuild a change from :meth:`to_record`'s output (unknown keys are ignored)."""
        kind = record.get("kind")
        if kind not in CHANGE_KINDS:
            raise InvalidArgument(f"unknown change kind {kind!r}; expected one of {', '.join(CHANGE_KINDS)}")
        names = {f.name for f in fields(cls)}
        values = {k: str(v) for k, v in record.items() if k in names and k != "kind" and v is not None}
        return cls(kind=kind, **values)
