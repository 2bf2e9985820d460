"""The OSS response shapes of steps, artifacts, artifact versions, models, model versions and schedules.

Taken from a real ZenML OSS 0.98.0 server (see ``docs/contract.md``): ``metadata`` only when
hydrated (a single GET is hydrated), ``resources`` always; an artifact version has no ``name``
(its artifact's name is in ``body.artifact``); a schedule's ``interval_second`` is an ISO-8601
duration (``PT1H``), as pydantic writes a ``timedelta``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import TypeAdapter

from .lineage import Artifact, ArtifactVersion, Model, ModelVersion, Schedule, StepRun
from .models import NestedMemo, _envelope, _once, _tags, iso, user_ref
from .state import WorkspaceState

Json = dict[str, Any]
_DURATION = TypeAdapter(timedelta)
#: the empty page a model version's ``resources.services`` holds on the real server
_NO_SERVICES: Json = {"index": 1, "max_size": 5, "total_pages": 1, "total": 0, "items": []}


def _source(module: str, attribute: str) -> Json:
    kind = "builtin" if module == "builtins" else "internal" if module.startswith("zenml.") else "unknown"
    return {"module": module, "attribute": attribute, "type": kind}


def _scoped_body(entity: Any) -> Json:
    return {
        "created": iso(entity.created),
        "updated": iso(entity.updated),
        "user_id": entity.user_id,
        "project_id": entity.project_id,
    }


def _user(state: WorkspaceState, user_id: str | None, nested: NestedMemo | None) -> Any:
    return _once(nested, ("user", user_id), lambda: user_ref(state, user_id))


def artifact_json(
    artifact: Artifact, state: WorkspaceState, hydrate: bool, nested: NestedMemo | None = None
) -> Json:
    """``ArtifactResponse`` with its latest version in ``resources``."""
    versions = state.lineage.versions_of(artifact.id)
    latest = versions[-1] if versions else None
    resources = {
        "user": _user(state, artifact.user_id, nested),
        "tags": _tags(state, artifact.tag_ids, nested),
        "latest_version_name": latest.version if latest else None,
        "latest_version_id": latest.id if latest else None,
    }
    metadata = {"has_custom_name": artifact.has_custom_name} if hydrate else None
    return _envelope(artifact.id, artifact.name, _scoped_body(artifact), metadata, resources)


def _artifact_ref(state: WorkspaceState, artifact_id: str) -> Json | None:
    artifact = state.lineage.artifacts.get(artifact_id)
    if artifact is None:
        return None
    return _envelope(artifact.id, artifact.name, _scoped_body(artifact), None, None)


def _version_body(version: ArtifactVersion, state: WorkspaceState, nested: NestedMemo | None) -> Json:
    return {
        **_scoped_body(version),
        "artifact": _once(
            nested, ("artifact", version.artifact_id), lambda: _artifact_ref(state, version.artifact_id)
        ),
        "version": version.version,
        "uri": version.uri,
        "type": version.type,
        "materializer": _source(*version.materializer),
        "data_type": _source(*version.data_type),
        "save_type": version.save_type,
        "artifact_store_id": version.artifact_store_id,
        "content_hash": version.content_hash,
        "item_count": version.item_count,
    }


def artifact_version_json(
    version: ArtifactVersion, state: WorkspaceState, hydrate: bool, nested: NestedMemo | None = None
) -> Json:
    """``ArtifactVersionResponse`` (no ``name``: the artifact's name is in ``body.artifact``)."""
    resources = {
        "user": _user(state, version.user_id, nested),
        "tags": _tags(state, version.tag_ids, nested),
        "producer_step_run_id": version.producer_step_id,
        "producer_pipeline_run_id": version.producer_run_id,
    }
    metadata = (
        {"visualizations": [], "run_metadata": {"storage_size": version.storage_size}} if hydrate else None
    )
    return _envelope(version.id, None, _version_body(version, state, nested), metadata, resources)


def _version_short(version_id: str, state: WorkspaceState, nested: NestedMemo | None) -> Json | None:
    # The form of a version inside a step's inputs/outputs: body only.
    version = state.lineage.artifact_versions.get(version_id)
    if version is None:
        return None
    return _envelope(version.id, None, _version_body(version, state, nested), None, None)


def model_json(model: Model, state: WorkspaceState, hydrate: bool, nested: NestedMemo | None = None) -> Json:
    """``ModelResponse`` with its latest version in ``resources``."""
    versions = state.lineage.model_versions_of(model.id)
    latest = versions[-1] if versions else None
    resources = {
        "user": _user(state, model.user_id, nested),
        "tags": _tags(state, model.tag_ids, nested),
        "latest_version_name": latest.name if latest else None,
        "latest_version_id": latest.id if latest else None,
        "visualizations": [],
    }
    metadata = (
        {
            "license": model.license,
            "description": model.description,
            "audience": model.audience,
            "use_cases": model.use_cases,
            "limitations": None,
            "trade_offs": None,
            "ethics": None,
            "save_models_to_registry": True,
        }
        if hydrate
        else None
    )
    return _envelope(model.id, model.name, _scoped_body(model), metadata, resources)


def _model_ref(state: WorkspaceState, model_id: str) -> Json | None:
    model = state.lineage.models.get(model_id)
    if model is None:
        return None
    return _envelope(model.id, model.name, _scoped_body(model), None, None)


def model_version_json(
    version: ModelVersion, state: WorkspaceState, hydrate: bool, nested: NestedMemo | None = None
) -> Json:
    """``ModelVersionResponse``: stage and number in the body, the model nested there too."""
    body = {
        **_scoped_body(version),
        "stage": version.stage,
        "number": version.number,
        "model": _once(nested, ("model", version.model_id), lambda: _model_ref(state, version.model_id)),
    }
    resources = {
        "user": _user(state, version.user_id, nested),
        "services": dict(_NO_SERVICES),
        "tags": _tags(state, version.tag_ids, nested),
    }
    metadata: Json | None = (
        {"description": version.description, "run_metadata": dict(version.run_metadata)} if hydrate else None
    )
    return _envelope(version.id, version.name, body, metadata, resources)


def _substitutions(moment: float) -> dict[str, str]:
    when = datetime.fromtimestamp(moment, UTC)
    return {"date": when.strftime("%Y_%m_%d"), "time": when.strftime("%H_%M_%S_%f")}


def _step_metadata(step: StepRun, state: WorkspaceState) -> Json:
    run = state.runs.get(step.run_id)
    pipeline = state.pipelines.get(run.pipeline_id) if run else None
    substitutions = _substitutions(run.created if run else step.created)
    upstream = [state.lineage.steps[s].name for s in step.parent_step_ids if s in state.lineage.steps]
    return {
        "config": {
            "name": step.name,
            "parameters": {},
            "settings": {},
            "extra": {},
            "substitutions": substitutions,
            "caching_parameters": {},
            "outputs": {},
        },
        "spec": {
            "source": {
                "module": f"pipelines.{(pipeline.name if pipeline else 'pipeline').replace('-', '_')}",
                "attribute": step.name,
                "type": "user",
            },
            "upstream_steps": upstream,
            "inputs": {},
            "invocation_id": step.name,
            "enable_heartbeat": False,
            "parameter_spec": {},
        },
        "cache_key": step.cache_key,
        "cache_expires_at": None,
        "code_hash": None,
        "docstring": None,
        "source_code": step.source_code,
        "exception_info": None,
        # Snapshots are not emulated: a stable id per run stands in for the run's snapshot.
        "snapshot_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"zpro-sandbox/snapshot/{step.run_id}")),
        "pipeline_run_id": step.run_id,
        "original_step_run_id": None,
        "parent_step_ids": list(step.parent_step_ids),
        "run_metadata": {},
    }


def step_json(step: StepRun, state: WorkspaceState, hydrate: bool, nested: NestedMemo | None = None) -> Json:
    """``StepRunResponse``: status and times in the body; inputs and outputs as short versions."""
    run = state.runs.get(step.run_id)
    body = {
        **_scoped_body(step),
        "type": None,
        "status": step.status,
        "version": 1,
        "is_retriable": False,
        "start_time": iso(step.start_time),
        "end_time": iso(step.end_time),
        "latest_heartbeat": None,
        "model_version_id": None,
        "resource_request_id": None,
        "substitutions": _substitutions(run.created if run else step.created),
        "heartbeat_threshold": None,
    }
    inputs: Json = {}
    for index, (argument, version_id) in enumerate(step.inputs.items()):
        short = _version_short(version_id, state, nested)
        if short is not None:
            extra = {"input_type": "step_output", "index": index, "chunk_index": None, "chunk_size": None}
            inputs[argument] = [{**short, **extra}]
    outputs: Json = {}
    for output, version_id in step.outputs.items():
        short = _version_short(version_id, state, nested)
        if short is not None:
            outputs[output] = [short]
    resources = {
        "user": _user(state, step.user_id, nested),
        "log_collection": [],
        "model_version": None,
        "inputs": inputs,
        "outputs": outputs,
        "resource_request": None,
    }
    metadata = _step_metadata(step, state) if hydrate else None
    return _envelope(step.id, step.name, body, metadata, resources)


def schedule_json(
    schedule: Schedule, state: WorkspaceState, hydrate: bool, nested: NestedMemo | None = None
) -> Json:
    """``ScheduleResponse``: the pipeline and orchestrator ids only in ``metadata``."""
    interval = schedule.interval_second
    body = {
        **_scoped_body(schedule),
        "active": schedule.active,
        "cron_expression": schedule.cron_expression,
        "start_time": iso(schedule.start_time),
        "end_time": iso(schedule.end_time),
        "interval_second": None
        if interval is None
        else _DURATION.dump_python(timedelta(seconds=interval), mode="json"),
        "catchup": schedule.catchup,
        "run_once_start_time": iso(schedule.run_once_start_time),
        "is_archived": schedule.is_archived,
    }
    metadata: Json | None = (
        {"orchestrator_id": schedule.orchestrator_id, "pipeline_id": schedule.pipeline_id, "run_metadata": {}}
        if hydrate
        else None
    )
    return _envelope(
        schedule.id, schedule.name, body, metadata, {"user": _user(state, schedule.user_id, nested)}
    )
