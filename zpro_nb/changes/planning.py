"""Turning sheet rows into resolved changes: every cell checked, every problem tied to its row with a fix.

The row itself (``PlannedRow``) is :mod:`.planned_row`, below this module and :mod:`.row_checks`."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Literal, TypeVar

from .._core.redaction import redact_text
from .change import Change, ChangeKind
from .columns import ColumnSpec, match_columns
from .live_state import LiveState, Org, Role
from .planned_row import Outcome, PlannedRow, RowStatus
from .problems import RowProblem
from .row_checks import Checks, RowError, RowErrors, cell, lookup
from .table_input import Table

T = TypeVar("T")

__all__ = ["Outcome", "PlannedRow", "RowStatus", "SheetKind", "diff_rows", "resolve_sheet"]

SheetKind = Literal["role_assignments", "team_members", "invitations"]

_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")

_PRINCIPAL = (
    ColumnSpec(
        "user",
        ("email", "username", "user_name", "user_email", "e_mail", "member", "login"),
        example="alice@acme.example",
    ),
    ColumnSpec("team", ("team_name", "group"), example="data-science"),
)
_ORG = ColumnSpec("organization", ("org", "organization_name", "org_name", "organisation"), example="acme-ml")

SPECS: dict[SheetKind, tuple[ColumnSpec, ...]] = {
    "role_assignments": (
        *_PRINCIPAL,
        ColumnSpec("role", ("role_name", "rolename"), required=True, example="'Workspace Viewer'"),
        ColumnSpec("workspace", ("workspace_name", "tenant", "tenant_name"), example="ml-prod"),
        ColumnSpec("action", ("operation", "op"), example="assign or revoke"),
        _ORG,
    ),
    "team_members": (
        ColumnSpec("team", ("team_name", "group"), required=True, example="data-science"),
        ColumnSpec("user", _PRINCIPAL[0].aliases, required=True, example="alice@acme.example"),
        ColumnSpec("action", ("operation", "op"), example="add or remove"),
        _ORG,
    ),
    "invitations": (
        ColumnSpec(
            "email",
            ("e_mail", "email_address", "mail", "user_email", "user"),
            required=True,
            example="new.hire@acme.example",
        ),
        ColumnSpec("role", ("role_name", "rolename"), required=True, example="'Organization Member'"),
        ColumnSpec("action", ("operation", "op"), example="invite or cancel"),
        _ORG,
    ),
}
_ONE_OF: dict[SheetKind, tuple[tuple[str, ...], ...]] = {"role_assignments": (("user", "team"),)}

#: accepted words in the ``action`` column -> the change kind
ACTIONS: dict[SheetKind, dict[str, ChangeKind]] = {
    "role_assignments": {
        "assign": "assign_role",
        "add": "assign_role",
        "grant": "assign_role",
        "+": "assign_role",
        "revoke": "revoke_role",
        "remove": "revoke_role",
        "delete": "revoke_role",
        "unassign": "revoke_role",
        "-": "revoke_role",
    },
    "team_members": {
        "add": "add_team_member",
        "assign": "add_team_member",
        "join": "add_team_member",
        "+": "add_team_member",
        "remove": "remove_team_member",
        "revoke": "remove_team_member",
        "delete": "remove_team_member",
        "leave": "remove_team_member",
        "-": "remove_team_member",
    },
    "invitations": {
        "invite": "invite_user",
        "add": "invite_user",
        "send": "invite_user",
        "+": "invite_user",
        "cancel": "cancel_invitation",
        "revoke": "cancel_invitation",
        "remove": "cancel_invitation",
        "delete": "cancel_invitation",
        "withdraw": "cancel_invitation",
        "-": "cancel_invitation",
    },
}
_DEFAULT_ACTION: dict[SheetKind, str] = {
    "role_assignments": "assign",
    "team_members": "add",
    "invitations": "invite",
}


def resolve_sheet(
    kind: SheetKind,
    table: Table,
    state: LiveState,
    *,
    default_organization: str | None = None,
) -> list[PlannedRow]:
    """Check every row of ``table`` against ``state``; problems go on the rows, nothing is raised."""
    match = match_columns(table.header, SPECS[kind], one_of=_ONE_OF.get(kind, ()))
    numbered = {n for n, _ in table.rows}
    on_rows: dict[int, list[RowProblem]] = {}
    loose: list[RowProblem] = []
    for problem in table.problems:
        if problem.row is not None and problem.row in numbered:
            on_rows.setdefault(problem.row, []).append(problem)
        else:
            loose.append(problem)
    rows = [PlannedRow(p.row, {}, problems=[p]) for p in [*loose, *match.problems]]
    if match.problems:
        return rows  # without the right columns, checking rows would only repeat the header problem
    for row in _resolve_rows(kind, table, match.positions, state, default_organization):
        if row.row is not None and row.row in on_rows:
            row.problems[:0] = on_rows[row.row]
        rows.append(row)
    return rows


def _resolve_rows(
    kind: SheetKind,
    table: Table,
    positions: dict[str, int],
    state: LiveState,
    default_organization: str | None,
) -> list[PlannedRow]:
    resolver = _RESOLVERS[kind]
    planned: list[PlannedRow] = []
    seen: dict[tuple[str, ...], PlannedRow] = {}
    for number, values in table.rows:
        # a token pasted into a cell by mistake must not reach the plan, its messages or the journal
        cells = {name: redact_text(values[pos].strip()) for name, pos in positions.items()}
        row = PlannedRow(number, cells)
        planned.append(row)
        try:
            row.change = resolver(row, state, default_organization)
        except RowErrors as exc:
            row.problems.extend(RowProblem(number, e.message, e.fix, column=e.column) for e in exc.errors)
            continue
        first = seen.get(row.change.target)
        if first is not None and first.change is not None:
            if first.change.kind == row.change.kind:
                row.problems.append(
                    RowProblem(number, f"this row repeats row {first.row}", "delete one of the two rows")
                )
            else:
                row.problems.append(
                    RowProblem(
                        number,
                        f"this row undoes row {first.row} ({first.change.kind.split('_')[0]} vs "
                        f"{row.change.kind.split('_')[0]})",
                        "keep only the row you mean",
                    )
                )
            continue
        seen[row.change.target] = row
    return planned


def diff_rows(rows: list[PlannedRow], state: LiveState) -> None:
    """Set each row's status against ``state``: to add, to remove, already in place, or error."""
    for row in rows:
        if row.problems or row.change is None:
            row.status = "error"
        elif state.in_place(row.change):
            row.status = "already in place"
        else:
            row.status = "to add" if row.change.adds else "to remove"


