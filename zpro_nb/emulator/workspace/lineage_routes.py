"""Steps, artifacts, artifact versions, models, model versions and schedules of a sandbox workspace.

Read routes with the real server's paging, filters and sorting (``page_of``), and its 404s and
422s: every single GET takes a UUID (a name is a 422, as on the real server). Filters that take
a name or an id (``artifact=``, ``model=``, ``pipeline_run=``) match nothing for an unknown one,
like the real server (no 404).
"""

import uuid
from collections.abc import Callable, Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from ..json_response import FastJSONResponse
from .context import Caller, WorkspaceService
from .filters import FieldSpec, ListParams, list_params, page_of
from .lineage import ArtifactVersion, ModelVersion, StepRun
from .lineage_json import (
    artifact_json,
    artifact_version_json,
    model_json,
    model_version_json,
    schedule_json,
    step_json,
)
from .models import NestedMemo
from .resources import _by_id, _common, _page, _resolvers
from .state import WorkspaceState, find_by_name_or_id


def _scoped(state: WorkspaceState, entity_id: Callable[[Any], str]) -> dict[str, FieldSpec[Any]]:
    # What every project-scoped filter has: id, created, updated, name, project and user.
    project, user = _resolvers(state)
    return {
        **_common(entity_id),
        "project": FieldSpec("uuid", lambda e: e.project_id, resolve=project, sortable=False),
        "user": FieldSpec("uuid", lambda e: e.user_id, resolve=user, sortable=False),
    }


def _name_or_id(items: dict[str, Any]) -> Callable[[str], str]:
    # An unknown name stays as it is and then matches no id: an empty page, not a 404.
    def resolve(value: str) -> str:
        found = find_by_name_or_id(items, value)
        return str(found.id) if found is not None else value

    return resolve


def artifact_version_fields(state: WorkspaceState) -> dict[str, FieldSpec[ArtifactVersion]]:
    """The ``ArtifactVersionFilter`` fields the sandbox serves."""
    lineage = state.lineage
    fields = _scoped(state, lambda v: v.id)
    del fields["name"]  # an artifact version has no name of its own (``artifact=`` filters by it)
    model_of: dict[str, set[str]] = {}
    for model_version in lineage.model_versions.values():
        for version_id in model_version.artifact_version_ids:
            model_of.setdefault(version_id, set()).add(model_version.id)

    def in_model_version(v: ArtifactVersion) -> str | None:
        ids = model_of.get(v.id)
        return min(ids) if ids else None

    return {
        **fields,
        "artifact": FieldSpec(
            "uuid", lambda v: v.artifact_id, resolve=_name_or_id(lineage.artifacts), sortable=False
        ),
        "artifact_id": FieldSpec("uuid", lambda v: v.artifact_id),
        "version": FieldSpec("str", lambda v: v.version),
        "version_number": FieldSpec("number", lambda v: int(v.version) if v.version.isdigit() else None),
        "uri": FieldSpec("str", lambda v: v.uri),
        "materializer": FieldSpec("str", lambda v: ".".join(v.materializer)),
        "type": FieldSpec("str", lambda v: v.type),
        "data_type": FieldSpec("str", lambda v: ".".join(v.data_type)),
        "artifact_store_id": FieldSpec("uuid", lambda v: v.artifact_store_id),
        "model_version_id": FieldSpec("uuid", in_model_version, sortable=False),
        "pipeline_run": FieldSpec(
            "uuid", lambda v: v.producer_run_id, resolve=_name_or_id(state.runs), sortable=False
        ),
    }


def model_version_fields(state: WorkspaceState) -> dict[str, FieldSpec[ModelVersion]]:
    """The ``ModelVersionFilter`` fields the sandbox serves."""
    return {
        **_scoped(state, lambda v: v.id),
        "number": FieldSpec("number", lambda v: v.number),
        "stage": FieldSpec("str", lambda v: v.stage),
        "model": FieldSpec(
            "uuid", lambda v: v.model_id, resolve=_name_or_id(state.lineage.models), sortable=False
        ),
    }


