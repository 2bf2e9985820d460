"""Every workspace in one table: its state, URL and members, and for running ones their activity."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from ..api.pro.workspaces import list_workspace_members, list_workspaces
from ..api.workspace import resources as resources_api
from ..api.workspace.filters import filter_time, op
from ..errors import ZProError
from ..models.pro import Workspace
from ..progress import Activity, gather_with_progress

if TYPE_CHECKING:
    import pandas as pd

    from ..frames.columns import Column
    from .reader import ProReader

INVENTORY_DTYPES: dict[str, str] = {
    "organization": "string",
    "workspace": "string",
    "workspace_id": "string",
    "status": "string",
    "url": "string",
    "members": "Int64",
    "reachable": "boolean",
    "pipelines": "Int64",
    "runs_last_30_days": "Int64",
    "last_run": "datetime64[ns, UTC]",
    "error": "string",
}


async def _activity(
    session: ProReader, found: Workspace, since: dt.datetime, created: Column
) -> dict[str, Any]:
    # Counts are the server's totals on one-item pages and the last run is a one-item page: the
    # same few requests for a workspace with 20 runs as for one with 20,000.
    try:
        # The record was listed a moment ago: hop with it rather than read each workspace again.
        ws = session._session_on(found)
        recent_filter = {"created": op("gte", filter_time(since))}
        pipelines, recent, latest = await asyncio.gather(
            resources_api.count_resource(ws.client, "pipelines"),
            resources_api.count_resource(ws.client, "runs", filters=recent_filter),
            resources_api.list_resource(
                ws.client, "runs", sort_by="desc:created", hydrate=False, max_items=1
            ),
        )
    except ZProError as exc:  # an unreachable workspace is a row saying so, not a failed inventory
        return {"reachable": False, "error": f"{type(exc).__name__}: {exc}"}
    from ..frames.build import extract_column  # lazy: pandas

    # The raw time, read where the runs frame reads it (``created``) and made a timestamp with the
    # whole column: a runs frame per workspace for this one cell was a fifth of the inventory's CPU.
    last = extract_column(latest, created)
    return {
        "reachable": True,
        "pipelines": pipelines,
        "runs_last_30_days": recent,
        "last_run": last[0] if last else None,
        "error": None,
    }


async def _member_count(session: ProReader, workspace_id: str) -> int | None:
    try:
        return len(await list_workspace_members(session.pro, workspace_id))
    except ZProError:  # a caller without rights to the member list still gets the rest
        return None


async def workspace_inventory(
    session: ProReader, *, organization: str | None = None, progress: bool = True
) -> pd.DataFrame:
    """One row per workspace: organization, name, status, URL, member count; for available ones the
    number of pipelines, runs in the last 30 days and the last run's time, read from each
    workspace's own API concurrently. A workspace that cannot be reached says so in ``error``."""
    import pandas as pd  # lazy: pandas

    from ..frames import SCHEMAS  # lazy: frames load pandas
    from ..frames.build import convert  # lazy: pandas

    async with Activity("Workspace inventory", show=progress) as line:
        line.stage("listing workspaces")
        org_id = (await session._one_organization(organization))["id"] if organization else None
        records = await list_workspaces(session.pro, organization_id=org_id)
        workspaces = SCHEMAS["workspaces"].build(records)
        since = dt.datetime.fromtimestamp(session.transport.clock.time(), dt.UTC) - dt.timedelta(days=30)
        created = SCHEMAS["runs"].column("created")
        rows = workspaces.to_dict("records")
        ids = [str(r["id"]) for r in rows]
        available = [
            Workspace.model_validate(record)
            for record, row in zip(records, rows, strict=True)
            if row["status"] == "available"
        ]
        # Member counts and the running workspaces' activity in one gather: as two, the activity
        # waited for the slowest member count with most of the concurrency idle.
        answers = await gather_with_progress(
            [
                *(_member_count(session, i) for i in ids),
                *(_activity(session, found, since, created) for found in available),
            ],
            desc="reading workspaces",
            activity=line,
            window=session.transport.limits.calls_at_once(),
        )
        counts = cast("list[int | None]", answers[: len(ids)])
        activity = dict(
            zip(
                (str(found.id) for found in available),
                cast("list[dict[str, Any]]", answers[len(ids) :]),
                strict=True,
            )
        )
    table = []
    for workspace_id, row, members in zip(ids, rows, counts, strict=True):
        entry: dict[str, Any] = {
            "organization": row["organization_name"],
            "workspace": row["name"],
            "workspace_id": workspace_id,
            "status": row["status"],
            "url": row["url"],
            "members": members,
        }
        entry.update(activity.get(workspace_id, {"reachable": None, "error": None}))
        table.append(entry)
    frame = pd.DataFrame(table, columns=list(INVENTORY_DTYPES))
    frame = frame.astype({k: v for k, v in INVENTORY_DTYPES.items() if k != "last_run"})
    frame["last_run"] = convert(frame["last_run"].tolist(), INVENTORY_DTYPES["last_run"])
    return frame
