"""Seed what the demo runs of a sandbox workspace did: their steps, the artifacts those produced,
a model whose versions came from the training runs (in stages), and a couple of schedules.

Deterministic from the workspace id, drawn from its own random stream so the rest of the seed
(accounts, runs ...) stays exactly as it was. Runs added later (``POST /_sandbox/runs``) get no
steps: the benchmarks that add 20,000 runs do not pay for 60,000 steps they never read.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable

from .lineage import Artifact, ArtifactVersion, Lineage, Model, ModelVersion, Schedule, StepRun
from .state import Run, WorkspaceState, new_id

#: (step, its inputs as {argument: output of an earlier step}, its outputs) per demo pipeline
PIPELINE_STEPS: dict[str, tuple[tuple[str, dict[str, str], tuple[str, ...]], ...]] = {
    "training": (
        ("load_data", {}, ("raw_data",)),
        ("train_model", {"data": "raw_data"}, ("trained_model",)),
        ("evaluate_model", {"model": "trained_model", "data": "raw_data"}, ("accuracy",)),
    ),
    "batch-inference": (
        ("load_inference_data", {}, ("inference_data",)),
        ("predict", {"data": "inference_data"}, ("predictions",)),
    ),
    "feature-etl": (
        ("extract", {}, ("raw_features",)),
        ("transform", {"raw": "raw_features"}, ("features",)),
        ("publish_features", {"features": "features"}, ()),
    ),
    "data-validation": (
        ("load_reference", {}, ("reference_data",)),
        ("validate", {"data": "reference_data"}, ("validation_report",)),
    ),
    "model-evaluation": (
        ("load_candidate", {}, ("candidate_model",)),
        ("score_candidate", {"model": "candidate_model"}, ("evaluation_metrics",)),
    ),
}
#: output name -> (artifact type, data type (module, class), materializer (module, class))
OUTPUT_KINDS: dict[str, tuple[str, tuple[str, str], tuple[str, str]]] = {
    "model": (
        "ModelArtifact",
        ("sklearn.ensemble._forest", "RandomForestClassifier"),
        ("zenml.materializers.cloudpickle_materializer", "CloudpickleMaterializer"),
    ),
    "data": (
        "DataArtifact",
        ("pandas.core.frame", "DataFrame"),
        ("zenml.integrations.pandas.materializers.pandas_materializer", "PandasMaterializer"),
    ),
    "analysis": (
        "DataAnalysisArtifact",
        ("builtins", "dict"),
        ("zenml.materializers.built_in_materializer", "BuiltInContainerMaterializer"),
    ),
    "number": (
        "DataAnalysisArtifact",
        ("builtins", "float"),
        ("zenml.materializers.built_in_materializer", "BuiltInMaterializer"),
    ),
}
_KIND_OF = {
    "trained_model": "model",
    "candidate_model": "model",
    "accuracy": "number",
    "validation_report": "analysis",
    "evaluation_metrics": "analysis",
}
MODEL_NAME = "churn-model"
SPARE_MODEL_NAME = "fraud-detector"


def _stage_of(position_from_newest: int) -> str | None:
    # The newest version is being tried out, the one before serves, a few older ones were retired.
    if position_from_newest == 0:
        return "staging"
    if position_from_newest == 1:
        return "production"
    if position_from_newest in (2, 3):
        return "archived"
    return None


class _LineageSeeder:
    def __init__(self, state: WorkspaceState, rng: random.Random, now: float) -> None:
        self.state = state
        self.now = now
        self.lineage = state.lineage
        self.rng = rng
        self.project_id = state.default_project().id
        store = next((c for c in state.components.values() if c.type == "artifact_store"), None)
        self.store_id = store.id if store else None
        #: the newest version of each artifact name (cached steps point at it)
        self.latest: dict[str, ArtifactVersion] = {}

    def artifact(self, name: str, created: float, user_id: str | None) -> Artifact:
        found = next((a for a in self.lineage.artifacts.values() if a.name == name), None)
        if found is None:
            tags = list(self.state.tags)
            found = Artifact(
                id=new_id(self.rng),
                name=name,
                created=created,
                updated=created,
                project_id=self.project_id,
                user_id=user_id,
                tag_ids=self.rng.sample(tags, min(len(tags), self.rng.randint(0, 1))),
            )
            self.lineage.artifacts[found.id] = found
        return found

    def version(self, output: str, step: StepRun, created: float) -> ArtifactVersion:
        artifact = self.artifact(output, created, step.user_id)
        number = len(self.lineage.versions_of(artifact.id)) + 1
        kind, data_type, materializer = OUTPUT_KINDS[_KIND_OF.get(output, "data")]
        digest = hashlib.md5(f"{step.id}/{output}".encode(), usedforsecurity=False).hexdigest()
        version = ArtifactVersion(
            id=new_id(self.rng),
            artifact_id=artifact.id,
            version=str(number),
            created=created,
            updated=created,
            project_id=self.project_id,
            user_id=step.user_id,
            type=kind,
            data_type=data_type,
            materializer=materializer,
            uri=f"/zenml/local_stores/{self.store_id}/{step.name}/{output}/{step.id}/{digest[:8]}",
            artifact_store_id=self.store_id,
            content_hash=digest,
            item_count=self.rng.randint(100, 50_000) if kind == "DataArtifact" else None,
            producer_step_id=step.id,
            producer_run_id=step.run_id,
            storage_size=self.rng.randint(200, 5_000_000),
        )
        self.lineage.artifact_versions[version.id] = version
        artifact.updated = created
        self.latest[output] = version
        return version

    def steps_of(self, run: Run, pipeline_name: str) -> None:
        plan = PIPELINE_STEPS.get(pipeline_name, PIPELINE_STEPS["training"])
        if run.start_time is None or run.status == "initializing":
            return
        end = run.end_time if run.end_time is not None else self.now
        share = max(end - run.start_time, 1.0) / len(plan)
        stop_at = len(plan)
        if run.status in ("failed", "stopped", "running"):
            stop_at = self.rng.randint(1, len(plan))
        produced: dict[str, str] = {}
        by_name: dict[str, str] = {}
        for position, (name, inputs, outputs) in enumerate(plan[:stop_at]):
            last = position == stop_at - 1
            status = "cached" if run.status == "cached" else "completed"
            if last and run.status in ("failed", "stopped", "running"):
                status = run.status
            start = run.start_time + position * share
            step = StepRun(
                id=new_id(self.rng),
                name=name,
                created=start,
                updated=start + share,
                run_id=run.id,
                project_id=run.project_id,
                user_id=run.user_id,
                status=status,
                start_time=start,
                end_time=None if status == "running" else start + share * self.rng.uniform(0.6, 0.98),
                parent_step_ids=[by_name[i] for i in _upstream(plan, inputs) if i in by_name],
                inputs={arg: produced[out] for arg, out in inputs.items() if out in produced},
                cache_key=hashlib.md5(f"{pipeline_name}/{name}".encode(), usedforsecurity=False).hexdigest(),
                source_code=f"@step\ndef {name}(...):\n    ...\n",
            )
            if status == "completed":
                for output in outputs:
                    produced[output] = self.version(output, step, step.end_time or start).id
            elif status == "cached":
                for output in outputs:
                    if output in self.latest:
                        produced[output] = self.latest[output].id
            step.outputs = {o: produced[o] for o in outputs if o in produced}
            if status == "cached":
                step.end_time = step.start_time
            self.lineage.add_step(step)
            by_name[name] = step.id


def _upstream(
    plan: tuple[tuple[str, dict[str, str], tuple[str, ...]], ...], inputs: dict[str, str]
) -> Iterable[str]:
    wanted = set(inputs.values())
    return [name for name, _, outputs in plan if wanted & set(outputs)]


def seed_lineage(state: WorkspaceState, runs: Iterable[Run], *, now: float) -> None:
    """Steps and artifact versions for ``runs``, a model with staged versions, and schedules."""
    rng = random.Random(f"{state.workspace_id}/lineage")
    seeder = _LineageSeeder(state, rng, now)
    training: list[Run] = []
    for run in sorted(runs, key=lambda r: r.created):
        pipeline = state.pipelines.get(run.pipeline_id)
        name = pipeline.name if pipeline else "training"
        seeder.steps_of(run, name)
        if name == "training" and run.status == "completed":
            training.append(run)
    _seed_models(state, state.lineage, training, rng)
    _seed_schedules(state, state.lineage, rng)


def _seed_models(state: WorkspaceState, lineage: Lineage, training: list[Run], rng: random.Random) -> None:
    owners = [r.user_id for r in training] or [None]
    born = (
        training[0].created - 3600
        if training
        else min((p.created for p in state.pipelines.values()), default=0)
    )
    tags = list(state.tags)
    model = Model(
        id=new_id(rng),
        name=MODEL_NAME,
        created=born,
        updated=born,
        project_id=state.default_project().id,
        user_id=owners[0],
        description="Predicts which customers will churn next month",
        license="Apache-2.0",
        audience="Retention team",
        use_cases="Weekly churn-risk lists",
        tag_ids=rng.sample(tags, min(len(tags), 2)),
    )
    lineage.models[model.id] = model
    for number, run in enumerate(training, start=1):
        produced = [
            version_id
            for step_id in lineage.steps_by_run.get(run.id, [])
            for version_id in lineage.steps[step_id].outputs.values()
        ]
        version = ModelVersion(
            id=new_id(rng),
            model_id=model.id,
            name=str(number),
            number=number,
            created=run.created,
            updated=run.end_time or run.created,
            project_id=model.project_id,
            user_id=run.user_id,
            description=f"Trained by {run.name}",
            run_ids=[run.id],
            artifact_version_ids=produced,
            # What a training step logs with log_metadata: derived, so the seed's random draws
            # (and every other seeded value) stay as they were.
            run_metadata={
                "accuracy": round(0.81 + 0.004 * number, 3),
                "training_rows": 48_000 + 250 * number,
            },
        )
        run.run_metadata = {"epochs": 20, "learning_rate": 0.001}
        lineage.model_versions[version.id] = version
        model.updated = version.created
    versions = lineage.model_versions_of(model.id)
    for position, version in enumerate(reversed(versions)):
        version.stage = _stage_of(position)
    spare_born = born + 86_400
    spare = Model(
        id=new_id(rng),
        name=SPARE_MODEL_NAME,
        created=spare_born,
        updated=spare_born,
        project_id=model.project_id,
        user_id=owners[-1],
        description="Flags suspicious transactions (registered, not trained yet)",
    )
    lineage.models[spare.id] = spare


def _seed_schedules(state: WorkspaceState, lineage: Lineage, rng: random.Random) -> None:
    orchestrator = next((c for c in state.components.values() if c.type == "orchestrator"), None)
    for pipeline in state.pipelines.values():
        if pipeline.name not in ("training", "feature-etl"):
            continue
        created = pipeline.created + rng.uniform(1, 5) * 86_400
        cron = pipeline.name == "training"
        schedule = Schedule(
            id=new_id(rng),
            name=f"{pipeline.name}-{'nightly' if cron else 'hourly'}",
            created=created,
            updated=created,
            project_id=pipeline.project_id,
            user_id=pipeline.user_id,
            pipeline_id=pipeline.id,
            orchestrator_id=orchestrator.id if orchestrator else None,
            active=cron,
            cron_expression="0 2 * * *" if cron else None,
            interval_second=None if cron else 3600.0,
            start_time=None if cron else created,
        )
        lineage.schedules[schedule.id] = schedule
