"""Access snapshots and the review over real HTTP, on a sandbox process of this module's own (roles
change and the clock moves a quarter, which a shared server must not see)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from fixtures_sandbox import SandboxServer, start_sandbox_server, stop_sandbox_server

import zpro_nb
from zpro_nb.runbook_sandbox import advance_sandbox_clock


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    started = start_sandbox_server("--ready-delay", "0")
    yield started
    assert stop_sandbox_server(started) == 0


def test_snapshot_change_snapshot_diff_and_review_over_http(server: SandboxServer, tmp_path: Path) -> None:
    with zpro_nb.connect(url=server.url, token=server.tokens["admin"]) as s:
        before = s.access_snapshot(progress=False)
        path = before.save(tmp_path / "before.parquet")
        loaded = zpro_nb.AccessSnapshot.load(path)
        pd.testing.assert_frame_equal(loaded.grants, before.grants)
        s.assign_role("Workspace Admin", user="viewer", workspace="staging")
        diff = zpro_nb.access_diff(loaded, s.access_snapshot(progress=False))
        assert diff[["change", "username", "workspace", "new_role"]].values.tolist() == [
            ["gained", "viewer", "staging", "Workspace Admin"]
        ]
        old_now = before.taken_at
        now = advance_sandbox_clock(
            s, 91
        )  # the old token expires in sandbox time: the session signs in again
        assert (now - old_now).days >= 90
        review = s.access_review(previous=path, now=now, progress=False)
        assert review.snapshot.taken_at == now
        assert len(review.diff) == 1
        assert len(review.stale_keys) > 0
        assert review.stale_keys.zpro.errors.empty