def _action(kind: SheetKind, row: PlannedRow) -> ChangeKind:
    word = (row.cells.get("action", "") or _DEFAULT_ACTION[kind]).strip().casefold()
    accepted = ACTIONS[kind]
    if word in accepted:
        return accepted[word]
    close = difflib.get_close_matches(word, [w for w in accepted if w.isalpha()], n=1, cutoff=0.6)
    plain = sorted(
        {w for w in accepted if w.isalpha()} & {"assign", "revoke", "add", "remove", "invite", "cancel"}
    )
    fix = f"did you mean '{close[0]}'?" if close else "write " + " or ".join(f"'{w}'" for w in plain)
    raise RowError(f"'{row.cells.get('action')}' is not an action this sheet knows", fix, column="action")


def _organization(row: PlannedRow, state: LiveState, default: str | None, *inferred: str) -> Org:
    text = row.cells.get("organization", "")
    if text:
        return lookup("organization", lambda: state.organization(text))
    for org_id in inferred:
        if org_id:
            return next(o for o in state.organizations if o.id == org_id)
    if default:
        return lookup("organization", lambda: state.organization(default))
    if len(state.organizations) == 1:
        return state.organizations[0]
    names = ", ".join(f"'{o.name}'" for o in state.organizations) or "none visible"
    raise RowError(
        f"the row does not say which organization it is for (you can see {names})",
        "add an 'organization' column, or pass organization= when planning",
        column="organization",
    )


def _role_assignment(row: PlannedRow, state: LiveState, default: str | None) -> Change:
    c = Checks()
    kind = c.run(lambda: _action("role_assignments", row))
    user_text = row.cells.get("user", "")
    team_text = row.cells.get("team", "")
    if user_text and team_text:
        c.fail("the row names both a user and a team", "split it into two rows, one for each", "team")
    if not user_text and not team_text:
        column = "user" if "user" in row.cells else "team"
        c.fail("the row names neither a user nor a team", f"fill in the '{column}' cell", column)
    role_text = c.run(lambda: cell(row, "role", required=True, example="'Workspace Viewer'"))
    ws_text = row.cells.get("workspace", "")
    org_given = row.cells.get("organization", "") or default
    org_hint: str | None = None
    named_org = c.run(lambda: _organization(row, state, default)) if org_given else None
    if named_org is not None:
        org_hint = named_org.id
    workspace = c.find("workspace", lambda: state.workspace(ws_text, org_hint)) if ws_text else None
    team = c.find("team", lambda: state.team(team_text, org_hint)) if team_text else None
    user = c.find("user", lambda: state.user(user_text)) if user_text else None
    # A workspace or team that was not found cannot say which organization the row is for; that is
    # one mistake, not two, so the organization is only asked for when nothing else went wrong there.
    lost_hint = (ws_text and workspace is None) or (team_text and team is None)
    org: Org | None = named_org
    if org is None and not (org_given or lost_hint):
        hints = (getattr(workspace, "organization_id", ""), getattr(team, "organization_id", ""))
        org = c.run(lambda: _organization(row, state, default, *hints))
    elif org is None and not org_given:
        inferred = getattr(workspace, "organization_id", "") or getattr(team, "organization_id", "")
        org = next((o for o in state.organizations if o.id == inferred), None)
        if org is None and len(state.organizations) == 1:
            org = state.organizations[0]
    if org is not None:
        if team is not None and team.organization_id != org.id:
            c.fail(
                f"the team '{team.name}' is not in the organization '{org.name}'",
                "fix the team, the workspace or the organization cell",
                "team",
            )
        if workspace is not None and workspace.organization_id != org.id:
            c.fail(
                f"the workspace '{ws_text}' is not in the organization '{org.name}'",
                "fix the workspace or the organization cell",
                "workspace",
            )
    role = None
    if role_text and org is not None:
        role = c.find("role", lambda: state.role(role_text, org.id))
    elif role_text:  # no organization to look in: at least say whether any organization has it
        c.find("role", lambda: state.role(role_text, None, ambiguous_ok=True))
    if role is not None and org is not None:
        _check_role_level(c, role, org, state, ws_text)
    c.raise_if_any()
    assert kind is not None
    assert role is not None
    assert org is not None
    return Change(
        kind=kind,
        organization_id=org.id,
        organization=org.name,
        role_id=role.id,
        role=role.name,
        user_id=getattr(user, "id", ""),
        user=getattr(user, "label", ""),
        team_id=getattr(team, "id", ""),
        team=getattr(team, "name", ""),
        workspace_id=getattr(workspace, "id", ""),
        workspace=getattr(workspace, "name", ""),
    )


