"""The organization benchmark's client reports its own peak memory, not its spawner's.

Linux carries ``ru_maxrss`` across ``exec`` from the process that forked the child, so a client
spawned by a bench process that had grown large read as large as its parent (485 MB for a ~210 MB
client after the real-server benchmark). ``bench.org_client.peak_resident_mb`` reads ``VmHWM``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, resource\n"
    "from bench.org_client import peak_resident_mb\n"
    "print(json.dumps({'own': peak_resident_mb(),"
    " 'ru_maxrss': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
)


def test_a_child_of_a_large_process_reports_its_own_peak() -> None:
    ballast = bytearray(300 * 1024 * 1024)
    for offset in range(0, len(ballast), 4096):  # touch every page, so it is resident
        ballast[offset] = 1
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, check=True, timeout=60
    )
    del ballast
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["ru_maxrss"] >= 300  # what the benchmark used to report: the parent's peak
    assert answer["own"] < 150  # the child's interpreter and the bench module only
