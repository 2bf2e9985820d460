"""Fill a real ZenML server's SQLite database through ZenML's own store (runs in the ZenML venv).

Run with the ZenML venv's python, ``ZENML_STORE_URL=sqlite:///<the server's db>``. stdin: ``{"runs":
N, "pipelines": P, "users": U, "stacks": S, "days": D}``. Users, stack components, stacks, pipelines
and one snapshot per (pipeline, stack) are created with the store's own ``create_*`` calls, and the
first run of each pipeline with ``create_run``, exactly as a server does. The remaining runs are
built by ZenML's own ``PipelineRunSchema.from_request`` from a validated ``PipelineRunRequest`` and
written in one transaction (``create_run`` commits once per run: 5,000 of them would take minutes),
with their creation times spread over the last ``days`` days so that "runs since a date" selects a
part of them. stdout (last line): what was created and how long it took.

This file imports only ZenML and the standard library: it never runs in zpro_nb's venv.
"""

from __future__ import annotations

import json
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session
from zenml.client import Client
from zenml.config.pipeline_configurations import PipelineConfiguration
from zenml.enums import ExecutionStatus, StackComponentType
from zenml.models import (
    ComponentRequest,
    PipelineRequest,
    PipelineRunRequest,
    PipelineSnapshotRequest,
    StackRequest,
    UserRequest,
)
from zenml.zen_stores.schemas import PipelineRunSchema

PIPELINE_WORDS = ("training", "batch-inference", "feature-etl", "data-validation", "evaluation", "export")
STATUSES = (
    (ExecutionStatus.COMPLETED, 70),
    (ExecutionStatus.FAILED, 15),
    (ExecutionStatus.CACHED, 10),
    (ExecutionStatus.STOPPED, 5),
)


def _finish(row: PipelineRunSchema, created: datetime, end: datetime, status: ExecutionStatus) -> None:
    row.created = created
    row.updated = end
    row.start_time = created
    row.end_time = end
    row.status = status.value
    row.in_progress = False


def main() -> None:
    payload: dict[str, Any] = json.loads(sys.stdin.read() or "{}")
    runs = int(payload.get("runs", 5000))
    n_pipelines = int(payload.get("pipelines", 12))
    n_users = int(payload.get("users", 8))
    n_stacks = int(payload.get("stacks", 4))
    days = float(payload.get("days", 180))
    rng = random.Random(20261203)
    started = time.perf_counter()

    client = Client()
    store = client.zen_store
    project = client.active_project.id
    admin = client.active_user.id

    users = [admin] + [
        store.create_user(
            UserRequest(name=f"bench-user-{i:02d}", full_name=f"Bench User {i}", active=True, is_admin=False)
        ).id
        for i in range(n_users - 1)
    ]
    stacks = []
    for i in range(n_stacks):
        orchestrator = store.create_stack_component(
            ComponentRequest(
                name=f"bench-orchestrator-{i}",
                type=StackComponentType.ORCHESTRATOR,
                flavor="local",
                configuration={},
                user=admin,
            )
        )
        artifact_store = store.create_stack_component(
            ComponentRequest(
                name=f"bench-artifacts-{i}",
                type=StackComponentType.ARTIFACT_STORE,
                flavor="local",
                configuration={"path": f"/tmp/zpro-bench-artifacts-{i}"},
                user=admin,
            )
        )
        stacks.append(
            store.create_stack(
                StackRequest(
                    name=f"bench-stack-{i}",
                    components={
                        StackComponentType.ORCHESTRATOR: [orchestrator.id],
                        StackComponentType.ARTIFACT_STORE: [artifact_store.id],
                    },
                    user=admin,
                )
            ).id
        )
    pipelines = []
    snapshots: dict[uuid.UUID, list[uuid.UUID]] = {}
    for i in range(n_pipelines):
        name = f"{PIPELINE_WORDS[i % len(PIPELINE_WORDS)]}-{i:02d}"
        pipeline = store.create_pipeline(PipelineRequest(name=name, project=project, user=admin))
        pipelines.append(pipeline.id)
        snapshots[pipeline.id] = [
            store.create_snapshot(
                PipelineSnapshotRequest(
                    run_name_template=f"{name}-{{date}}-{{time}}",
                    pipeline_configuration=PipelineConfiguration(name=name),
                    step_configurations={},
                    client_environment={},
                    project=project,
                    user=admin,
                    stack=stack,
                    pipeline=pipeline.id,
                )
            ).id
            for stack in stacks
        ]
    set_up_s = time.perf_counter() - started

    now = datetime.now(UTC).replace(tzinfo=None)
    statuses, weights = zip(*STATUSES, strict=True)
    rows = []
    next_index: dict[uuid.UUID, int] = {}
    for n in range(runs):
        pipeline_id = pipelines[n % len(pipelines)]
        created = now - timedelta(seconds=rng.uniform(60, days * 86_400))
        status = rng.choices(statuses, weights)[0]
        request = PipelineRunRequest(
            name=f"bench-run-{n:06d}",
            snapshot=rng.choice(snapshots[pipeline_id]),
            project=project,
            user=rng.choice(users),
            orchestrator_run_id=f"bench-{n:06d}",
            start_time=created,
            # A run is created running (the request refuses anything else); it ends below.
            status=ExecutionStatus.RUNNING,
        )
        end = created + timedelta(seconds=rng.uniform(20, 3600))
        if pipeline_id not in next_index:
            # The first run of each pipeline goes through the store's own get_or_create_run.
            made, _ = store.get_or_create_run(request)
            next_index[pipeline_id] = 2
            rows.append((made.id, (created, end, status)))
            continue
        schema = PipelineRunSchema.from_request(
            request, pipeline_id=pipeline_id, index=next_index[pipeline_id], enable_heartbeat=False
        )
        next_index[pipeline_id] += 1
        _finish(schema, created, end, status)
        rows.append((schema, (created, end, status)))
    created_first = {r[0]: r[1] for r in rows if isinstance(r[0], uuid.UUID)}
    with Session(store.engine) as session:
        session.add_all([r[0] for r in rows if not isinstance(r[0], uuid.UUID)])
        for run_id, created in created_first.items():
            row = session.get(PipelineRunSchema, run_id)
            if row is not None:
                _finish(row, *created)
                session.add(row)
        session.commit()
    total_s = time.perf_counter() - started
    print(
        json.dumps(
            {
                "runs": runs,
                "pipelines": len(pipelines),
                "users": len(users),
                "stacks": len(stacks),
                "snapshots": sum(len(v) for v in snapshots.values()),
                "days": days,
                "set_up_s": round(set_up_s, 3),
                "fill_s": round(total_s, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
