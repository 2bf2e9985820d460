"""Measure zpro_nb and ZenML's ``Client`` side by side on a real server behind the latency proxy.

One operation at a time (every run, runs since a date, an overview), several sides in one round:
zpro_nb, the Client at its default page size and the Client at its best page size. Rounds go
forward then backward (A B C, C B A, ...), so drift lands on every side. Every side must return
the same ids, checked each round.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bench.counting_transport import CountingTransport, longest_chain
from bench.peer_process import ZenmlPeer

Ids = dict[str, list[str]]

#: how long the real server keeps an idle connection open (uvicorn's default ``--timeout-keep-alive``,
#: which ``bench/oss_server.py`` keeps; httpx also drops its own idle connections after 5 s)
KEEP_ALIVE_S = 5.0


@dataclass
class SideResult:
    """Every round of one side, and what its last round sent and returned."""

    seconds: list[float] = field(default_factory=list)
    calls: int = 0
    chain: int = 0
    max_in_flight: int = 0
    ids: Ids = field(default_factory=dict)
    #: per round: whether it began after an idle past the keep-alive (so on a new connection)
    cold: list[bool] = field(default_factory=list)

    @property
    def median_s(self) -> float:
        """The median round."""
        return statistics.median(self.seconds)

    @property
    def best_s(self) -> float:
        """The fastest round: the call when nothing outside it (the server's pauses) got in the way."""
        return min(self.seconds)

    def as_details(self, prefix: str) -> dict[str, Any]:
        """The JSON details of this side, keys prefixed."""
        return {
            f"{prefix}_rounds_s": [round(s, 4) for s in self.seconds],
            f"{prefix}_median_s": round(self.median_s, 4),
            f"{prefix}_best_s": round(self.best_s, 4),
            f"{prefix}_calls": self.calls,
            f"{prefix}_calls_in_sequence": self.chain,
            f"{prefix}_rows": {k: len(v) for k, v in self.ids.items()},
            f"{prefix}_rounds_on_a_new_connection": sum(self.cold),
        }


Side = Callable[[], Awaitable[SideResult]]


def pass_order(names: list[str], repeat: dict[str, int]) -> list[str]:
    """One forward pass: the repeated sides interleaved first (``a b a b a b``), then the others."""
    repeated = [n for n in names if repeat.get(n, 1) > 1]
    order = [
        n for j in range(max((repeat[n] for n in repeated), default=0)) for n in repeated if j < repeat[n]
    ]
    return order + [n for n in names if n not in repeated]


async def alternate_sides(
    sides: dict[str, Side], rounds: int, repeat: dict[str, int] | None = None, *, seed: int | None = None
) -> dict[str, SideResult]:
    """Run every side ``rounds`` times, forward on even rounds and backward on odd ones.

    ``repeat`` gives some sides several samples a round, interleaved with each other: the quick
    sides next to the slow ones, where a round of the slow ones costs half a minute. ``seed`` shuffles
    each round's order instead (the same seed, the same orders): a server that pauses every few
    large calls, by their count, meets a fixed order's same side every time when the two periods
    agree.
    """
    results = {name: SideResult() for name in sides}
    forward = pass_order(list(sides), repeat or {})
    shuffler = None if seed is None else random.Random(seed)
    for i in range(rounds):
        order = list(forward if i % 2 == 0 else reversed(forward))
        if shuffler is not None:
            shuffler.shuffle(order)
        for name in order:
            one = await sides[name]()
            kept = results[name]
            kept.seconds += one.seconds
            kept.cold += one.cold
            kept.calls, kept.chain, kept.ids = one.calls, one.chain, one.ids
            kept.max_in_flight = max(kept.max_in_flight, one.max_in_flight)
    return results


def same_ids(results: dict[str, SideResult]) -> str | None:
    """``None`` when every side returned the same ids per list, else what differs."""
    sides = list(results.items())
    first_name, first = sides[0]
    for name, other in sides[1:]:
        for part in first.ids.keys() | other.ids.keys():
            a, b = set(first.ids.get(part, [])), set(other.ids.get(part, []))
            if a != b:
                return f"{part}: {len(a - b)} only in {first_name}, {len(b - a)} only in {name}"
    return None


def zenml_side(peer: ZenmlPeer, op: str, size: int | None, since: str) -> Side:
    """One round of ZenML's Client, timed inside its own process."""

    async def side() -> SideResult:
        answer = peer.ask(op=op, size=size, since=since)
        return SideResult(
            seconds=[float(answer["seconds"])],
            calls=answer["calls"],
            chain=answer["chain"],
            ids=answer["ids"],
        )

    return side


async def _zpro_call(ws: Any, op: str, since: str) -> Ids:
    if op == "all_runs":
        return {"runs": list((await ws.runs())["id"])}
    if op == "runs_since":
        return {"runs": list((await ws.runs(since=since))["id"])}
    if op == "overview":
        # What a notebook cell would do with the async session: the four lists at once.
        pipelines, stacks, users, runs = await asyncio.gather(
            ws.pipelines(), ws.stacks(), ws.users(), ws.runs(since=since)
        )
        return {
            "pipelines": list(pipelines["id"]),
            "stacks": list(stacks["id"]),
            "users": list(users["id"]),
            "runs": list(runs["id"]),
        }
    raise ValueError(op)


def zpro_side(ws: Any, wire: CountingTransport, op: str, since: str) -> Side:
    """One round of zpro_nb's public calls, counted on the wire."""

    async def side() -> SideResult:
        wire.reset()
        started = time.perf_counter()
        ids = await _zpro_call(ws, op, since)
        elapsed = time.perf_counter() - started
        idle = wire.idle_before_s
        return SideResult(
            seconds=[elapsed],
            cold=[idle is not None and idle > KEEP_ALIVE_S],
            calls=wire.requests,
            chain=longest_chain(wire.spans),
            max_in_flight=wire.max_in_flight,
            ids=ids,
        )

    return side


def server_alone_side(ws_direct: Any, op: str, since: str) -> Side:
    """One round of the same zpro_nb calls straight to the server, no proxy: the floor's server time.

    A side of its own, alternated with the measured sides round by round, so its samples meet the
    server in the state the measured rounds meet it. The real server pauses every few large
    listings, by count and not by time (most likely its garbage collector: 0.14, 0.14, 0.56 s for
    500 hydrated runs back to back); samples taken back to back after the rounds met those pauses
    more often than the alternated rounds did, and put the floor of the runs-since and overview
    figures above the very time measured through the proxy (0.83 s against 0.57 s).
    """

    async def side() -> SideResult:
        started = time.perf_counter()
        ids = await _zpro_call(ws_direct, op, since)
        return SideResult(seconds=[time.perf_counter() - started], ids=ids)

    return side


async def best_page_size(peer: ZenmlPeer, candidates: tuple[int, ...], since: str) -> dict[int, float]:
    """Seconds ZenML's Client takes to list every run at each candidate page size (one try each)."""
    return {size: float(peer.ask(op="all_runs", size=size, since=since)["seconds"]) for size in candidates}
