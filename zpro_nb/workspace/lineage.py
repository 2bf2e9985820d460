"""What runs did, as DataFrames: the steps of a run, artifacts and their versions, models and their
versions, schedules. Single objects come from ``ws.get("artifacts", ...)`` etc.

Every filter goes to the server (``artifact=``, ``model=``, ``pipeline_run_id=`` ...), names or ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..api.workspace import resources as resources_api
from ..api.workspace.filters import op
from ..arguments import require_name
from ..errors import InvalidArgument
from ..models.workspace import PipelineRun
from .objects import WorkspaceObjects

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MODEL_STAGES", "LineageMethods"]

#: ZenML's ``ModelStages`` (``latest`` is a lookup alias, never a stored stage).
MODEL_STAGES = ("none", "staging", "production", "archived", "latest")


def _contains(name: str | None) -> str | None:
    return op("contains", name) if name else None


def _stages(stage: str | Sequence[str] | None) -> str | None:
    if stage is None:
        return None
    wanted = [stage] if isinstance(stage, str) else list(stage)
    unknown = [s for s in wanted if s not in MODEL_STAGES]
    if unknown or not wanted:
        raise InvalidArgument(
            f"stage must be one of {', '.join(MODEL_STAGES)} (or a list of them), not {stage!r}"
        )
    return wanted[0] if len(wanted) == 1 else op("oneof", wanted)


class LineageMethods(WorkspaceObjects):
    """``artifacts()``, ``artifact_versions()``, ``models()``, ``model_versions()``, ``steps()``,
    ``schedules()``."""

    async def _lineage(
        self,
        resource: str,
        filters: Mapping[str, Any],
        sort_by: str | None,
        max_items: int | None,
    ) -> pd.DataFrame:
        records = await self._listed(resource, filters, sort_by=sort_by, max_items=max_items)
        return await self._frame(resource, records)

    async def artifacts(
        self,
        *,
        name: str | None = None,
        project: str | None = None,
        sort_by: str | None = None,
        max_items: int | None = None,
    ) -> pd.DataFrame:
        """Artifacts with their latest version. ``name`` filters on the server (``contains:``)."""
        filters = {"name": _contains(name), "project": project}
        return await self._lineage("artifacts", filters, sort_by, max_items)

    async def artifact_versions(
        self,
        artifact: str | None = None,
        *,
        run: str | None = None,
        type: str | None = None,
        project: str | None = None,
        sort_by: str | None = "desc:created",
        max_items: int | None = None,
    ) -> pd.DataFrame:
        """Artifact versions, newest first: of one artifact (name or id), and/or saved by one run
        (``run``: name or id); ``type`` e.g. ``ModelArtifact``. An unknown artifact or run gives
        an empty frame, as on the server."""
        filters = {"artifact": artifact, "pipeline_run": run, "type": type, "project": project}
        return await self._lineage("artifact_versions", filters, sort_by, max_items)

    async def models(
        self,
        *,
        name: str | None = None,
        project: str | None = None,
        sort_by: str | None = None,
        max_items: int | None = None,
    ) -> pd.DataFrame:
        """Models with their latest version. ``name`` filters on the server (``contains:``)."""
        filters = {"name": _contains(name), "project": project}
        return await self._lineage("models", filters, sort_by, max_items)

    async def model_versions(
        self,
        model: str | None = None,
        *,
        stage: str | Sequence[str] | None = None,
        project: str | None = None,
        sort_by: str | None = None,
        max_items: int | None = None,
    ) -> pd.DataFrame:
        """Model versions, of one model (name or id) or of all; ``stage``: one of
        :data:`MODEL_STAGES` or several (``["staging", "production"]``)."""
        filters = {"model": model, "stage": _stages(stage), "project": project}
        return await self._lineage("model_versions", filters, sort_by, max_items)

    async def steps(
        self,
        run: str,
        *,
        status: str | Sequence[str] | None = None,
        project: str | None = None,
        sort_by: str | None = None,
    ) -> pd.DataFrame:
        """The steps of one run (name or id), in the order they were created, with status, start,
        end and duration; ``status``: one or several; ``project``: where a run's name is looked
        for (name or id; default: the signed-in user's default project)."""
        require_name("run", run)
        found = await self.get("runs", run, project=project)
        # Steps are listed per project like runs: without the run's own project the server looks
        # in the default one and a run elsewhere seems to have no steps.
        project_id = found.project_id if isinstance(found, PipelineRun) else None
        filters: dict[str, Any] = {"pipeline_run_id": found.id, "project": project_id}
        if isinstance(status, str):
            filters["status"] = status
        elif status is not None:
            filters["status"] = op("oneof", list(status))
        records = await resources_api.list_resource(self.client, "steps", filters=filters, sort_by=sort_by)
        count = len(records)
        return await self._frame("steps", records, run_id=[found.id] * count, run_name=[found.name] * count)

    async def schedules(
        self,
        *,
        active: bool | None = None,
        project: str | None = None,
        sort_by: str | None = None,
        max_items: int | None = None,
    ) -> pd.DataFrame:
        """Pipeline schedules (``active=True``: only those that will fire)."""
        return await self._lineage("schedules", {"active": active, "project": project}, sort_by, max_items)
