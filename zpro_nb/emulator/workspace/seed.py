"""Seed data of a sandbox workspace, deterministic from its id (and the sandbox clock).

A fresh workspace looks like a fresh OSS server (project ``default``, stack ``default`` with a local
orchestrator, deployer and artifact store) plus a demo's worth of ML objects: pipelines, runs over
the last six weeks, run templates, tags, service accounts with keys of various ages, and secret
names. Seeding one workspace takes about a millisecond; only workspaces that are used get seeded.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime

from ..contracts import ExternalIdentity
from .lineage_seed import seed_lineage
from .run_statuses import FINISHED, RUN_STATUSES
from .state import (
    Account,
    ApiKey,
    Component,
    Pipeline,
    Project,
    Run,
    RunTemplate,
    Secret,
    Stack,
    Tag,
    WorkspaceState,
    new_id,
)
from .tokens import new_key_secret

DAY = 86_400.0
PIPELINE_NAMES = ("training", "batch-inference", "feature-etl", "data-validation", "model-evaluation")
TAG_COLORS = (
    "grey",
    "purple",
    "red",
    "green",
    "yellow",
    "orange",
    "lime",
    "teal",
    "turquoise",
    "magenta",
    "blue",
)
TAG_NAMES = ("production", "staging", "experimental", "nightly", "gpu", "customer-churn")
SA_NAMES = ("ci-pipeline", "airflow-bridge", "nightly-retrain", "monitoring-bot", "feature-sync")
#: seeded secrets and the names of the values each holds (the sandbox never holds values)
SECRETS = {
    "aws-credentials": ("aws_access_key_id", "aws_secret_access_key", "region"),
    "snowflake-conn": ("account", "user", "password", "warehouse"),
    "wandb-api": ("api_key",),
    "hf-token": ("token",),
    "slack-webhook": ("url",),
}
SECRET_NAMES = tuple(SECRETS)
#: statuses a finished run can end in, with their demo weights (running/initializing come from age)
FINISHED_STATUSES = (("completed", 70), ("failed", 15), ("cached", 10), ("stopped", 5))
#: runs of the last ``RECENT_HOURS`` hours that the seed adds so that every status shows up
RECENT_HOURS = 6.0


def seed_workspace(workspace_id: str, members: list[ExternalIdentity], now: float) -> WorkspaceState:
    """A new workspace state, seeded from ``random.Random(workspace_id)``."""
    rng = random.Random(workspace_id)
    state = WorkspaceState(
        workspace_id=workspace_id,
        server_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"zpro-sandbox-workspace/{workspace_id}")),
    )
    # The workspace "was deployed" a while ago; everything else is younger.
    born = now - rng.uniform(120, 400) * DAY
    project = Project(id=new_id(rng), name="default", created=born, updated=born, display_name="default")
    state.projects[project.id] = project
    components = [
        Component(id=new_id(rng), name="default", type=kind, flavor="local", created=born, updated=born)
        for kind in ("orchestrator", "deployer", "artifact_store")
    ]
    for component in components:
        state.components[component.id] = component
    stack = Stack(
        id=new_id(rng), name="default", created=born, updated=born, component_ids=[c.id for c in components]
    )
    state.stacks[stack.id] = stack

    member_ids = sorted(state.sync_members(members, born))
    owners: list[str | None] = list(member_ids) if member_ids else [None]

    for name in rng.sample(TAG_NAMES, rng.randint(3, 5)):
        created = now - rng.uniform(40, 110) * DAY
        tag = Tag(
            id=new_id(rng),
            name=name,
            created=created,
            updated=created,
            color=rng.choice(TAG_COLORS),
            user_id=rng.choice(owners),
        )
        state.tags[tag.id] = tag
    tag_ids = list(state.tags)

    for name in PIPELINE_NAMES[: rng.randint(3, 5)]:
        created = now - rng.uniform(45, 100) * DAY
        pipeline = Pipeline(
            id=new_id(rng),
            name=name,
            created=created,
            updated=created,
            project_id=project.id,
            user_id=rng.choice(owners),
            tag_ids=rng.sample(tag_ids, rng.randint(0, 2)),
        )
        state.pipelines[pipeline.id] = pipeline

    demo_runs = seed_runs(state, rng.randint(40, 70), now=now, rng=rng, owners=owners)

    pipelines = list(state.pipelines.values())
    for pipeline in rng.sample(pipelines, rng.randint(1, 3)):
        created = now - rng.uniform(5, 40) * DAY
        template = RunTemplate(
            id=new_id(rng),
            name=f"{pipeline.name}-template",
            created=created,
            updated=created,
            project_id=project.id,
            pipeline_id=pipeline.id,
            stack_id=stack.id,
            user_id=rng.choice(owners),
            description=f"Run {pipeline.name} on the default stack",
            tag_ids=rng.sample(tag_ids, 1),
        )
        state.run_templates[template.id] = template

    _seed_service_accounts(state, rng, now)

    for name in rng.sample(SECRET_NAMES, rng.randint(2, 4)):
        created = now - rng.uniform(10, 150) * DAY
        secret = Secret(
            id=new_id(rng),
            name=name,
            created=created,
            updated=created,
            user_id=rng.choice(owners),
            value_names=list(SECRETS[name]),
        )
        state.secrets[secret.id] = secret
    seed_lineage(state, demo_runs, now=now)
    seed_every_status(state, now=now, owners=owners)
    return state


def _seed_service_accounts(state: WorkspaceState, rng: random.Random, now: float) -> None:
    # Key ages chosen so a demo shows every case: fresh, past a 90-day rotation policy, never used.
    for name in rng.sample(SA_NAMES, rng.randint(2, 4)):
        created = now - rng.uniform(100, 300) * DAY
        account = Account(
            id=new_id(rng),
            name=name,
            created=created,
            updated=created,
            is_service_account=True,
            description=f"{name.replace('-', ' ')} automation",
        )
        state.accounts[account.id] = account
        for index in range(rng.randint(1, 2)):
            key_created = now - rng.uniform(5, 200) * DAY
            never_used = rng.random() < 0.3
            rotated = None if rng.random() < 0.6 else key_created + rng.uniform(1, now - key_created - 1)
            last_login = None if never_used else now - rng.uniform(0.01, 30) * DAY
            key = ApiKey(
                id=new_id(rng),
                service_account_id=account.id,
                name=f"key-{index + 1}",
                created=key_created,
                updated=rotated or key_created,
                secret=new_key_secret(),
                last_rotated=rotated,
                last_login=max(last_login, rotated or key_created) if last_login is not None else None,
                active=rng.random() > 0.15,
                description="seeded",
            )
            state.api_keys[key.id] = key
    if rng.random() < 0.5:
        next(reversed(state.accounts.values())).active = False


def seed_runs(
    state: WorkspaceState,
    count: int,
    *,
    now: float,
    rng: random.Random | None = None,
    owners: list[str | None] | None = None,
    days: float = 42.0,
) -> list[Run]:
    """Add ``count`` runs spread over the last ``days`` days (cheap: 20,000 runs in well under a second).

    Runs of the last hour may still be ``running``/``initializing``; older ones are finished.
    Returns the new runs (already stored, ``created`` ascending).
    """
    rng = rng or random.Random(f"{state.workspace_id}/runs/{len(state.runs)}")
    if owners is None:
        humans = [a.id for a in state.accounts.values() if not a.is_service_account]
        owners = list(humans) if humans else [None]
    pipelines = list(state.pipelines.values())
    if not pipelines:
        return []
    next_index = _last_indexes(state)
    statuses = [s for s, _ in FINISHED_STATUSES]
    weights = [w for _, w in FINISHED_STATUSES]
    starts = sorted(now - rng.random() * days * DAY for _ in range(count))
    created_runs: list[Run] = []
    for start in starts:
        pipeline = rng.choice(pipelines)
        next_index[pipeline.id] = next_index.get(pipeline.id, 0) + 1
        age = now - start
        duration = rng.uniform(30, 3600)
        if age < duration:
            status = "running" if age > 60 else "initializing"
            end = None
        else:
            status = rng.choices(statuses, weights)[0]
            end = start + (rng.uniform(0.5, 3) if status == "cached" else duration)
        run = _new_run(state, rng, pipeline, next_index[pipeline.id], status, start, end, owners)
        created_runs.append(run)
    return created_runs


def seed_every_status(state: WorkspaceState, *, now: float, owners: list[str | None]) -> list[Run]:
    """Add one recent run for each ``ExecutionStatus`` the workspace's runs do not show yet.

    A queued, paused or cancelling run is rare among weeks of finished ones, yet a notebook must
    show it; its own random stream leaves the rest of the seed as it was.
    """
    rng = random.Random(f"{state.workspace_id}/every-status")
    pipelines = list(state.pipelines.values())
    seen = {run.status for run in state.runs.values()}
    missing = [status for status in RUN_STATUSES if status not in seen]
    if not pipelines or not missing:
        return []
    next_index = _last_indexes(state)
    added: list[Run] = []
    for status in missing:
        pipeline = rng.choice(pipelines)
        next_index[pipeline.id] = next_index.get(pipeline.id, 0) + 1
        start = now - rng.uniform(0.05, RECENT_HOURS) * 3600
        end = min(start + rng.uniform(5, 900), now) if status in FINISHED else None
        added.append(_new_run(state, rng, pipeline, next_index[pipeline.id], status, start, end, owners))
    return added


def _last_indexes(state: WorkspaceState) -> dict[str, int]:
    """Each pipeline's highest run index so far (a pipeline without runs is absent: its next is 1)."""
    last: dict[str, int] = {}
    for run in state.runs.values():
        last[run.pipeline_id] = max(last.get(run.pipeline_id, 0), run.index)
    return last


def _new_run(
    state: WorkspaceState,
    rng: random.Random,
    pipeline: Pipeline,
    index: int,
    status: str,
    start: float,
    end: float | None,
    owners: list[str | None],
) -> Run:
    """Store and return a run of ``pipeline`` on the default project and stack.

    Draws from ``rng`` in a fixed order (the id, then the owner) so a seed gives the same runs.
    """
    stamp = datetime.fromtimestamp(start, UTC).strftime("%Y_%m_%d-%H_%M_%S_%f")
    run_id = new_id(rng)
    run = Run(
        id=run_id,
        name=f"{pipeline.name}-{stamp}",
        created=start,
        updated=end or start,
        project_id=state.default_project().id,
        pipeline_id=pipeline.id,
        stack_id=state.default_stack().id,
        user_id=rng.choice(owners),
        status=status,
        index=index,
        start_time=start,
        end_time=end,
    )
    state.runs[run.id] = run
    return run
