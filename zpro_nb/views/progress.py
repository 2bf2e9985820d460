"""Concurrent fan-out with a progress bar (tqdm; a notebook gets the widget bar)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import TypeVar

T = TypeVar("T")


async def gather_with_progress(calls: Sequence[Awaitable[T]], *, desc: str, show: bool = True) -> list[T]:
    """Await ``calls`` concurrently (the transport's cap still bounds them), in order, ticking a bar."""
    from tqdm.auto import tqdm

    tasks = [asyncio.ensure_future(c) for c in calls]
    # ``delay``: a fan-out that finishes quickly shows no bar at all (no flicker, no log noise).
    with tqdm(total=len(tasks), desc=desc, disable=not show or not tasks, leave=False, delay=1.0) as bar:
        for task in tasks:
            task.add_done_callback(lambda _t: bar.update(1))
        try:
            return list(await asyncio.gather(*tasks))
        except BaseException:
            for task in tasks:
                task.cancel()
            raise
