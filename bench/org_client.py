"""One organization-scale call in a fresh client process: its time, its calls and its peak memory.

``python -m bench.org_client`` reads ``{"url", "op", "organization", "concurrency"}`` and the Pro
token (``"token"``) as JSON on stdin (never argv: other processes can read a command line), runs
``Session.access_matrix`` or ``Session.workspace_inventory`` once through a counting transport,
and prints one JSON line: seconds, calls, calls in sequence, most in flight, the frame's shape and
the process's peak resident memory (``VmHWM``: the interpreter, pandas and all the client held at
its busiest). A process of its own, so the peak is this call's and nothing else's.

Not ``ru_maxrss``: Linux carries it across ``exec`` from the process that spawned this one
(``subprocess`` forks the bench's own process, and at its high-water mark, after the real-server
benchmark, that read 485 MB for a client that peaked at ~210 MB). ``VmHWM`` in ``/proc/self/status``
is the high-water mark of this program's own memory, which ``exec`` starts afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import sys
import time
from typing import Any

from bench.counting_transport import CountingTransport, longest_chain


def measure(command: dict[str, Any]) -> dict[str, Any]:
    """Connect, run the one call, report."""
    # Once-per-kernel imports, kept out of the timed call: pandas, and zpro_nb's frame layer, which
    # loads on a kernel's first list (~45 ms of a cross-workspace call made first in its process).
    import pandas  # noqa: F401

    import zpro_nb
    import zpro_nb.frames

    wire = CountingTransport()
    session = zpro_nb.connect(
        url=command["url"],
        token=command["token"],
        max_concurrency=int(command["concurrency"]),
        transport=wire,
    )
    try:
        wire.reset()  # sign-in is set-up, not part of the call
        started = time.perf_counter()
        if command["op"] == "access_matrix":
            frame = session.access_matrix(organization=command["organization"], progress=False)
        elif command["op"] == "inventory":
            frame = session.workspace_inventory(organization=command["organization"], progress=False)
        elif command["op"] == "runs_across":
            frame = session.runs(workspaces=command["workspaces"], since=command["since"], progress=False)
        elif command["op"] == "runs_loop":
            frame = _runs_one_by_one(session, command["workspaces"], command["since"])
        else:
            raise ValueError(f"unknown op {command['op']!r}")
        elapsed = time.perf_counter() - started
    finally:
        session.close()
    unreachable = int((frame["reachable"] == False).sum()) if "reachable" in frame else 0  # noqa: E712
    return {
        "seconds": elapsed,
        "calls": wire.requests,
        "chain": longest_chain(wire.spans),
        "max_in_flight": wire.max_in_flight,
        "non_2xx": sum(n for status, n in wire.statuses.items() if status >= 300),
        "shape": list(frame.shape),
        "unreachable": unreachable,
        "peak_rss_mb": peak_resident_mb(),
        "rows": len(frame),
        "ids_sha256": _ids_digest(frame),
    }


def _runs_one_by_one(session: Any, workspaces: list[str], since: str) -> Any:
    """What a notebook does without the org-wide call: each workspace's runs, one after another."""
    import pandas as pd

    frames = [session.workspace(name).runs(since=since) for name in workspaces]
    return pd.concat(frames, ignore_index=True)


def _ids_digest(frame: Any) -> str | None:
    """The sorted run ids of a runs frame, hashed: both sides of a comparison must read the same rows."""
    if "id" not in frame:
        return None
    ids = sorted(str(i) for i in frame["id"])
    return hashlib.sha256("\n".join(ids).encode()).hexdigest()


def peak_resident_mb() -> float:
    """This program's peak resident memory in MB: ``VmHWM`` where Linux has it, else ``ru_maxrss``."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Read the command, measure, print the answer."""
    os.environ.setdefault("TQDM_DISABLE", "1")
    print(json.dumps(measure(json.loads(sys.stdin.read()))), flush=True)


if __name__ == "__main__":
    main()
