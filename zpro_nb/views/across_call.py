"""The org-wide call: list the workspaces, ask each, one frame back; the workspaces named are asked
while the list is still coming in.

The Pro workspace list is bare arrays without a total, read in waves of pages, and its last wave
only finds the end: for 300 workspaces, three round trips before the first workspace could be
asked, the third of them for pages that come back empty. As soon as the pages so far hold an exact
match (id or name) for everything the call is likely to ask (every available workspace, or each
text named), those workspaces are asked. Once the whole list is in, the targets are chosen as
before and each takes the read already under way for its workspace. The reads only read; one no
target takes (a name that turned out to match two workspaces) is cancelled as soon as the targets
are known. A name nothing matches yet starts nothing, so a typo is refused before any workspace
is asked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..progress import Activity
from .across import ACROSS_WINDOW, Answer, WorkspaceTarget, ask_target, gather_across, target_of, targets_of

if TYPE_CHECKING:
    import pandas as pd

    from .reader import ProReader

__all__ = ["EarlyReads", "across"]


class EarlyReads:
    """Reads of workspaces started from the pages of their list, handed to the targets later."""

    def __init__(
        self, session: ProReader, method: str, kwargs: Mapping[str, Any], workspaces: Sequence[str] | None
    ) -> None:
        self._session = session
        self._method = method
        self._kwargs = kwargs
        self._named = None if workspaces is None else {str(w).strip() for w in workspaces}
        self._waiting: list[dict[str, Any]] = []  # exact matches, held until every name has one
        self._matched: set[str] = set()
        self._reads: dict[str, asyncio.Task[Answer]] = {}
        self._started: list[asyncio.Task[Answer]] = []  # every read, taken or not, until drop()

    def seen(self, page: list[dict[str, Any]]) -> None:
        """Note the workspaces of ``page`` the call is likely to ask; start on them once every
        name given has an exact match."""
        named = self._named
        for record in page:
            texts = {str(record.get("id")), str(record.get("name"))}
            if named is None or named & texts:
                self._waiting.append(record)
                self._matched |= texts & named if named is not None else set()
        if named is not None and self._matched != named:
            return
        for record in self._waiting:
            if len(self._reads) >= ACROSS_WINDOW:
                break  # the rest are asked once the list is in, within the usual window
            target = target_of(self._session, record)
            if target.open is None or target.workspace_id in self._reads:
                continue
            read = asyncio.ensure_future(ask_target(target, self._method, self._kwargs))
            self._reads[target.workspace_id] = read
            self._started.append(read)
        self._waiting.clear()

    def keep(self, targets: Sequence[WorkspaceTarget]) -> None:
        """Cancel the reads of workspaces that are not among ``targets``: they hold request slots."""
        wanted = {t.workspace_id for t in targets if t.open is not None}
        for workspace_id in [w for w in self._reads if w not in wanted]:
            self._reads.pop(workspace_id).cancel()

    def take(self, target: WorkspaceTarget) -> Awaitable[Answer]:
        """The answer of ``target``: the read already under way for its workspace, or a new one."""
        started = self._reads.pop(target.workspace_id, None) if target.open is not None else None
        return started if started is not None else ask_target(target, self._method, self._kwargs)

    async def drop(self) -> None:
        """Cancel every read still running and wait until all have ended (their outcome was taken,
        or is no longer wanted: the call has its answer or its error)."""
        started, self._started = self._started, []
        self._reads.clear()
        for read in started:
            read.cancel()
        await asyncio.gather(*started, return_exceptions=True)


async def across(
    session: ProReader,
    method: str,
    kwargs: Mapping[str, Any],
    *,
    organization: str | None,
    workspaces: Sequence[str] | None,
    progress: bool,
    warn: bool = True,
) -> pd.DataFrame:
    """``method(**kwargs)`` of every available workspace (or of ``workspaces``) as one frame."""
    async with Activity(f"{method} across workspaces", show=progress) as line:
        line.stage("listing workspaces")
        early = EarlyReads(session, method, kwargs, workspaces)
        try:
            targets = await targets_of(session, organization, workspaces, on_page=early.seen)
            early.keep(targets)
            return await gather_across(targets, method, kwargs, activity=line, warn=warn, ask=early.take)
        finally:
            await early.drop()
