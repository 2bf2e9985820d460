"""Who can reach which workspace, with which role, and how (directly or through a team)."""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ..api.pro import teams as teams_api
from ..errors import ZProError
from ..progress import Activity, gather_with_progress

if TYPE_CHECKING:
    import pandas as pd

    from .reader import ProReader

ACCESS_COLUMNS = ["username", "email", "user_id", "organization", "workspace", "workspace_id", "role", "via"]


def _text(value: Any) -> str:
    return "" if value is None or value != value else str(value)


#: the assignment columns the access table is made of, in the order ``_access`` unpacks them
_ASSIGNMENT_FIELDS = (
    "workspace_id",
    "organization_id",
    "workspace_name",
    "role_name",
    "user_id",
    "username",
    "user_email",
    "team_id",
    "team_name",
)


async def access_table(
    session: ProReader, *, organization: str | None = None, progress: bool = True
) -> pd.DataFrame:
    """One row per (user, workspace, role, via): ``via`` is ``direct`` or ``team <name>``.

    Reads every organization's role assignments (one list per role) and the members of every
    team that holds a workspace role, concurrently, with a progress bar.
    """
    table, _ = await _access(session, organization, progress)
    return table


async def _access(
    session: ProReader, organization: str | None, progress: bool, *, organization_roles: bool = False
) -> tuple[pd.DataFrame, list[dict[str, str]]]:
    """The access table and the workspaces it was read with (the matrix needs both), as ``{"id",
    "name"}`` records.

    ``organization_roles`` adds the organization-level grants too (``workspace`` empty), with a
    ``scope`` column saying which is which; the access table itself is about workspaces only.
    """
    import pandas as pd  # lazy: pandas

    from ..frames import SCHEMAS  # lazy: frames load pandas
    from ..frames.build import extract_column  # lazy: pandas

    async with Activity("Reading access", show=progress) as activity:
        # The organization is resolved once, and the workspaces listed once: the assignments are
        # read with them, and the table and the matrix are built from the same records.
        orgs = await session._organizations_for(organization)
        # One organization: its teams' members are read alongside the assignments rather than after
        # all of them (a round trip, plus the pause while the assignments are sorted out).
        early = (
            asyncio.ensure_future(_members_of_teams(session, str(orgs[0]["id"])))
            if organization is not None
            else None
        )
        try:
            activity.stage("roles and workspaces", total=1)
            records, ws_records = await session._assignment_records(
                orgs,
                organization is not None,
                # The table is about workspaces: organization roles' lists (every member of the
                # organization) would be read only to be dropped.
                level=None if organization_roles else "workspace",
                progress=False,
            )
            activity.advance()
        except BaseException:
            # Not a TaskGroup: it would wrap the caller's PermissionDenied in an ExceptionGroup.
            if early is not None:
                early.cancel()
                with contextlib.suppress(BaseException):
                    await early
            raise
        schema = SCHEMAS["role_assignments"]
        fields = {name: extract_column(records, schema.column(name)) for name in _ASSIGNMENT_FIELDS}
        ws_names = {w.get("id"): w.get("name") for w in ws_records}
        fields["workspace_name"] = [ws_names.get(w) for w in fields["workspace_id"]]
        project_ids = extract_column(records, schema.column("project_id"))
        keep = [
            project is None and (workspace_id is not None or organization_roles)
            for project, workspace_id in zip(project_ids, fields["workspace_id"], strict=True)
        ]
        picked = {
            name: [_text(v) for v, k in zip(values, keep, strict=True) if k]
            for name, values in fields.items()
        }
        team_ids = sorted({t for t in picked["team_id"] if t})
        read_early = await _settled(early)
        # Team ids come from the assignments themselves: whatever was not read early (a team the
        # early read could not list or see) is asked for directly, no name lookup.
        missing = [t for t in team_ids if t not in read_early]
        fetched = await gather_with_progress(
            [teams_api.list_team_members(session.pro, team_id) for team_id in missing],
            desc="team members",
            activity=activity,
            window=session.transport.limits.calls_at_once(),
        )
        members_of = {**read_early, **dict(zip(missing, fetched, strict=True))}
    team_users: dict[str, list[dict[str, str]]] = {
        team_id: [
            {
                "user_id": _text(u.get("id")),
                "username": _text(u.get("username")),
                "email": _text(u.get("email")),
            }
            for u in members_of[team_id]
        ]
        for team_id in team_ids
    }
    org_path = SCHEMAS["workspaces"].column("organization_name")
    org_of = dict(
        zip(
            (_text(w.get("id")) for w in ws_records),
            (_text(v) for v in extract_column(ws_records, org_path)),
            strict=True,
        )
    )
    org_names = {_text(o.get("id")): _text(o.get("name")) for o in orgs} if organization_roles else {}
    rows: list[dict[str, str]] = []
    # Column by column from the records: at organization scale (20,000 assignments) a frame in
    # between, or a dict per row boxed from one, cost more than the rest of the view.
    for workspace_id, org_id, ws_name, role, user_id, username, email, team_id, team_name in zip(
        *(picked[c] for c in _ASSIGNMENT_FIELDS), strict=True
    ):
        base = {
            "organization": org_of.get(workspace_id) or org_names.get(org_id) or "",
            "workspace": ws_name or workspace_id,
            "workspace_id": workspace_id,
            "role": role,
        }
        if organization_roles:
            base["scope"] = "workspace" if workspace_id else "organization"
        if user_id:
            rows.append({"user_id": user_id, "username": username, "email": email, **base, "via": "direct"})
        elif team_id:
            via = f"team {team_name or team_id}"
            rows += [{**who, **base, "via": via} for who in team_users.get(team_id, [])]
    columns = [*ACCESS_COLUMNS, "scope"] if organization_roles else ACCESS_COLUMNS
    table = pd.DataFrame(rows, columns=columns).astype("string")
    workspaces = [{"id": _text(w.get("id")), "name": _text(w.get("name"))} for w in ws_records]
    return table.sort_values(["username", "workspace", "role", "via"], ignore_index=True), workspaces


