"""Data for the frames judge that only ZenML's own code makes (imported by ``client_frames.py``).

Runs in the ZenML venv, next to ``client_frames.py``. Everything goes through ZenML's ``Client``,
its ``log_metadata`` and its REST store (the calls an orchestrator makes), so every row is one the
real server accepted:

* run metadata: a pipeline in a second project whose step logs metadata with ``log_metadata``
  (to its step run, its output artifact version and its model version), then metadata logged on
  the run itself and on the contract model's version in the default project;
* runs in every status ZenML lets a client set on a run (``RUN_PATHS``): each in a pipeline of its
  own, so ``pipelines().latest_run_status`` takes every one of them too; the runs are made from a
  dynamic snapshot, whose status ZenML takes as given rather than computing it from step statuses;
* steps in every status ZenML lets a client create a step in (``STEP_STATUSES``), on one more run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from zenml import Model, log_metadata, pipeline, step
from zenml.client import Client
from zenml.config.pipeline_configurations import PipelineConfiguration
from zenml.enums import ExecutionStatus as S
from zenml.models import (
    PipelineRequest,
    PipelineRunRequest,
    PipelineRunUpdate,
    PipelineSnapshotRequest,
    StepRunRequest,
)
from zenml.utils.time_utils import utc_now

Attempt = Callable[[str, Callable[[], Any]], Any]

#: run status -> the updates after creation that reach it (INITIALIZING/PROVISIONING runs start
#: initializing, the others running). ZenML refuses cached, skipped, retrying and retried for runs.
RUN_PATHS: dict[S, list[S]] = {
    S.INITIALIZING: [],
    S.PROVISIONING: [S.PROVISIONING],
    S.QUEUED: [S.QUEUED],
    S.RUNNING: [],
    S.COMPLETED: [S.COMPLETED],
    S.FAILED: [S.FAILED],
    S.CANCELLING: [S.CANCELLING],
    S.CANCELLED: [S.CANCELLED],
    S.PAUSED: [S.PAUSED],
    S.RESUMING: [S.PAUSED, S.RESUMING],
    S.STOPPING: [S.STOPPING],
    S.STOPPED: [S.STOPPED],
}

#: the statuses a step may be created in (ZenML refuses retrying, retried, cancelling and queued)
STEP_STATUSES = [
    s for s in S if s not in {S.RETRYING, S.RETRIED, S.CANCELLING, S.QUEUED}
]  # fmt: skip


@step
def measure() -> int:
    log_metadata(metadata={"accuracy": 0.93, "rows": 3})  # the step run's own metadata
    log_metadata(metadata={"auc": 0.8}, infer_model=True)
    log_metadata(metadata={"checked": True}, infer_artifact=True)
    return 3


def second_project(client: Client, suffix: str, attempt: Attempt) -> str:
    """A second project with a described run of its own; returns its name."""
    name = f"frames-{suffix}"
    made = attempt(
        "project", lambda: client.create_project(name, "a project with a description", display_name="Frames")
    )
    if made is None:
        return name
    default = os.environ["ZENML_ACTIVE_PROJECT_ID"]
    os.environ["ZENML_ACTIVE_PROJECT_ID"] = str(made.id)
    try:

        @pipeline(enable_cache=False, model=Model(name=f"frames-model-{suffix}", description="measured"))
        def measured() -> None:
            measure()

        attempt("run in the second project", measured)
        runs = client.list_pipeline_runs(sort_by="desc:created", size=1).items
        if runs:
            attempt(
                "run metadata",
                lambda: log_metadata(
                    metadata={"owner": "frames", "epochs": 2}, run_id_name_or_prefix=runs[0].id
                ),
            )
    finally:
        os.environ["ZENML_ACTIVE_PROJECT_ID"] = default
    return name


def metadata_in_default_project(client: Client, attempt: Attempt) -> None:
    """Metadata on the contract run and the contract model's version (default project)."""
    runs = client.list_pipeline_runs(pipeline_name="training", sort_by="desc:created", size=1).items
    if runs:
        attempt(
            "contract run metadata",
            lambda: log_metadata(metadata={"lr": 0.01}, run_id_name_or_prefix=runs[0].id),
        )
    attempt(
        "model version metadata",
        lambda: log_metadata(
            metadata={"stage_note": "judged"}, model_name="contract-model", model_version="1"
        ),
    )


def runs_in_every_status(client: Client, suffix: str, attempt: Attempt) -> None:
    """One run per settable status, each in a pipeline of its own; steps in every creatable status."""
    store = client.zen_store
    project = client.active_project.id
    stack = client.active_stack_model.id
    template = _a_step_configuration(client)
    for status, path in RUN_PATHS.items():
        run = attempt(f"run {status.value}", lambda s=status: _dynamic_run(store, project, stack, suffix, s))
        for update in path:
            if run is not None:
                attempt(
                    f"run {status.value} -> {update.value}",
                    lambda r=run, u=update: store.update_run(r.id, PipelineRunUpdate(status=u)),
                )
    run = attempt("run for steps", lambda: _dynamic_run(store, project, stack, suffix, None))
    if run is None or template is None:
        return
    for status in STEP_STATUSES:
        attempt(
            f"step {status.value}",
            lambda s=status: store.create_run_step(
                StepRunRequest(
                    name=f"step-{s.value}",
                    status=s,
                    start_time=utc_now(),
                    end_time=utc_now() if s.is_finished else None,
                    pipeline_run_id=run.id,
                    project=project,
                    dynamic_config=template,
                )
            ),
        )


def _a_step_configuration(client: Client) -> Any:
    # A step's configuration from a real run's snapshot: a dynamic run's steps bring their own.
    runs = client.list_pipeline_runs(pipeline_name="training", size=1, hydrate=True).items
    if not runs or runs[0].snapshot is None:
        return None
    return next(iter(runs[0].snapshot.step_configurations.values()))


def _dynamic_run(store: Any, project: Any, stack: Any, suffix: str, status: S | None) -> Any:
    name = f"frames-{status.value if status else 'steps'}-{suffix}"
    made = store.create_pipeline(PipelineRequest(name=name, project=project))
    snapshot = store.create_snapshot(
        PipelineSnapshotRequest(
            run_name_template=f"{name}-run",
            pipeline_configuration=PipelineConfiguration(name=name),
            project=project,
            stack=stack,
            pipeline=made.id,
            is_dynamic=True,
        )
    )
    start = S.INITIALIZING if status in {S.INITIALIZING, S.PROVISIONING} else S.RUNNING
    run, _ = store.get_or_create_run(
        PipelineRunRequest(
            name=f"{name}-run",
            snapshot=snapshot.id,
            project=project,
            status=start,
            orchestrator_run_id=name,
            start_time=utc_now(),
        )
    )
    return run
