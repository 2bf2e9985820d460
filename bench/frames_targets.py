"""The frames figures: the frames helper's ``bench.bench_frames.run(n)`` measured, our targets applied.

``bench_frames.run`` builds ``n`` synthetic user records and times the users frame against
``pandas.json_normalize`` on the same records (alternating, best of k), and measures peak memory
(tracemalloc) against the frame's deep size. It returns at least ``ratio`` and ``peak_over_deep``.
"""

from __future__ import annotations

from typing import Any

from bench.report import Figure, failed_figure

SPEED_NAME = "users frame vs pandas.json_normalize ({n:,} records)"
SPEED_TARGET = "<= 1.0x"
MEMORY_NAME = "users frame peak memory / frame deep size ({n:,} records)"
MEMORY_TARGET = "<= 3.0x"


def run(n: int) -> list[Figure]:
    """Two figures: build time ratio (ours / json_normalize) and peak memory over deep size."""
    speed_name, memory_name = SPEED_NAME.format(n=n), MEMORY_NAME.format(n=n)
    try:
        from bench import bench_frames

        raw: dict[str, Any] = dict(bench_frames.run(n))
        ratio = float(raw["ratio"])
        peak = float(raw["peak_over_deep"])
    except Exception as exc:  # one benchmark's failure must not hide the others' figures
        return [failed_figure(speed_name, SPEED_TARGET, exc), failed_figure(memory_name, MEMORY_TARGET, exc)]
    details = {k: v for k, v in raw.items() if isinstance(v, int | float | str | bool)}
    return [
        Figure(
            name=speed_name,
            target=SPEED_TARGET,
            measured=f"{ratio:.2f}x",
            passed=ratio <= 1.0,
            value=round(ratio, 4),
            details=details,
        ),
        Figure(
            name=memory_name,
            target=MEMORY_TARGET,
            measured=f"{peak:.2f}x",
            passed=peak <= 3.0,
            value=round(peak, 4),
            details=details,
        ),
    ]
