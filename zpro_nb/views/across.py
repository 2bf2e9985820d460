"""One question asked of many workspaces at once: one frame back, and the workspaces left out beside it.

Each workspace is read through its own :class:`~zpro_nb.workspace_session.AsyncWorkspaceSession`
(the same method, the same filters), concurrently; the shared transport's concurrency cap and rate
limit bound the whole fan-out. Every workspace's records are laid out as one frame under the
workspace frame's schema, with ``workspace`` and ``workspace_id`` in front. A workspace that cannot
be read (unreachable, not available, refusing the caller) becomes a row of ``df.zpro.errors`` and a
one-line warning, never a failed call.
"""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._core.redaction import redact_text
from ..api import lookup
from ..api.pro import workspaces as ws_api
from ..errors import WorkspacesLeftOut, ZProError
from ..models.pro import Workspace
from ..progress import Activity, gather_with_progress
from ..workspace import AsyncWorkspaceSession
from ..workspace.records_only import Listed, records_of

if TYPE_CHECKING:
    import pandas as pd

    from ..frames.schema import FrameSchema
    from .reader import ProReader

__all__ = [
    "ACROSS_SCHEMAS",
    "Answer",
    "WorkspaceTarget",
    "WorkspacesLeftOut",
    "ask_target",
    "gather_across",
    "target_of",
    "targets_of",
]

#: the workspace-session methods that can be asked across workspaces, and the schema of each answer
ACROSS_SCHEMAS: dict[str, str] = {
    "runs": "runs",
    "pipelines": "pipelines",
    "stacks": "stacks",
    "service_accounts": "service_accounts",
    "api_keys": "api_keys",
    "artifacts": "artifacts",
    "models": "models",
}


#: workspaces' calls under way at once: all of an organization's, short of a task each for thousands
#: (reads started while the list comes in, at most as many again, finish within the same cap)
ACROSS_WINDOW = 512


@dataclass(frozen=True)
class WorkspaceTarget:
    """One workspace to ask: its name and id, and how to open a session on it.

    ``open`` is ``None`` when the workspace is known to be out of reach already (``problem`` says why).
    """

    name: str
    workspace_id: str
    open: Callable[[], Awaitable[AsyncWorkspaceSession]] | None
    problem: str | None = None


def _opener(session: ProReader, record: Mapping[str, Any]) -> Callable[[], Awaitable[AsyncWorkspaceSession]]:
    # Built from the listed record: no second read of the workspace per workspace.
    async def open_session() -> AsyncWorkspaceSession:
        return session._session_on(Workspace.model_validate(record))

    return open_session


def target_of(session: ProReader, record: Mapping[str, Any]) -> WorkspaceTarget:
    """The target a listed workspace record makes (out of reach unless available with a URL)."""
    name, workspace_id = str(record.get("name") or record.get("id")), str(record.get("id"))
    status = record.get("status")
    server_url = ((record.get("zenml_service") or {}).get("status") or {}).get("server_url")
    if status != "available" or not server_url:
        reason = f" ({record['state_reason']})" if record.get("state_reason") else ""
        problem = f"workspace is {status or 'in an unknown state'}{reason}: its API is not reachable"
        return WorkspaceTarget(name, workspace_id, None, problem)
    return WorkspaceTarget(name, workspace_id, _opener(session, record))


async def targets_of(
    session: ProReader,
    organization: str | None,
    workspaces: Sequence[str] | None,
    on_page: Callable[[list[dict[str, Any]]], None] | None = None,
) -> list[WorkspaceTarget]:
    """The workspaces to ask: every available one (of ``organization``), or those named (names or ids).

    A named workspace that is not available is a target already known to be out of reach, so it
    shows in ``df.zpro.errors``; when none are named, the unavailable ones are simply not asked.
    """
    org_id = (await session._one_organization(organization))["id"] if organization else None
    records = await ws_api.list_workspaces(session.pro, organization_id=org_id, on_page=on_page)
    if workspaces is None:
        chosen = sorted(
            (r for r in records if r.get("status") == "available"), key=lambda r: str(r.get("name"))
        )
    else:
        chosen = []
        index = lookup.RecordIndex(records, keys=("name", "display_name"))
        for wanted in workspaces:
            found = dict(index.resolve(wanted, "workspace"))
            if found not in chosen:
                chosen.append(found)
    return [target_of(session, r) for r in chosen]


def _describe(exc: BaseException) -> str:
    text = redact_text(str(exc)).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text and text[0] else type(exc).__name__


#: a workspace's answer: its records, or why it has none
Answer = tuple[Listed | None, str | None]


async def ask_target(target: WorkspaceTarget, method: str, kwargs: Mapping[str, Any]) -> Answer:
    """``method(**kwargs)`` of one target's workspace, as records; a workspace that cannot be read
    is its error text instead."""
    if target.open is None:
        return None, target.problem
    try:
        ws = await target.open()
        listed = await records_of(getattr(ws, method)(**kwargs), ACROSS_SCHEMAS[method])
    except lookup.NameNotFound:
        if method != "api_keys":
            raise
        # The service account named exists in some workspaces only: elsewhere it has no keys.
        return Listed("api_keys", []), None
    except ZProError as exc:  # a workspace that cannot be read is a row of errors, not a failed call
        return None, _describe(exc)
    return taken_apart(listed), None


