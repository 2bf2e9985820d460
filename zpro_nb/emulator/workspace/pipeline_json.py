"""The OSS response shapes of pipelines, their runs and run templates."""

from __future__ import annotations

from .models import Json, NestedMemo, _envelope, _once, _tags, iso, stack_json, user_ref
from .run_statuses import IN_PROGRESS
from .state import (
    Pipeline,
    Run,
    RunTemplate,
    WorkspaceState,
)


def _pipeline_body(pipeline: Pipeline) -> Json:
    return {
        "created": iso(pipeline.created),
        "updated": iso(pipeline.updated),
        "user_id": pipeline.user_id,
        "project_id": pipeline.project_id,
    }


def latest_run(state: WorkspaceState, pipeline_id: str) -> Run | None:
    """The newest run of a pipeline (by ``created``)."""
    best: Run | None = None
    for run in state.runs.values():
        if run.pipeline_id == pipeline_id and (best is None or run.created > best.created):
            best = run
    return best


def pipeline_json(
    pipeline: Pipeline, state: WorkspaceState, hydrate: bool, latest: Run | None = None
) -> Json:
    """``PipelineResponse`` (``latest`` may be precomputed by the list route)."""
    latest = latest if latest is not None else latest_run(state, pipeline.id)
    resources = {
        "user": user_ref(state, pipeline.user_id),
        "latest_run_user": user_ref(state, latest.user_id) if latest else None,
        "latest_run_id": latest.id if latest else None,
        "latest_run_status": latest.status if latest else None,
        "tags": _tags(state, pipeline.tag_ids),
        "visualizations": [],
    }
    metadata = {"description": pipeline.description} if hydrate else None
    return _envelope(pipeline.id, pipeline.name, _pipeline_body(pipeline), metadata, resources)


def run_json(run: Run, state: WorkspaceState, hydrate: bool, nested: NestedMemo | None = None) -> Json:
    """``PipelineRunResponse``: start/end time live in ``metadata`` like on the real server.

    ``nested`` lets the runs of one page share their user, stack and pipeline renderings (the
    same objects then appear several times in one response, which serializes them all alike).
    """
    body = {
        "created": iso(run.created),
        "updated": iso(run.updated),
        "user_id": run.user_id,
        "project_id": run.project_id,
        "status": run.status,
        "in_progress": run.status in IN_PROGRESS,
        "status_reason": None,
        "index": run.index,
        "pipeline_id": run.pipeline_id,
        "child_key": None,
        "root_run_id": None,
    }
    pipeline = state.pipelines.get(run.pipeline_id)
    stack = state.stacks.get(run.stack_id)
    resources = {
        "user": _once(nested, ("user", run.user_id), lambda: user_ref(state, run.user_id)),
        "snapshot": None,
        "source_snapshot": None,
        "stack": _once(
            nested,
            ("stack", run.stack_id),
            lambda: stack_json(stack, state, False, nested=True) if stack else None,
        ),
        "pipeline": _once(
            nested,
            ("pipeline", run.pipeline_id),
            lambda: (
                _envelope(pipeline.id, pipeline.name, _pipeline_body(pipeline), None, None)
                if pipeline
                else None
            ),
        ),
        "build": None,
        "schedule": None,
        "code_reference": None,
        "model_version": None,
        "tags": _tags(state, run.tag_ids, nested),
        "log_collection": [],
        "visualizations": [],
        "trigger": None,
        "original_run": None,
        "parent_run": None,
        "active_wait_condition": None,
        "outputs": {},
    }
    metadata: Json | None = None
    if hydrate:
        metadata = {
            "run_metadata": dict(run.run_metadata),
            "config": {"name": pipeline.name if pipeline else None, "enable_cache": True},
            "start_time": iso(run.start_time),
            "end_time": iso(run.end_time),
            "client_environment": {},
            "orchestrator_environment": {},
            "orchestrator_run_id": None,
            "code_path": None,
            "template_id": run.template_id,
            "is_templatable": False,
            "trigger_info": None,
            "enable_heartbeat": False,
            "exception_info": None,
            "trigger_execution_info": None,
        }
    return _envelope(run.id, run.name, body, metadata, resources)


def run_template_json(template: RunTemplate, state: WorkspaceState, hydrate: bool) -> Json:
    """``RunTemplateResponse`` (fields from the 0.98.0 model; the OSS server cannot create them)."""
    body = {
        "created": iso(template.created),
        "updated": iso(template.updated),
        "user_id": template.user_id,
        "project_id": template.project_id,
        "runnable": template.runnable,
        "hidden": template.hidden,
    }
    pipeline = state.pipelines.get(template.pipeline_id)
    latest = None
    for run in state.runs.values():
        if run.template_id == template.id and (latest is None or run.created > latest.created):
            latest = run
    resources = {
        "user": user_ref(state, template.user_id),
        "source_snapshot": None,
        "pipeline": _envelope(pipeline.id, pipeline.name, _pipeline_body(pipeline), None, None)
        if pipeline
        else None,
        "build": None,
        "code_reference": None,
        "tags": _tags(state, template.tag_ids),
        "latest_run_id": latest.id if latest else None,
        "latest_run_status": latest.status if latest else None,
    }
    metadata: Json | None = (
        {
            "description": template.description,
            "pipeline_spec": None,
            "config_template": None,
            "config_schema": None,
        }
        if hydrate
        else None
    )
    return _envelope(template.id, template.name, body, metadata, resources)
