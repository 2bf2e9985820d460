"""``python -m bench``: run the benchmarks, print the table, write the JSON."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench import (
    bench_fanout,
    bench_import,
    bench_org,
    bench_paging,
    bench_peer,
    bench_rate_limit,
    frames_targets,
    machine,
)
from bench.report import Figure, failed_figure, render_markdown, render_table, write_json
from bench.sizes import FULL, QUICK, TINY, Sizes


def _import(sizes: Sizes) -> list[Figure]:
    return [bench_import.run(sizes.import_rounds)]


def _frames(sizes: Sizes) -> list[Figure]:
    return frames_targets.run(sizes.frame_records)


def _rate_limit(sizes: Sizes) -> list[Figure]:
    return [bench_rate_limit.run(sizes.rate_limit_calls, sizes.rate_limit_per_s)]


def _paging(sizes: Sizes) -> list[Figure]:
    return [
        bench_paging.run(sizes.paging_runs, sizes.paging_page_size, sizes.latency_ms, sizes.paging_rounds)
    ]


def _fanout(sizes: Sizes) -> list[Figure]:
    return bench_fanout.run(
        sizes.fanout_workspaces, sizes.latency_ms, sizes.fanout_concurrency, sizes.fanout_rounds
    )


def _real_peer(sizes: Sizes) -> list[Figure]:
    return bench_peer.run(sizes.peer_runs, sizes.latency_ms, sizes.peer_rounds, sizes.peer_page_sizes)


def _org_scale(sizes: Sizes) -> list[Figure]:
    return bench_org.run(
        sizes.latency_ms,
        sizes.fanout_concurrency,
        sizes.org_rounds,
        sizes.org_added_runs,
        sizes.org_scale,
        sizes.org_across_workspaces,
    )


#: name -> (runner, the figure name used if the runner raises, its target)
BENCHMARKS: dict[str, tuple[Callable[[Sizes], list[Figure]], str, str]] = {
    "import": (_import, bench_import.NAME, bench_import.TARGET),
    "frames": (_frames, "frames", "<= 1.0x and <= 3.0x memory"),
    "rate-limit": (_rate_limit, "rate limit", ">= 90% of the limit, 0 failed"),
    "paging": (_paging, "paging", f">= {bench_paging.TARGET_SPEEDUP:g}x faster than sequential"),
    "fan-out": (_fanout, "fan-out access matrix", ">= 10x faster, <= 1.5x the bound"),
    "real-peer": (_real_peer, "real server vs ZenML's Client", ">= 5x / >= 2x / >= 4x ZenML's Client"),
    "org-scale": (_org_scale, "org scale", "<= 1.3x / <= 1.5x the floor, <= 300 MB, >= 8x a loop"),
}


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``python -m bench``."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Measure zpro_nb side by side with the plain approach it replaces and with ZenML's "
        "own Client on a real ZenML server, all on 127.0.0.1. Prints a table (figure, target, measured, "
        "pass).",
        epilog="examples:\n  python -m bench --json bench.json\n"
        "  python -m bench --quick --only paging,fan-out",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="smaller sizes; finishes in under 3 minutes")
    size.add_argument(
        "--tiny", action="store_true", help="the smallest sizes (the smoke test's); figures mean nothing"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as a JSON list")
    parser.add_argument(
        "--only",
        metavar="NAMES",
        help=f"comma-separated subset of: {', '.join(BENCHMARKS)} (default: all)",
    )
    parser.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    parser.add_argument(
        "--latency-ms",
        type=float,
        metavar="MS",
        help="added latency (default 40): per request on the sandbox, each way through the real "
        "server's proxy",
    )
    parser.add_argument(
        "--chart", type=Path, metavar="PNG", help="also draw zpro_nb vs peer vs floor per figure (matplotlib)"
    )
    return parser


def _selected(only: str | None) -> list[str]:
    if not only:
        return list(BENCHMARKS)
    names = [n.strip() for n in only.split(",") if n.strip()]
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    return names


def run_benchmarks(names: Sequence[str], sizes: Sizes) -> list[Figure]:
    """Run the named benchmarks in order; one that raises becomes a failed figure, the rest still run."""
    figures: list[Figure] = []
    for bench_name in names:
        runner, figure_name, target = BENCHMARKS[bench_name]
        started = time.perf_counter()
        print(f"[bench] {bench_name} ...", file=sys.stderr, flush=True)
        try:
            figures += runner(sizes)
        except Exception as exc:  # a broken benchmark is a failed figure, not a lost run
            figures.append(failed_figure(figure_name, target, exc))
        took = time.perf_counter() - started
        print(f"[bench] {bench_name} done in {took:.1f} s", file=sys.stderr, flush=True)
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    """Run, print, write; exit 0 when every figure met its target, 1 otherwise."""
    args = build_parser().parse_args(argv)
    sizes = TINY if args.tiny else QUICK if args.quick else FULL
    if args.latency_ms is not None:
        if args.latency_ms < 0:
            raise SystemExit("--latency-ms must be 0 or more")
        sizes = dataclasses.replace(sizes, latency_ms=args.latency_ms)
    names = _selected(args.only)
    # Progress bars from the client would interleave with the table; the figures do not need them.
    os.environ.setdefault("TQDM_DISABLE", "1")
    info = machine.describe()
    print(
        f"zpro_nb benchmarks ({sizes.label}): {info['nproc']} cores, {info['python']}, {info['cpu']}, "
        f"load {info['load']}"
    )
    started = time.perf_counter()
    figures = run_benchmarks(names, sizes)
    print()
    print(render_table(figures))
    took = time.perf_counter() - started
    met = sum(f.passed for f in figures)
    print(f"\n{met}/{len(figures)} targets met in {took:.0f} s (load {machine.load_average()})")
    if args.markdown:
        print()
        print(render_markdown(figures))
    if args.json:
        write_json(figures, args.json)
    if args.chart:
        from bench.chart import draw

        title = f"python -m bench ({sizes.label}), {info['nproc']} cores, {sizes.latency_ms:g} ms latency"
        print(f"chart: {draw(figures, args.chart, title)}")
    return 0 if all(f.passed for f in figures) else 1
