"""The org-wide call: list the workspaces, ask each, one frame back; each asked while the list is
still coming in.

The Pro workspace list is bare arrays without a total, read in waves of pages, and its last wave
only finds the end: for 300 workspaces, three round trips before the first workspace could be
asked, the third of them for pages that come back empty. A workspace the call will surely ask (an
available one when every one is asked, or one named by its exact name or id) is asked as soon as
its page arrives. Once the whole list is in, the targets are chosen as before and each takes the
read already under way for its workspace. The reads only read, so one that no target takes (the
list was refused, or a name turned out to match two workspaces) is cancelled and nothing is lost.
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
        self._reads: dict[str, asyncio.Task[Answer]] = {}

    def seen(self, page: list[dict[str, Any]]) -> None:
        """Start reading each workspace of ``page`` the call will surely ask."""
        for record in page:
            if len(self._reads) >= ACROSS_WINDOW:
                return  # the rest are asked once the list is in, within the usual window
            named = self._named
            if named is not None and not named & {str(record.get("id")), str(record.get("name"))}:
                continue
            target = target_of(self._session, record)
            if target.open is None or target.workspace_id in self._reads:
                continue
            self._reads[target.workspace_id] = asyncio.ensure_future(
                ask_target(target, self._method, self._kwargs)
            )

    def take(self, target: WorkspaceTarget) -> Awaitable[Answer]:
        """The answer of ``target``: the read already under way for its workspace, or a new one."""
        started = self._reads.pop(target.workspace_id, None) if target.open is not None else None
        return started if started is not None else ask_target(target, self._method, self._kwargs)

    async def drop(self) -> None:
        """Cancel the reads no target took, and wait until they have ended."""
        left = list(self._reads.values())
        self._reads.clear()
        for read in left:
            read.cancel()
        await asyncio.gather(*left, return_exceptions=True)


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
            return await gather_across(targets, method, kwargs, activity=line, warn=warn, ask=early.take)
        finally:
            await early.drop()
