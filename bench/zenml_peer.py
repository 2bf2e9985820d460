"""The peer: ZenML's own ``Client`` in its own venv, timing its own calls (runs in the ZenML venv).

Started once per benchmark with the ZenML venv's python and ``ZENML_STORE_URL`` /
``ZENML_STORE_USERNAME`` / ``ZENML_STORE_PASSWORD`` (a REST store, through the latency proxy). It
reads one JSON command per stdin line and answers one JSON line on stdout, so both sides can
alternate (ABBA) without paying ZenML's import each round. Commands (``size``: a page size, or
``null`` for the Client's default):

* ``{"op": "all_runs", "size": N}``: every run, ``depaginate(client.list_pipeline_runs, ...)``;
* ``{"op": "runs_since", "since": ISO, "size": N}``: runs created at or after ``since``;
* ``{"op": "overview", "since": ISO, "size": N}``: pipelines, stacks, users and runs since, one
  list after another, as a script using the Client does.

Each answer carries the seconds the call took (timed here, inside the peer), the HTTP requests it
sent (counted in ``requests.Session.send``, below every Client layer), how many ran one after
another, and the ids of what came back. Imports only ZenML and the standard library.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any

import requests
from zenml.client import Client
from zenml.utils.pagination_utils import depaginate

SPANS: list[tuple[float, float]] = []
_send = requests.Session.send


def _counted_send(self: requests.Session, request: Any, **kwargs: Any) -> Any:
    started = time.perf_counter()
    try:
        return _send(self, request, **kwargs)
    finally:
        SPANS.append((started, time.perf_counter()))


requests.Session.send = _counted_send  # type: ignore[method-assign]


def _chain(spans: list[tuple[float, float]]) -> int:
    chain, last_end = 0, float("-inf")
    for start, end in sorted(spans, key=lambda s: s[1]):
        if start >= last_end:
            chain, last_end = chain + 1, end
    return chain


def _all(method: Callable[..., Any], size: int | None, **filters: Any) -> list[str]:
    kwargs = dict(filters)
    if size is not None:
        kwargs["size"] = size
    return [str(item.id) for item in depaginate(method, **kwargs)]


def answer(client: Client, command: dict[str, Any]) -> dict[str, Any]:
    """Run one command; its timing, calls and the ids it returned."""
    op = command["op"]
    size = command.get("size")
    since = command.get("since")
    SPANS.clear()
    started = time.perf_counter()
    ids: dict[str, list[str]]
    if op == "all_runs":
        ids = {"runs": _all(client.list_pipeline_runs, size)}
    elif op == "runs_since":
        ids = {"runs": _all(client.list_pipeline_runs, size, created=f"gte:{since}")}
    elif op == "overview":
        ids = {
            "pipelines": _all(client.list_pipelines, size),
            "stacks": _all(client.list_stacks, size),
            "users": _all(client.list_users, size),
            "runs": _all(client.list_pipeline_runs, size, created=f"gte:{since}"),
        }
    else:
        raise ValueError(f"unknown op {op!r}")
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "calls": len(SPANS), "chain": _chain(SPANS), "ids": ids}


def main() -> None:
    client = Client()
    # Sign-in, server info, the active project: set-up every script pays once, kept out of the figures.
    client.list_pipeline_runs(size=1)
    print(json.dumps({"ready": True, "zenml": client.zen_store.get_store_info().version}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            result = answer(client, json.loads(line))
        except Exception as exc:  # the harness reports it as the figure's error
            result = {"error": f"{type(exc).__name__}: {str(exc)[:500]}"}
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
