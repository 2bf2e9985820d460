"""Sandbox servers with faults switched on, and raw reads of their counters."""

from __future__ import annotations

import httpx

#: the faults every runbook must survive: latency, a rate limit and random 429s (with Retry-After),
#: 5 % gateway errors (a 500 is retried on reads only, so it is left out) and 2 % dropped connections
FAULT_FLAGS = (
    "--latency-ms", "3",
    "--jitter-ms", "6",
    "--rate-limit", "30",
    "--throttle-rate", "0.03",
    "--error-rate", "0.05",
    "--error-statuses", "502,503,504",
    "--drop-rate", "0.02",
    "--fault-seed", "11",
    "--ready-delay", "0",
)  # fmt: skip


def admin_get(url: str, token: str, path: str) -> dict[str, int]:
    """A sandbox-only counter (``/_sandbox/...``), read with plain httpx: never faulted."""
    response = httpx.get(f"{url}{path}", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    response.raise_for_status()
    found: dict[str, int] = response.json()
    return found
