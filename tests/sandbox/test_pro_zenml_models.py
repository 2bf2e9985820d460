"""ZenML's Pro client models (``zenml.login.pro``) judge what the served sandbox answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pro_served import JudgedSandbox, judged_sandbox, workspaces_in_api_states
from zenml_judge import run_in_zenml

pytestmark = pytest.mark.oss

__all__ = ["judged_sandbox"]  # the fixture, imported for this module

WORKSPACE_READ = "zenml.login.pro.workspace.models.WorkspaceRead"


def answer(label: str, model: str, body: str, *, many: bool = False) -> dict[str, Any]:
    return {"label": label, "model": model, "many": many, "body": body}


def judge(answers: list[dict[str, Any]], tmp_path: Path) -> list[dict[str, Any]]:
    """Every failure ZenML's models find in ``answers`` (asserting each answer was looked at)."""
    verdict = run_in_zenml("pro_models.py", {"answers": answers}, config_dir=tmp_path / "cfg")
    assert verdict["checked"] >= len(answers)
    failures: list[dict[str, Any]] = verdict["failures"]
    return failures


def test_a_workspace_validates_as_zenml_workspace_read_in_every_state(
    judged_sandbox: JudgedSandbox, tmp_path: Path
) -> None:
    ids = workspaces_in_api_states(judged_sandbox)
    answers = [
        answer(
            f"GET /workspaces/{{id}} ({state})",
            WORKSPACE_READ,
            judged_sandbox.call("GET", f"/workspaces/{ws_id}").text,
        )
        for state, ws_id in ids.items()
    ]
    assert judge(answers, tmp_path) == []
