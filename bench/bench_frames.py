"""Frame build speed and memory: our column-wise builder against ``pandas.json_normalize``.

``run(n)`` makes ``n`` synthetic workspace-user records (the OSS ``{id, name, body, metadata}`` shape),
times both builders in the same process, alternating, best of ``repeats``, and measures the builder's
peak allocation with tracemalloc against the finished frame's deep size. Targets: ``ratio <= 1.0``
(ours no slower than json_normalize) and ``peak_over_deep <= 3``.

    python -m bench.bench_frames 100000
"""

from __future__ import annotations

import gc
import json
import random
import sys
import time
import tracemalloc
import uuid
from typing import Any

import pandas as pd

from zpro_nb.frames import SCHEMAS


def synthetic_users(n: int, seed: int = 1) -> list[dict[str, Any]]:
    """``n`` workspace-user records as the OSS server sends them (hydrated), with some odd ones mixed in."""
    rng = random.Random(seed)
    first = ["ada", "grace", "alan", "edsger", "barbara", "ken", "margaret", "linus", "radia", "donald"]
    records = []
    for i in range(n):
        who = f"{rng.choice(first)}.{i}"
        day = f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"
        created = f"{day}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00"
        if i % 3 == 0:
            created += f".{rng.randint(0, 999999):06d}"
        if i % 5 == 0:
            created += "+00:00"
        records.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128))),
                "name": who,
                "permission_denied": False,
                "body": {
                    "created": created,
                    "updated": created,
                    "active": rng.random() > 0.1,
                    "activation_token": None,
                    "full_name": who.replace(".", " ").title(),
                    "email_opted_in": None,
                    "is_service_account": False,
                    "is_admin": i % 50 == 0,
                    "default_project_id": None,
                    "avatar_url": None,
                },
                "metadata": {
                    "email": f"{who}@acme.example",
                    "external_user_id": str(uuid.UUID(int=rng.getrandbits(128))),
                    "user_metadata": {"team": rng.choice(["ml", "platform", "data"])},
                    "oidc_claims": None,
                    "password_changed_at": None,
                },
                "resources": None,
            }
        )
    return records


def _time(fn: Any) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(n: int, repeats: int = 3) -> dict[str, float]:
    """Build ``n`` records both ways: timings, ``ratio`` (ours / json_normalize) and ``peak_over_deep``."""
    records = synthetic_users(n)
    schema = SCHEMAS["workspace_users"]
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(repeats):
        ours.append(_time(lambda: schema.build(records)))
        theirs.append(_time(lambda: pd.json_normalize(records)))

    gc.collect()
    tracemalloc.start()
    frame = schema.build(records)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    deep = int(frame.memory_usage(deep=True).sum())
    return {
        "n": n,
        "ours_s": min(ours),
        "json_normalize_s": min(theirs),
        "ratio": min(ours) / min(theirs),
        "peak_bytes": peak,
        "deep_bytes": deep,
        "peak_over_deep": peak / deep,
    }


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000), indent=2))
