"""Seed data of sandbox workspaces: deterministic per workspace id, demo-shaped, cheap to grow."""

from __future__ import annotations

from collections import Counter

from zpro_nb.emulator.contracts import ExternalIdentity
from zpro_nb.emulator.workspace.run_statuses import IN_PROGRESS
from zpro_nb.emulator.workspace.seed import seed_runs, seed_workspace

NOW = 1_800_000_000.0
DAY = 86_400.0
MEMBERS = [
    ExternalIdentity("pro-1", "ada", "ada@example.test", "Ada", False, "Workspace Admin", True),
    ExternalIdentity("pro-2", "vic", None, None, False, "Workspace Viewer", False),
]


def _fingerprint(workspace_id: str) -> list[tuple[str, str]]:
    state = seed_workspace(workspace_id, MEMBERS, NOW)
    rows = [(r.id, r.name) for r in state.runs.values()]
    rows += [(a.id, a.name) for a in state.accounts.values()]
    rows += [(k.id, k.name) for k in state.api_keys.values()]
    return rows


def test_seed_is_deterministic_per_workspace_id() -> None:
    assert _fingerprint("ws-a") == _fingerprint("ws-a")
    assert _fingerprint("ws-a") != _fingerprint("ws-b")


def test_fresh_workspace_looks_like_a_fresh_oss_server_plus_demo_objects() -> None:
    state = seed_workspace("ws-demo", MEMBERS, NOW)
    assert [p.name for p in state.projects.values()] == ["default"]
    assert [s.name for s in state.stacks.values()] == ["default"]
    assert sorted(c.type for c in state.components.values()) == ["artifact_store", "deployer", "orchestrator"]
    assert {"training", "batch-inference", "feature-etl"} <= {p.name for p in state.pipelines.values()}
    assert 1 <= len(state.run_templates) <= 3
    assert len(state.tags) >= 3
    assert 2 <= len(state.secrets) <= 4
    service_accounts = [a for a in state.accounts.values() if a.is_service_account]
    assert 2 <= len(service_accounts) <= 4
    humans = {a.external_user_id for a in state.accounts.values() if not a.is_service_account}
    assert humans == {"pro-1", "pro-2"}


def test_runs_spread_over_six_weeks_with_mixed_statuses() -> None:
    statuses: Counter[str] = Counter()
    for workspace_id in ("ws-1", "ws-2", "ws-3"):
        state = seed_workspace(workspace_id, MEMBERS, NOW)
        for run in state.runs.values():
            assert NOW - 42 * DAY <= run.created <= NOW
            assert run.start_time is not None
            if run.end_time is None:
                assert run.status in IN_PROGRESS
            else:
                assert run.end_time >= run.start_time
            statuses[run.status] += 1
    assert {"completed", "failed", "cached"} <= set(statuses)


def test_keys_cover_old_fresh_and_never_used() -> None:
    keys = [
        k
        for ws in ("ws-1", "ws-2", "ws-3", "ws-4")
        for k in seed_workspace(ws, MEMBERS, NOW).api_keys.values()
    ]
    assert any(NOW - k.created > 90 * DAY for k in keys)
    assert any(NOW - k.created < 90 * DAY for k in keys)
    assert any(k.last_login is None for k in keys)
    assert any(k.last_login is not None for k in keys)


def test_seed_runs_adds_many_runs_with_per_pipeline_indexes() -> None:
    state = seed_workspace("ws-big", MEMBERS, NOW)
    before = len(state.runs)
    added = seed_runs(state, 20_000, now=NOW)
    assert len(added) == 20_000
    assert len(state.runs) == before + 20_000
    assert [r.created for r in added] == sorted(r.created for r in added)
    per_pipeline: dict[str, list[int]] = {}
    for run in state.runs.values():
        per_pipeline.setdefault(run.pipeline_id, []).append(run.index)
    for indexes in per_pipeline.values():
        assert sorted(indexes) == list(range(1, len(indexes) + 1))


def test_reprs_never_show_key_secrets_or_the_token_secret() -> None:
    state = seed_workspace("ws-repr", MEMBERS, NOW)
    text = repr(state)
    assert state.api_keys
    for key in state.api_keys.values():
        assert key.secret not in text
    assert state.jwt_secret.hex() not in text
    assert repr(state.jwt_secret) not in text