async def _members_of_teams(session: ProReader, org_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every team of the organization with its members.

    The teams are listed while the workspaces and roles are, so the member reads queue before the
    assignments' fan-out (not ahead of the workspace list's later pages, which the fan-out waits
    on) and arrive long before the last assignment.
    """
    teams = await teams_api.list_teams(session.pro, org_id)
    ids = [str(t["id"]) for t in teams if t.get("id")]
    answers = await asyncio.gather(
        *(teams_api.list_team_members(session.pro, i) for i in ids), return_exceptions=True
    )
    found: dict[str, list[dict[str, Any]]] = {}
    for team_id, answer in zip(ids, answers, strict=True):
        if isinstance(answer, BaseException):
            if not isinstance(answer, ZProError):
                raise answer
            continue  # read again, directly, if the assignments name this team
        found[team_id] = answer
    return found


async def _settled(early: asyncio.Future[dict[str, list[dict[str, Any]]]] | None) -> dict[str, Any]:
    """What the early read found; nothing when it failed (the members are then read as before)."""
    if early is None:
        return {}
    try:
        return await early
    except ZProError:
        return {}


async def access_matrix(
    session: ProReader, *, organization: str | None = None, progress: bool = True
) -> pd.DataFrame:
    """Users (rows) x workspaces (columns); a cell lists the roles held there and how.

    E.g. ``"Workspace Admin (direct); Workspace Viewer (via team ml)"``; empty: no workspace role.
    Every workspace is a column, even one nobody holds a role in.
    """
    import pandas as pd  # lazy: pandas

    from .matrix_display import VIEW_ATTR  # lazy: it loads pandas, and `import zpro_nb` must not

    table, workspaces = await _access(session, organization, progress)
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for user, workspace, role, via in zip(
        table["username"], table["workspace"], table["role"], table["via"], strict=True
    ):
        how = "direct" if via == "direct" else f"via {via}"
        cells[(str(user), str(workspace))].append(f"{role} ({how})")
    users = sorted({str(u) for u in table["username"]})
    columns = sorted({w["name"] for w in workspaces if w["name"]} | {str(w) for w in table["workspace"]})
    # Fill only the cells someone holds: users x workspaces is ~10^6 cells at organization scale,
    # the held ones a few 10^4, and walking every pair was most of the matrix's own time.
    row_of = {user: i for i, user in enumerate(users)}
    data: dict[str, list[str]] = {ws: [""] * len(users) for ws in columns}
    for (user, workspace), held in cells.items():
        data[workspace][row_of[user]] = "; ".join(held)
    matrix = pd.DataFrame(data, index=pd.Index(users, name="user"), columns=columns, dtype="string")
    matrix.columns.name = "workspace"
    matrix.attrs[VIEW_ATTR] = "access_matrix"  # the notebook shows it as coloured badges
    return matrix
