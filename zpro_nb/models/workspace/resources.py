"""Workspace resources: projects, pipelines, runs, run templates, stacks, components, tags, secrets."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from ..base import UtcDatetime
from .base import WorkspaceObject


class Project(WorkspaceObject):
    """A project (named "workspace" in older OSS servers)."""

    display_name: str | None = None
    description: str | None = None

    _display_fields: ClassVar[tuple[str, ...]] = ("name", "display_name", "id", "description", "created")


class Pipeline(WorkspaceObject):
    """A pipeline; its latest run is in ``resources`` when hydrated."""

    project_id: str | None = None
    user_id: str | None = None
    description: str | None = None

    _display_fields: ClassVar[tuple[str, ...]] = ("name", "id", "project_id", "latest_run_status", "created")

    @property
    def latest_run_status(self) -> str | None:
        """Status of the latest run, when the server included it."""
        value = self.resource("latest_run_status")
        return value if isinstance(value, str) else None


class PipelineRun(WorkspaceObject):
    """A pipeline run."""

    status: str | None = None
    in_progress: bool | None = None
    status_reason: str | None = None
    index: int | None = None
    pipeline_id: str | None = None
    project_id: str | None = None
    user_id: str | None = None
    start_time: UtcDatetime = None
    end_time: UtcDatetime = None
    #: metadata logged on the run, by key (hydrated answers only)
    run_metadata: dict[str, Any] | None = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "id",
        "status",
        "pipeline",
        "start_time",
        "end_time",
        "status_reason",
    )

    @property
    def pipeline(self) -> str | None:
        """The pipeline's name (or id when the name was not included)."""
        name = self.resource("pipeline", "name")
        return name if isinstance(name, str) else self.pipeline_id


class RunTemplate(WorkspaceObject):
    """A run template (a runnable snapshot of a pipeline)."""

    description: str | None = None
    runnable: bool | None = None
    hidden: bool | None = None
    latest_run_id: str | None = None
    latest_run_status: str | None = None
    project_id: str | None = None
    user_id: str | None = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "id",
        "runnable",
        "latest_run_status",
        "description",
        "created",
    )


class Stack(WorkspaceObject):
    """A stack; ``components`` maps a component type to its components when hydrated."""

    description: str | None = None
    components: dict[str, Any] | None = None
    user_id: str | None = None

    _display_fields: ClassVar[tuple[str, ...]] = ("name", "id", "description", "component_types", "created")

    @property
    def component_types(self) -> list[str]:
        """The component types in the stack (hydrated objects only)."""
        return sorted(self.components or {})


class Component(WorkspaceObject):
    """A stack component."""

    type: str | None = None
    flavor_name: str | None = None
    integration: str | None = None
    user_id: str | None = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "id",
        "type",
        "flavor_name",
        "integration",
        "created",
    )


class Tag(WorkspaceObject):
    """A tag."""

    color: str | None = None
    exclusive: bool | None = None
    tagged_count: int | None = None
    user_id: str | None = None

    _display_fields: ClassVar[tuple[str, ...]] = ("name", "id", "color", "exclusive", "tagged_count")


class Secret(WorkspaceObject):
    """A secret's name and metadata; its values are never kept, only their names."""

    private: bool | None = None
    value_names: list[str] = Field(default_factory=list)
    user_id: str | None = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "id",
        "private",
        "value_names",
        "created",
        "updated",
    )

    @classmethod
    def _scrub(cls, fields: dict[str, Any]) -> dict[str, Any]:
        # A secret's values never enter the model, not even as an extra field: only their names do.
        values = fields.pop("values", None)
        if isinstance(values, dict) and not fields.get("value_names"):
            fields["value_names"] = sorted(str(k) for k in values)
        return fields
