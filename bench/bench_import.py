"""Import cost: ``import zpro_nb`` against ``import pandas, httpx, pydantic``, each in a fresh process.

The import is timed inside the child (``perf_counter`` around the import statement), so interpreter
start-up, identical on both sides, does not dilute the ratio.
"""

from __future__ import annotations

import subprocess
import sys

from bench.report import Figure
from bench.side_by_side import alternate

NAME = "import zpro_nb vs import pandas, httpx, pydantic"
TARGET_RATIO = 1.3
TARGET = f"<= {TARGET_RATIO}x"

_TIMED_IMPORT = "import time; t = time.perf_counter(); import {modules}; print(time.perf_counter() - t)"


def time_import(modules: str) -> float:
    """Seconds ``import <modules>`` takes in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", _TIMED_IMPORT.format(modules=modules)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return float(out.stdout.strip().splitlines()[-1])


def run(rounds: int) -> Figure:
    """Best of ``rounds`` fresh-process imports of each side, alternating."""
    result = alternate(lambda: time_import("zpro_nb"), lambda: time_import("pandas, httpx, pydantic"), rounds)
    ratio = result.best_a / result.best_b
    return Figure(
        name=NAME,
        target=TARGET,
        measured=f"{ratio:.2f}x ({result.best_a * 1000:.0f} ms vs {result.best_b * 1000:.0f} ms, "
        f"best of {rounds})",
        passed=ratio <= TARGET_RATIO,
        value=round(ratio, 4),
        details={"rounds": rounds, **result.as_details()},
    )
