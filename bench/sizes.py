"""How big each benchmark runs: the full run the targets are stated for, ``--quick`` and ``--tiny``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    """One preset of benchmark sizes."""

    label: str
    import_rounds: int
    frame_records: int
    rate_limit_calls: int
    rate_limit_per_s: float
    paging_runs: int
    paging_page_size: int
    paging_rounds: int
    fanout_workspaces: int
    fanout_rounds: int
    fanout_concurrency: int
    #: added server latency in ms for the fan-out and paging benchmarks
    latency_ms: float
    #: runs filled into the real ZenML server for the peer benchmark
    peer_runs: int = 5_000
    peer_rounds: int = 3
    #: ZenML Client page sizes tried to find its best
    peer_page_sizes: tuple[int, ...] = (50, 100, 500, 1000)
    #: sandbox scale of the organization-scale benchmark, its rounds and the runs added to one workspace
    org_scale: str = "large"
    org_rounds: int = 3
    org_added_runs: int = 5_000
    #: running workspaces the cross-workspace runs are read from
    org_across_workspaces: int = 50


FULL = Sizes(
    label="full",
    import_rounds=15,
    frame_records=100_000,
    rate_limit_calls=1_000,
    rate_limit_per_s=50.0,
    paging_runs=20_000,
    paging_page_size=1_000,
    paging_rounds=5,
    fanout_workspaces=100,
    fanout_rounds=3,
    fanout_concurrency=16,
    latency_ms=40.0,
)

#: under two minutes: the same shapes, smaller (paging keeps its 20 pages with smaller pages; fan-out
#: halves the workspaces, so the sequential side's calls, not its shape, shrink)
QUICK = Sizes(
    label="quick",
    import_rounds=7,
    frame_records=20_000,
    rate_limit_calls=250,
    rate_limit_per_s=50.0,
    paging_runs=10_000,
    paging_page_size=500,
    paging_rounds=3,
    fanout_workspaces=50,
    fanout_rounds=1,
    fanout_concurrency=16,
    latency_ms=40.0,
    peer_runs=500,
    # One: a round gives zpro_nb, the server alone and the Client at its best page size three samples
    # each, and the figures take each side's best (bench/bench_peer.py); three rounds made --quick
    # 172 s of its 180.
    peer_rounds=1,
    org_rounds=1,
    org_added_runs=2_000,
)

#: the smoke test's configuration: every code path, seconds in all; its figures mean nothing
TINY = Sizes(
    label="tiny",
    import_rounds=1,
    frame_records=500,
    rate_limit_calls=20,
    rate_limit_per_s=50.0,
    paging_runs=200,
    paging_page_size=50,
    paging_rounds=1,
    fanout_workspaces=2,
    fanout_rounds=1,
    fanout_concurrency=16,
    latency_ms=5.0,
    peer_runs=60,
    peer_rounds=1,
    peer_page_sizes=(50,),
    org_scale="demo",
    org_rounds=1,
    org_added_runs=1_500,
    org_across_workspaces=2,
)
