"""Sandbox runs can be in each of ZenML's run statuses, and say ``in_progress`` as the real server does."""

from __future__ import annotations

import pytest
from zenml_judge import run_in_zenml

from zpro_nb.emulator.contracts import ExternalIdentity
from zpro_nb.emulator.workspace.run_statuses import FINISHED, IN_PROGRESS, RUN_STATUSES
from zpro_nb.emulator.workspace.seed import seed_workspace

pytestmark = pytest.mark.oss

NOW = 1_800_000_000.0
MEMBERS = [ExternalIdentity("pro-1", "ada", "ada@example.test", "Ada", False, "Workspace Admin", True)]


@pytest.fixture(scope="module")
def zenml_statuses(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bool]:
    # ZenML's own statuses, each with ZenML's own ``is_finished`` (the real server's in_progress).
    script = tmp_path_factory.mktemp("judge") / "statuses.py"
    script.write_text(
        "import json\nfrom zenml.enums import ExecutionStatus\n"
        "print(json.dumps({s.value: s.is_finished for s in ExecutionStatus}))\n"
    )
    answer: dict[str, bool] = run_in_zenml(script, {}, config_dir=tmp_path_factory.mktemp("cfg"))
    return answer


def test_the_sandbox_knows_zenmls_statuses_and_which_are_finished(zenml_statuses: dict[str, bool]) -> None:
    assert list(RUN_STATUSES) == list(zenml_statuses)
    assert {s for s, finished in zenml_statuses.items() if finished} == FINISHED
    assert {s for s, finished in zenml_statuses.items() if not finished} == IN_PROGRESS


@pytest.mark.parametrize("workspace_id", ["ws-1", "ws-2"])
def test_a_seeded_workspace_has_runs_in_every_status(
    zenml_statuses: dict[str, bool], workspace_id: str
) -> None:
    state = seed_workspace(workspace_id, MEMBERS, NOW)
    assert {r.status for r in state.runs.values()} == set(zenml_statuses)
    for run in state.runs.values():
        # Unfinished runs have no end yet; finished ones ended after they started.
        assert (run.end_time is None) == (not zenml_statuses[run.status])