def taken_apart(listed: Listed) -> Listed:
    """``listed`` with the values of each column its records carry taken out already.

    Done as each workspace's answer comes in, while the others are still on the way: the one frame
    built once all are in then only converts and joins. Taking the columns out of 2,521 runs was two
    thirds of that frame's build (~20 of ~30 ms) and came after the last answer. An answer taken
    apart already is handed back as it is.
    """
    from ..frames import SCHEMAS  # lazy: frames load pandas
    from ..frames.build import extract_column

    columns = SCHEMAS[listed.schema].columns
    taken = {
        c.name: extract_column(listed.records, c)
        for c in columns
        if not c.derived and c.name not in listed.values
    }
    return Listed(listed.schema, listed.records, {**taken, **listed.values}) if taken else listed


def _across_schema(schema: FrameSchema) -> FrameSchema:
    from ..frames.schema import FrameSchema, col  # lazy: frames load pandas

    return FrameSchema(
        f"{schema.name}_across_workspaces",
        (
            col("workspace", "string", "__workspace__", doc="the workspace the row was read from"),
            col("workspace_id", "string", "__workspace_id__"),
            *schema.columns,
        ),
        row=f"{schema.row} (in one of several workspaces)" if schema.row else "",
    )


def combine(
    schema: FrameSchema, answers: Sequence[tuple[WorkspaceTarget, Listed | None, str | None]]
) -> pd.DataFrame:
    """The answers laid out as one frame under ``schema`` with ``workspace``/``workspace_id`` in
    front; the workspaces without an answer go to ``df.zpro.errors``."""
    from ..frames.left_out import LeftOut, errors_frame  # lazy: frames load pandas

    records: list[dict[str, Any]] = []
    values: dict[str, list[Any]] = {"workspace": [], "workspace_id": []}
    for target, answer, _ in answers:
        if answer is None:
            continue
        listed = taken_apart(answer)  # at once for an answer that is not yet (see ask_target)
        n = len(listed.records)
        for name, given in listed.values.items():  # columns some answers carry beside their records
            values.setdefault(name, [None] * len(records)).extend(given)
        records += listed.records
        values["workspace"] += [target.name] * n
        values["workspace_id"] += [target.workspace_id] * n
        for column in values.values():  # an answer without a column another one carried
            column.extend([None] * (len(records) - len(column)))
    joined = _across_schema(schema).build(records, values=values)
    errors = errors_frame([(t.name, t.workspace_id, e or "") for t, got, e in answers if got is None])
    joined.attrs[LeftOut.ATTR] = LeftOut(errors)
    return joined


def warn_left_out(method: str, errors: pd.DataFrame) -> None:
    """One line naming the workspaces left out (a notebook shows it under the cell)."""
    if not len(errors):
        return
    named = ", ".join(
        f"{w} ({str(e).split(':')[0]})" for w, e in zip(errors["workspace"], errors["error"], strict=True)
    )
    warnings.warn(
        f"{method}(): {len(errors)} workspace(s) left out: {named}; see df.zpro.errors for why",
        WorkspacesLeftOut,
        stacklevel=4,
    )


async def gather_across(
    targets: Sequence[WorkspaceTarget],
    method: str,
    kwargs: Mapping[str, Any],
    *,
    activity: Activity,
    warn: bool = True,
    ask: Callable[[WorkspaceTarget], Awaitable[Answer]] | None = None,
) -> pd.DataFrame:
    """Ask every target ``method(**kwargs)`` concurrently and combine the answers (see :func:`combine`).

    ``warn=False`` leaves the warning to the caller (a sync twin warns on the caller's thread, where
    the notebook shows it under the cell). ``ask`` answers a target instead of asking it afresh
    (reads already under way: :class:`~zpro_nb.views.across_call.EarlyReads`)."""
    from ..frames import SCHEMAS  # lazy: frames load pandas

    # Each workspace's call signs in, then reads: with a window narrower than the workspaces, the
    # last calls started only as the first ones ended, and their two round trips came after
    # everything else (50 workspaces, window 48: last sign-in at 0.48 s instead of 0.33 s).
    answers = await gather_with_progress(
        [ask(t) if ask is not None else ask_target(t, method, kwargs) for t in targets],
        desc="reading workspaces",
        activity=activity,
        window=min(len(targets), ACROSS_WINDOW) or None,
    )
    frame = combine(
        SCHEMAS[ACROSS_SCHEMAS[method]], [(t, f, e) for t, (f, e) in zip(targets, answers, strict=True)]
    )
    if warn:
        warn_left_out(method, frame.zpro.errors)
    return frame
