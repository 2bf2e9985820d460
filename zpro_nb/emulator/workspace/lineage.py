"""What a sandbox workspace holds about what its runs did: steps, artifacts, models and schedules.

Kept apart from :mod:`.state` (which holds one :class:`Lineage` per workspace) so the
accounts-and-runs half and this half can change independently. Times are seconds since the epoch
(UTC), like everywhere in the sandbox state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class StepRun:
    """One step of a pipeline run; ``inputs``/``outputs`` map an argument/output name to versions."""

    id: str
    name: str
    created: float
    updated: float
    run_id: str
    project_id: str
    user_id: str | None
    status: str
    start_time: float | None
    end_time: float | None
    parent_step_ids: list[str] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    cache_key: str = ""
    source_code: str = ""


@dataclass
class Artifact:
    """A named artifact; its versions live in :attr:`Lineage.artifact_versions`."""

    id: str
    name: str
    created: float
    updated: float
    project_id: str
    user_id: str | None
    has_custom_name: bool = True
    tag_ids: list[str] = field(default_factory=list)


@dataclass
class ArtifactVersion:
    """One saved value of an artifact, produced by a step of a run (or saved by hand)."""

    id: str
    artifact_id: str
    version: str
    created: float
    updated: float
    project_id: str
    user_id: str | None
    type: str
    data_type: tuple[str, str]
    materializer: tuple[str, str]
    uri: str
    artifact_store_id: str | None
    content_hash: str
    item_count: int | None = None
    save_type: str = "step_output"
    producer_step_id: str | None = None
    producer_run_id: str | None = None
    storage_size: int = 0
    tag_ids: list[str] = field(default_factory=list)


@dataclass
class Model:
    """A model of the model control plane."""

    id: str
    name: str
    created: float
    updated: float
    project_id: str
    user_id: str | None
    description: str | None = None
    license: str | None = None
    audience: str | None = None
    use_cases: str | None = None
    tag_ids: list[str] = field(default_factory=list)


@dataclass
class ModelVersion:
    """A numbered version of a model, in a stage (``none``, ``staging``, ``production``, ``archived``)."""

    id: str
    model_id: str
    name: str
    number: int
    created: float
    updated: float
    project_id: str
    user_id: str | None
    stage: str | None = None
    description: str | None = None
    run_ids: list[str] = field(default_factory=list)
    artifact_version_ids: list[str] = field(default_factory=list)
    tag_ids: list[str] = field(default_factory=list)
    #: what ``log_metadata`` logged on the version (key -> JSON value)
    run_metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Schedule:
    """A pipeline schedule: a cron expression or an interval."""

    id: str
    name: str
    created: float
    updated: float
    project_id: str
    user_id: str | None
    pipeline_id: str | None
    orchestrator_id: str | None
    active: bool = True
    cron_expression: str | None = None
    interval_second: float | None = None
    start_time: float | None = None
    end_time: float | None = None
    catchup: bool = False
    run_once_start_time: float | None = None
    is_archived: bool = False


@dataclass
class Lineage:
    """Steps, artifacts (and versions), models (and versions) and schedules of one workspace.

    Dicts keep insertion (= creation) order; ``steps_by_run`` indexes steps by their run so a run's
    steps cost O(steps of that run), not a scan of every step.
    """

    steps: dict[str, StepRun] = field(default_factory=dict)
    steps_by_run: dict[str, list[str]] = field(default_factory=dict)
    artifacts: dict[str, Artifact] = field(default_factory=dict)
    artifact_versions: dict[str, ArtifactVersion] = field(default_factory=dict)
    models: dict[str, Model] = field(default_factory=dict)
    model_versions: dict[str, ModelVersion] = field(default_factory=dict)
    schedules: dict[str, Schedule] = field(default_factory=dict)

    def add_step(self, step: StepRun) -> None:
        """Store a step and index it under its run."""
        self.steps[step.id] = step
        self.steps_by_run.setdefault(step.run_id, []).append(step.id)

    def versions_of(self, artifact_id: str) -> list[ArtifactVersion]:
        """An artifact's versions, oldest first."""
        return [v for v in self.artifact_versions.values() if v.artifact_id == artifact_id]

    def model_versions_of(self, model_id: str) -> list[ModelVersion]:
        """A model's versions, oldest first."""
        return [v for v in self.model_versions.values() if v.model_id == model_id]
