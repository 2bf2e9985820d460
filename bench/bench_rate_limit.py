"""Rate limit: many calls against a sandbox that allows 50 requests per second per token.

The server answers excess requests with 429 + ``Retry-After``; zpro_nb's client-side limiter at the
same rate should keep it just under that line: close to the limit, and no call failing.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bench.counting_transport import CountingTransport
from bench.report import Figure
from bench.sandbox_process import sandbox_process

TARGET_SHARE = 0.90


def name(calls: int, rate: float) -> str:
    """The figure's name for ``calls`` calls at ``rate`` per second."""
    return f"rate limit: {calls:,} calls at {rate:g}/s (server and client)"


def target(rate: float) -> str:
    """The figure's target text."""
    return f">= {TARGET_SHARE:.0%} of {rate:g}/s, 0 failed"


async def _measure(url: str, token: str, calls: int, rate: float) -> dict[str, Any]:
    from zpro_nb.notebook_session import connect_async

    wire = CountingTransport()
    session = await connect_async(token=token, url=url, rate_limit=rate, transport=wire)
    try:
        # The session's own start-up calls (who am I) are not part of the measured calls.
        wire.reset()

        async def one_call() -> None:
            await session.pro.get("/organizations")

        started = time.perf_counter()
        outcomes = await asyncio.gather(*(one_call() for _ in range(calls)), return_exceptions=True)
        elapsed = time.perf_counter() - started
    finally:
        await session.aclose()
    failures = [o for o in outcomes if isinstance(o, BaseException)]
    return {
        "elapsed_s": round(elapsed, 4),
        "achieved_per_s": round(calls / elapsed, 3),
        "failed_calls": len(failures),
        "first_failure": f"{type(failures[0]).__name__}: {failures[0]}" if failures else None,
        "requests_on_wire": wire.requests,
        "server_429s": wire.statuses.get(429, 0),
        "max_in_flight": wire.max_in_flight,
    }


def run(calls: int, rate: float = 50.0) -> Figure:
    """Start a sandbox with ``--rate-limit rate`` and send ``calls`` calls through a session limited to it."""
    with sandbox_process("--rate-limit", f"{rate:g}") as sandbox:
        details = asyncio.run(_measure(sandbox.url, sandbox.admin_token, calls, rate))
    share = details["achieved_per_s"] / rate
    failed = details["failed_calls"]
    return Figure(
        name=name(calls, rate),
        target=target(rate),
        measured=f"{details['achieved_per_s']:.1f}/s ({share:.0%}), {failed} failed, "
        f"{details['server_429s']} x 429 retried",
        passed=share >= TARGET_SHARE and failed == 0,
        value=round(share, 4),
        details={"rate": rate, "calls": calls, **details},
    )
