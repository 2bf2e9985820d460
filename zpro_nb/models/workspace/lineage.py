"""Models of what runs did: steps, artifacts and their versions, models and their versions, schedules."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from ..base import UtcDatetime
from .base import WorkspaceObject


class Artifact(WorkspaceObject):
    """An artifact: a name whose versions steps save; its latest version is in ``resources``."""

    project_id: str | None = None
    user_id: str | None = None
    has_custom_name: bool | None = None

    _display_fields: ClassVar[tuple[str, ...]] = ("name", "id", "latest_version", "created", "updated")

    @property
    def latest_version(self) -> str | None:
        """The name of the newest version (``"3"``), when the server included it."""
        value = self.resource("latest_version_name")
        return value if isinstance(value, str) else None


class ArtifactVersion(WorkspaceObject):
    """One saved value of an artifact: which artifact, which version, what type, where it is stored."""

    version: str | None = None
    type: str | None = None
    uri: str | None = None
    save_type: str | None = None
    item_count: int | None = None
    content_hash: str | None = None
    artifact: dict[str, Any] | None = None
    data_type: dict[str, Any] | None = None
    #: the materializer's source (ZenML sends a source object; a plain string is kept as it is)
    materializer: dict[str, Any] | str | None = None
    artifact_store_id: str | None = None
    #: the version's metadata by key (e.g. ``storage_size``)
    run_metadata: dict[str, Any] | None = None
    project_id: str | None = None
    user_id: str | None = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "artifact_name",
        "version",
        "id",
        "type",
        "producer_run_id",
        "uri",
        "created",
    )

    @property
    def artifact_name(self) -> str | None:
        """The name of the artifact this is a version of."""
        name = (self.artifact or {}).get("name")
        return name if isinstance(name, str) else None

    @property
    def producer_run_id(self) -> str | None:
        """The id of the run whose step saved this version (``None`` when saved by hand)."""
        value = self.resource("producer_pipeline_run_id")
        return value if isinstance(value, str) else None

    def label(self) -> str:
        """``artifact:version`` (a version has no name of its own)."""
        return f"{self.artifact_name or self.id}:{self.version}"


class Model(WorkspaceObject):
    """A model of the model control plane."""

    description: str | None = None
    license: str | None = None
    audience: str | None = None
    use_cases: str | None = None
    project_id: str | None = None
    user_id: str | None = None

    _display_fields: ClassVar[tuple[str, ...]] = ("name", "id", "latest_version", "description", "created")

    @property
    def latest_version(self) -> str | None:
        """The name of the newest version, when the server included it."""
        value = self.resource("latest_version_name")
        return value if isinstance(value, str) else None


class ModelVersion(WorkspaceObject):
    """A numbered version of a model, and the stage it is in."""

    number: int | None = None
    stage: str | None = None
    description: str | None = None
    model: dict[str, Any] | None = None
    project_id: str | None = None
    user_id: str | None = None
    #: metadata logged on the version, by key (hydrated answers only)
    run_metadata: dict[str, Any] | None = None

    _display_fields: ClassVar[tuple[str, ...]] = ("model_name", "name", "number", "stage", "id", "created")

    @property
    def model_name(self) -> str | None:
        """The name of the model this is a version of."""
        name = (self.model or {}).get("name")
        return name if isinstance(name, str) else None


class StepRun(WorkspaceObject):
    """One step of a pipeline run."""

    status: str | None = None
    #: the step's type in ZenML's ``StepRunType`` (e.g. ``default``)
    type: str | None = None
    start_time: UtcDatetime = None
    end_time: UtcDatetime = None
    pipeline_run_id: str | None = None
    cache_key: str | None = None
    project_id: str | None = None
    user_id: str | None = None
    #: metadata logged on the step, by key (hydrated answers only)
    run_metadata: dict[str, Any] | None = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "id",
        "status",
        "start_time",
        "end_time",
        "duration",
    )

    @property
    def duration(self) -> dt.timedelta | None:
        """``end_time - start_time`` (``None`` while the step runs)."""
        if self.start_time is None or self.end_time is None:
            return None
        return self.end_time - self.start_time


class Schedule(WorkspaceObject):
    """A pipeline schedule (a cron expression or an interval)."""

    active: bool | None = None
    cron_expression: str | None = None
    interval_second: dt.timedelta | None = None
    start_time: UtcDatetime = None
    end_time: UtcDatetime = None
    run_once_start_time: UtcDatetime = None
    catchup: bool | None = None
    is_archived: bool | None = None
    pipeline_id: str | None = None
    orchestrator_id: str | None = None
    project_id: str | None = None
    user_id: str | None = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "id",
        "active",
        "cron_expression",
        "interval_second",
        "pipeline_id",
    )