def add_lineage_routes(router: APIRouter, service: WorkspaceService) -> None:
    """Register the step, artifact, artifact version, model, model version and schedule routes."""
    Auth = Annotated[Caller, Depends(service.caller)]
    Params = Annotated[ListParams, Depends(list_params)]

    # --- artifacts and their versions ----------------------------------------------------------

    @router.get("/api/v1/artifacts")
    async def list_artifacts(caller: Auth, params: Params) -> FastJSONResponse:
        state = caller.state
        lineage = state.lineage
        fields = {
            **_scoped(state, lambda a: a.id),
            "has_custom_name": FieldSpec("bool", lambda a: a.has_custom_name),
        }
        latest = {
            a: max((v.created for v in lineage.versions_of(a)), default=None) for a in lineage.artifacts
        }
        sort_keys = {"latest_version": lambda a: latest.get(a.id)}
        page, envelope = page_of(lineage.artifacts.values(), fields, params, "ArtifactFilter", sort_keys)
        nested: NestedMemo = {}
        return _page([artifact_json(a, state, params.hydrate, nested) for a in page], envelope)

    @router.get("/api/v1/artifacts/{artifact_id}")
    async def get_artifact(caller: Auth, artifact_id: uuid.UUID, hydrate: bool = True) -> dict[str, Any]:
        message = "Unable to get artifact with ID '{id}': No artifact with this ID found"
        return artifact_json(
            _by_id(caller.state.lineage.artifacts, artifact_id, message), caller.state, hydrate
        )

    @router.get("/api/v1/artifact_versions")
    async def list_artifact_versions(caller: Auth, params: Params) -> FastJSONResponse:
        state = caller.state
        versions = state.lineage.artifact_versions.values()
        page, envelope = page_of(versions, artifact_version_fields(state), params, "ArtifactVersionFilter")
        nested: NestedMemo = {}
        return _page([artifact_version_json(v, state, params.hydrate, nested) for v in page], envelope)

    @router.get("/api/v1/artifact_versions/{artifact_version_id}")
    async def get_artifact_version(
        caller: Auth, artifact_version_id: uuid.UUID, hydrate: bool = True
    ) -> dict[str, Any]:
        message = "Unable to get artifact version with ID '{id}': No artifact version with this ID found"
        version = _by_id(caller.state.lineage.artifact_versions, artifact_version_id, message)
        return artifact_version_json(version, caller.state, hydrate)

    # --- models and their versions -------------------------------------------------------------

    @router.get("/api/v1/models")
    async def list_models(caller: Auth, params: Params) -> FastJSONResponse:
        state = caller.state
        lineage = state.lineage
        latest = {
            m: max((v.created for v in lineage.model_versions_of(m)), default=None) for m in lineage.models
        }
        sort_keys = {"latest_version": lambda m: latest.get(m.id)}
        fields = _scoped(state, lambda m: m.id)
        page, envelope = page_of(lineage.models.values(), fields, params, "ModelFilter", sort_keys)
        nested: NestedMemo = {}
        return _page([model_json(m, state, params.hydrate, nested) for m in page], envelope)

    @router.get("/api/v1/models/{model_id}")
    async def get_model(caller: Auth, model_id: uuid.UUID, hydrate: bool = True) -> dict[str, Any]:
        message = "Unable to get model with ID '{id}': No model with this ID found"
        return model_json(_by_id(caller.state.lineage.models, model_id, message), caller.state, hydrate)

    def model_versions_page(state: WorkspaceState, params: ListParams, model: str | None) -> FastJSONResponse:
        if model is not None:
            # ``/models/{model}/model_versions`` is the ``model=`` filter under another name.
            params = ListParams(
                params.page,
                params.size,
                params.sort_by,
                params.logical_operator,
                params.hydrate,
                (*[(k, v) for k, v in params.raw if k != "model"], ("model", model)),
            )
        versions = state.lineage.model_versions.values()
        page, envelope = page_of(versions, model_version_fields(state), params, "ModelVersionFilter")
        nested: NestedMemo = {}
        return _page([model_version_json(v, state, params.hydrate, nested) for v in page], envelope)

    @router.get("/api/v1/model_versions")
    async def list_model_versions(caller: Auth, params: Params) -> FastJSONResponse:
        return model_versions_page(caller.state, params, None)

    @router.get("/api/v1/models/{model_name_or_id}/model_versions")
    async def list_versions_of_model(caller: Auth, params: Params, model_name_or_id: str) -> FastJSONResponse:
        return model_versions_page(caller.state, params, model_name_or_id)

    @router.get("/api/v1/model_versions/{model_version_id}")
    async def get_model_version(
        caller: Auth, model_version_id: uuid.UUID, hydrate: bool = True
    ) -> dict[str, Any]:
        message = "Unable to get model version with ID '{id}': No model version with this ID found"
        version = _by_id(caller.state.lineage.model_versions, model_version_id, message)
        return model_version_json(version, caller.state, hydrate)

    # --- steps ---------------------------------------------------------------------------------

    @router.get("/api/v1/steps")
    async def list_steps(caller: Auth, params: Params) -> FastJSONResponse:
        state = caller.state
        lineage = state.lineage
        fields = {
            **_scoped(state, lambda s: s.id),
            "status": FieldSpec("str", lambda s: s.status),
            "start_time": FieldSpec("datetime", lambda s: s.start_time),
            "end_time": FieldSpec("datetime", lambda s: s.end_time),
            "pipeline_run_id": FieldSpec("uuid", lambda s: s.run_id),
            "cache_key": FieldSpec("str", lambda s: s.cache_key),
            "version": FieldSpec("number", lambda s: 1),
        }
        steps: Iterable[StepRun] = lineage.steps.values()
        # A run's steps are what clients ask for most: read them from the index, not a scan.
        run_ids = [v for k, v in params.raw if k == "pipeline_run_id"]
        if len(run_ids) == 1 and ":" not in run_ids[0]:
            try:
                run_id = str(uuid.UUID(run_ids[0]))
            except ValueError:
                run_id = None  # not a UUID: the scan below gives the real answer (nothing)
            if run_id is not None:
                steps = [lineage.steps[s] for s in lineage.steps_by_run.get(run_id, [])]
        page, envelope = page_of(steps, fields, params, "StepRunFilter")
        nested: NestedMemo = {}
        return _page([step_json(s, state, params.hydrate, nested) for s in page], envelope)

    @router.get("/api/v1/steps/{step_id}")
    async def get_step(caller: Auth, step_id: uuid.UUID, hydrate: bool = True) -> dict[str, Any]:
        message = "Unable to get step run with ID '{id}': No step run with this ID found"
        return step_json(_by_id(caller.state.lineage.steps, step_id, message), caller.state, hydrate)

    # --- schedules -----------------------------------------------------------------------------

    @router.get("/api/v1/schedules")
    async def list_schedules(caller: Auth, params: Params) -> FastJSONResponse:
        state = caller.state
        fields = {
            **_scoped(state, lambda s: s.id),
            "pipeline_id": FieldSpec("uuid", lambda s: s.pipeline_id),
            "orchestrator_id": FieldSpec("uuid", lambda s: s.orchestrator_id),
            "active": FieldSpec("bool", lambda s: s.active),
            "cron_expression": FieldSpec("str", lambda s: s.cron_expression),
            "start_time": FieldSpec("datetime", lambda s: s.start_time),
            "end_time": FieldSpec("datetime", lambda s: s.end_time),
            "interval_second": FieldSpec("number", lambda s: s.interval_second),
            "catchup": FieldSpec("bool", lambda s: s.catchup),
            "run_once_start_time": FieldSpec("datetime", lambda s: s.run_once_start_time),
            "is_archived": FieldSpec("bool", lambda s: s.is_archived),
        }
        page, envelope = page_of(state.lineage.schedules.values(), fields, params, "ScheduleFilter")
        nested: NestedMemo = {}
        return _page([schedule_json(s, state, params.hydrate, nested) for s in page], envelope)

    @router.get("/api/v1/schedules/{schedule_id}")
    async def get_schedule(caller: Auth, schedule_id: uuid.UUID, hydrate: bool = True) -> dict[str, Any]:
        message = "Unable to get schedule with ID '{id}': No schedule with this ID found"
        return schedule_json(
            _by_id(caller.state.lineage.schedules, schedule_id, message), caller.state, hydrate
        )