def _check_role_level(c: Checks, role: Role, org: Org, state: LiveState, ws_text: str) -> None:
    level = role.level
    if level == "organization" and ws_text:
        roles = ", ".join(state.roles_at(org.id, "workspace")[:5])
        c.fail(
            f"'{role.name}' is an organization role, so it cannot be given in a workspace",
            f"leave the workspace cell blank, or use a workspace role ({roles})",
            "workspace",
        )
    if level == "workspace" and not ws_text:
        c.fail(
            f"'{role.name}' is a workspace role, so the row needs a workspace",
            "fill in the workspace cell",
            "workspace",
        )
    if level not in ("organization", "workspace"):
        c.fail(
            f"'{role.name}' is a {level or 'project'} role; sheets give organization and workspace roles",
            "use an organization or workspace role",
            "role",
        )


def _team_member(row: PlannedRow, state: LiveState, default: str | None) -> Change:
    c = Checks()
    kind = c.run(lambda: _action("team_members", row))
    team_text = c.run(lambda: cell(row, "team", required=True, example="data-science"))
    user_text = c.run(lambda: cell(row, "user", required=True, example="alice@acme.example"))
    org_hint: str | None = None
    if row.cells.get("organization") or default:
        named = c.run(lambda: _organization(row, state, default))
        org_hint = named.id if named is not None else None
    team = c.find("team", lambda: state.team(team_text or "", org_hint)) if team_text else None
    user = c.find("user", lambda: state.user(user_text or "")) if user_text else None
    c.raise_if_any()
    assert kind is not None
    assert team is not None
    assert user is not None
    org = next(o for o in state.organizations if o.id == team.organization_id)
    return Change(
        kind=kind,
        organization_id=org.id,
        organization=org.name,
        team_id=team.id,
        team=team.name,
        user_id=user.id,
        user=user.label,
    )


def _invitation(row: PlannedRow, state: LiveState, default: str | None) -> Change:
    c = Checks()
    kind = c.run(lambda: _action("invitations", row))
    email = c.run(lambda: cell(row, "email", required=True, example="new.hire@acme.example"))
    if email and not _EMAIL.match(email):
        c.fail(f"'{email}' is not an email address", "write one address like name@company.com", "email")
    role_text = c.run(lambda: cell(row, "role", required=True, example="'Organization Member'"))
    org = c.run(lambda: _organization(row, state, default))
    role = c.find("role", lambda: state.role(role_text or "", org.id)) if org and role_text else None
    if role is not None and org is not None and role.level != "organization":
        roles = ", ".join(state.roles_at(org.id, "organization")[:5])
        c.fail(
            f"'{role.name}' is a {role.level} role; an invitation carries an organization role",
            f"use an organization role ({roles}); give workspace roles once the person has joined",
            "role",
        )
    c.raise_if_any()
    assert kind is not None
    assert email is not None
    assert org is not None
    assert role is not None
    invitation = state.pending_invitation(org.id, email)
    return Change(
        kind=kind,
        organization_id=org.id,
        organization=org.name,
        role_id=role.id,
        role=role.name,
        email=email,
        invitation_id=invitation.id if invitation and kind == "cancel_invitation" else "",
    )


_RESOLVERS: dict[SheetKind, Callable[[PlannedRow, LiveState, str | None], Change]] = {
    "role_assignments": _role_assignment,
    "team_members": _team_member,
    "invitations": _invitation,
}
