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


def _texts(column: pd.Series) -> list[str]:
    """A column as plain strings, ``""`` for a missing value (what :func:`_text` makes of each cell)."""
    return [_text(v) for v in column.to_numpy(dtype=object, na_value="").tolist()]


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
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The access table and the workspaces it was read with (the matrix needs both).

    ``organization_roles`` adds the organization-level grants too (``workspace`` empty), with a
    ``scope`` column saying which is which; the access table itself is about workspaces only.
    """
    import pandas as pd  # lazy: pandas

    async with Activity("Reading access", show=progress) as activity:
        # One organization: its teams' members are read alongside the assignments rather than after
        # all of them (a round trip, plus the pause while the assignments become a frame).
        early = asyncio.ensure_future(_members_of_teams(session, organization)) if organization else None
        try:
            assignments, workspaces = await gather_with_progress(
                [
                    session.role_assignments(
                        organization=organization,
                        # The table is about workspaces: organization roles' lists (every member of
                        # the organization) would be read only to be dropped.
                        level=None if organization_roles else "workspace",
                        progress=False,
                    ),
                    session.workspaces(organization=organization),
                ],
                desc="roles and workspaces",
                activity=activity,
            )
            organizations = await session.organizations() if organization_roles else None
        except BaseException:
            if early is not None:
                early.cancel()
                with contextlib.suppress(BaseException):
                    await early
            raise
        unscoped = assignments["project_id"].isna()
        in_workspace = assignments["workspace_id"].notna()
        scoped = assignments[unscoped & (in_workspace | organization_roles)]
        team_ids = sorted({t for t in scoped["team_id"].dropna()})
        read_early = await _settled(early)
        # Team ids come from the assignments themselves: whatever was not read early (a team the
        # early read could not list or see) is asked for directly, no name lookup.
        missing = [t for t in team_ids if t not in read_early]
        fetched = await gather_with_progress(
            [teams_api.list_team_members(session.pro, team_id) for team_id in missing],
            desc="team members",
            activity=activity,
        )
        members_of = {**read_early, **dict(zip(missing, fetched, strict=True))}
        members = [members_of[t] for t in team_ids]
    team_users: dict[str, list[dict[str, str]]] = {
        team_id: [
            {
                "user_id": _text(u.get("id")),
                "username": _text(u.get("username")),
                "email": _text(u.get("email")),
            }
            for u in records
        ]
        for team_id, records in zip(team_ids, members, strict=True)
    }
    org_of = dict(zip(_texts(workspaces["id"]), _texts(workspaces["organization_name"]), strict=True))
    org_names = (
        {}
        if organizations is None
        else dict(zip(_texts(organizations["id"]), _texts(organizations["name"]), strict=True))
    )
    rows: list[dict[str, str]] = []
    # Column by column, not ``to_dict("records")``: at organization scale (20,000 assignments)
    # boxing every cell of every column into a dict per row cost more than the rest of the view.
    picked = [_texts(scoped[c]) for c in _ASSIGNMENT_FIELDS]
    for workspace_id, org_id, ws_name, role, user_id, username, email, team_id, team_name in zip(
        *picked, strict=True
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
    return table.sort_values(["username", "workspace", "role", "via"], ignore_index=True), workspaces


async def _members_of_teams(session: ProReader, organization: str) -> dict[str, list[dict[str, Any]]]:
    """Every team of the organization with its members.

    The teams are listed while the workspaces and roles are, so the member reads queue before the
    assignments' fan-out (not ahead of the workspace list's later pages, which the fan-out waits
    on) and arrive long before the last assignment.
    """
    org = await session._one_organization(organization)
    teams = await teams_api.list_teams(session.pro, str(org["id"]))
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
    columns = sorted({str(w) for w in workspaces["name"].dropna()} | {str(w) for w in table["workspace"]})
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
