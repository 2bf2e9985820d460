"""Who can reach which workspace, with which role, and how (directly or through a team)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ..api.pro import teams as teams_api
from ..progress import Activity, gather_with_progress

if TYPE_CHECKING:
    import pandas as pd

    from .reader import ProReader

ACCESS_COLUMNS = ["username", "email", "user_id", "organization", "workspace", "workspace_id", "role", "via"]


def _text(value: Any) -> str:
    return "" if value is None or value != value else str(value)


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
        assignments, workspaces = await gather_with_progress(
            [
                session.role_assignments(organization=organization, progress=False),
                session.workspaces(organization=organization),
            ],
            desc="roles and workspaces",
            activity=activity,
        )
        organizations = await session.organizations() if organization_roles else None
        unscoped = assignments["project_id"].isna()
        in_workspace = assignments["workspace_id"].notna()
        scoped = assignments[unscoped & (in_workspace | organization_roles)]
        team_ids = sorted({t for t in scoped["team_id"].dropna()})
        # Team ids come from the assignments themselves: ask for their members directly, no name lookup.
        members = await gather_with_progress(
            [teams_api.list_team_members(session.pro, team_id) for team_id in team_ids],
            desc="team members",
            activity=activity,
        )
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
    org_of = dict(zip(workspaces["id"], workspaces["organization_name"], strict=True))
    org_names = (
        {} if organizations is None else dict(zip(organizations["id"], organizations["name"], strict=True))
    )
    rows: list[dict[str, str]] = []
    for ra in scoped.to_dict("records"):
        workspace_id = _text(ra["workspace_id"])
        base = {
            "organization": _text(org_of.get(workspace_id) or org_names.get(ra["organization_id"])),
            "workspace": _text(ra["workspace_name"]) or workspace_id,
            "workspace_id": workspace_id,
            "role": _text(ra["role_name"]),
        }
        if organization_roles:
            base["scope"] = "workspace" if workspace_id else "organization"
        if _text(ra["user_id"]):
            who = {
                "user_id": _text(ra["user_id"]),
                "username": _text(ra["username"]),
                "email": _text(ra["user_email"]),
            }
            rows.append({**who, **base, "via": "direct"})
        elif _text(ra["team_id"]):
            via = f"team {_text(ra['team_name']) or _text(ra['team_id'])}"
            rows += [{**who, **base, "via": via} for who in team_users.get(_text(ra["team_id"]), [])]
    columns = [*ACCESS_COLUMNS, "scope"] if organization_roles else ACCESS_COLUMNS
    table = pd.DataFrame(rows, columns=columns).astype("string")
    return table.sort_values(["username", "workspace", "role", "via"], ignore_index=True), workspaces


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
    data = {ws: ["; ".join(cells.get((u, ws), [])) for u in users] for ws in columns}
    matrix = pd.DataFrame(data, index=pd.Index(users, name="user"), columns=columns, dtype="string")
    matrix.columns.name = "workspace"
    matrix.attrs[VIEW_ATTR] = "access_matrix"  # the notebook shows it as coloured badges
    return matrix
