"""Projects, stacks, components, pipelines, runs, run templates, tags and secrets of a sandbox workspace.

Read routes for everything; writes where a notebook admin needs them (create projects, tags and
secrets; delete tags and secrets). Runs are created by the seed and by ``POST /_sandbox/runs``.
Routes whose real path parameter is a UUID answer a non-UUID with the real 422 (bare list).
"""

import uuid
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends

from ..json_response import FastJSONResponse
from .bodies import (
    ProjectCreate,
    SecretCreate,
    TagCreate,
)
from .context import Caller, WorkspaceService
from .errors import exists, not_found
from .filters import FieldSpec, ListParams, list_params, page_of
from .models import (
    NestedMemo,
    component_json,
    project_json,
    secret_json,
    stack_json,
    tag_json,
)
from .pipeline_json import pipeline_json, run_json, run_template_json
from .run_statuses import IN_PROGRESS
from .state import (
    Project,
    Run,
    Secret,
    Tag,
    WorkspaceState,
    find_by_name_or_id,
    new_id,
)

E = TypeVar("E")


def _common(entity_id: Callable[[Any], str]) -> dict[str, FieldSpec[Any]]:
    return {
        "id": FieldSpec("uuid", entity_id),
        "created": FieldSpec("datetime", lambda e: e.created),
        "updated": FieldSpec("datetime", lambda e: e.updated),
        "name": FieldSpec("str", lambda e: e.name),
    }


def project_by_name_or_id(state: WorkspaceState, name_or_id: str) -> Project:
    """A project, or the real server's 404 (worded differently for ids and names)."""
    project = find_by_name_or_id(state.projects, name_or_id)
    if project is None:
        try:
            uuid.UUID(name_or_id)
            reason = "No project with this ID found."
        except ValueError:
            reason = f"'{name_or_id}' is not a valid  UUID and no project with this name exists."
        raise not_found(f"Unable to get project with name or ID '{name_or_id}': {reason}")
    return project


def _resolvers(state: WorkspaceState) -> tuple[Callable[[str], str], Callable[[str], str]]:
    def project(value: str) -> str:
        return project_by_name_or_id(state, value).id

    def user(value: str) -> str:
        account = find_by_name_or_id(state.accounts, value)
        return account.id if account else value

    return project, user


def _page(items: list[Any], envelope: dict[str, Any]) -> FastJSONResponse:
    # Answered as a ready response: FastAPI would otherwise walk a 1,000-item page through a
    # dict[str, Any] response model first (~19 ms a page, more than building it).
    return FastJSONResponse({**envelope, "items": items})


def _by_id(items: dict[str, E], entity_id: uuid.UUID, message: str) -> E:
    item = items.get(str(entity_id))
    if item is None:
        raise not_found(message.format(id=entity_id))
    return item


def add_resource_routes(router: APIRouter, service: WorkspaceService) -> None:
    """Register the project, stack, component, pipeline, run, template, tag and secret routes."""
    Auth = Annotated[Caller, Depends(service.caller)]
    Params = Annotated[ListParams, Depends(list_params)]

    # --- projects (and the legacy /workspaces alias) -------------------------------------------

    project_fields = {**_common(lambda p: p.id), "display_name": FieldSpec("str", lambda p: p.display_name)}

    async def list_projects(caller: Auth, params: Params) -> FastJSONResponse:
        page, envelope = page_of(caller.state.projects.values(), project_fields, params, "ProjectFilter")
        return _page([project_json(p, params.hydrate) for p in page], envelope)

    async def get_project(caller: Auth, project_name_or_id: str, hydrate: bool = True) -> dict[str, Any]:
        return project_json(project_by_name_or_id(caller.state, project_name_or_id), hydrate)

    async def create_project(caller: Auth, body: ProjectCreate) -> dict[str, Any]:
        state = caller.state
        if any(p.name == body.name for p in state.projects.values()):
            raise exists(
                f"Unable to create the requested project with name '{body.name}': Found another existing "
                "project with the same name."
            )
        project = Project(
            id=new_id(),
            name=body.name,
            created=caller.now,
            updated=caller.now,
            display_name=body.display_name or body.name,
            description=body.description,
        )
        state.projects[project.id] = project
        return project_json(project, hydrate=True)

    for prefix in ("/api/v1/projects", "/api/v1/workspaces"):
        router.add_api_route(prefix, list_projects, methods=["GET"], name=f"list{prefix.replace('/', '_')}")
        router.add_api_route(
            prefix, create_project, methods=["POST"], name=f"create{prefix.replace('/', '_')}"
        )
        router.add_api_route(
            prefix + "/{project_name_or_id}",
            get_project,
            methods=["GET"],
            name=f"get{prefix.replace('/', '_')}",
        )

    # --- stacks and components -----------------------------------------------------------------

    @router.get("/api/v1/stacks")
    async def list_stacks(caller: Auth, params: Params) -> FastJSONResponse:
        state = caller.state
        _, user = _resolvers(state)
        fields = {
            **_common(lambda s: s.id),
            "description": FieldSpec("str", lambda s: s.description),
            "user": FieldSpec("uuid", lambda s: s.user_id, resolve=user, sortable=False),
        }
        page, envelope = page_of(state.stacks.values(), fields, params, "StackFilter")
        return _page([stack_json(s, state, params.hydrate) for s in page], envelope)

    @router.get("/api/v1/stacks/{stack_id}")
    async def get_stack(caller: Auth, stack_id: uuid.UUID, hydrate: bool = True) -> dict[str, Any]:
        message = "Unable to get stack with ID '{id}': No stack with this ID found"
        return stack_json(_by_id(caller.state.stacks, stack_id, message), caller.state, hydrate)

    @router.get("/api/v1/components")
    async def list_components(caller: Auth, params: Params) -> FastJSONResponse:
        state = caller.state
        _, user = _resolvers(state)
        fields = {
            **_common(lambda c: c.id),
            "type": FieldSpec("str", lambda c: c.type),
            "flavor": FieldSpec("str", lambda c: c.flavor),
            # ZenML's Client scopes get_stack_component(type, name) with this, not with ``type``.
            "scope_type": FieldSpec("str", lambda c: c.type, sortable=False),
            "user": FieldSpec("uuid", lambda c: c.user_id, resolve=user, sortable=False),
        }
        page, envelope = page_of(state.components.values(), fields, params, "ComponentFilter")
        return _page([component_json(c, state, params.hydrate) for c in page], envelope)

    @router.get("/api/v1/components/{component_id}")
    async def get_component(caller: Auth, component_id: uuid.UUID, hydrate: bool = True) -> dict[str, Any]:
        message = "Unable to get stack component with ID '{id}': No stack component with this ID found"
        return component_json(_by_id(caller.state.components, component_id, message), caller.state, hydrate)

    # --- pipelines, runs, run templates --------------------------------------------------------

    def latest_runs(state: WorkspaceState) -> dict[str, Run]:
        latest: dict[str, Run] = {}
        for run in state.runs.values():
            best = latest.get(run.pipeline_id)
            if best is None or run.created > best.created:
                latest[run.pipeline_id] = run
        return latest

    @router.get("/api/v1/pipelines")
    async def list_pipelines(caller: Auth, params: Params) -> FastJSONResponse:
        state = caller.state
        project, user = _resolvers(state)
        latest = latest_runs(state)
        fields = {
            **_common(lambda p: p.id),
            "project": FieldSpec("uuid", lambda p: p.project_id, resolve=project, sortable=False),
            "user": FieldSpec("uuid", lambda p: p.user_id, resolve=user, sortable=False),
            "latest_run_status": FieldSpec(
                "str", lambda p: latest[p.id].status if p.id in latest else None, sortable=False
            ),
        }
        sort_keys = {"latest_run": lambda p: latest[p.id].created if p.id in latest else None}
        page, envelope = page_of(state.pipelines.values(), fields, params, "PipelineFilter", sort_keys)
        return _page([pipeline_json(p, state, params.hydrate, latest.get(p.id)) for p in page], envelope)

    @router.get("/api/v1/pipelines/{pipeline_id}")
    async def get_pipeline(caller: Auth, pipeline_id: uuid.UUID, hydrate: bool = True) -> dict[str, Any]:
        message = "Unable to get pipeline with ID '{id}': No pipeline with this ID found"
        return pipeline_json(_by_id(caller.state.pipelines, pipeline_id, message), caller.state, hydrate)

    @router.get("/api/v1/runs")
    async def list_runs(caller: Auth, params: Params) -> FastJSONResponse:
        state = caller.state
        project, user = _resolvers(state)
        pipelines = state.pipelines
        fields = {
            **_common(lambda r: r.id),
            "status": FieldSpec("str", lambda r: r.status),
            "in_progress": FieldSpec("bool", lambda r: r.status in IN_PROGRESS, sortable=False),
            "index": FieldSpec("number", lambda r: r.index),
            "pipeline_id": FieldSpec("uuid", lambda r: r.pipeline_id),
            "pipeline_name": FieldSpec(
                "str",
                lambda r: pipelines[r.pipeline_id].name if r.pipeline_id in pipelines else None,
                sortable=False,
            ),
            "stack_id": FieldSpec("uuid", lambda r: r.stack_id),
            "template_id": FieldSpec("uuid", lambda r: r.template_id),
            "start_time": FieldSpec("datetime", lambda r: r.start_time),
            "end_time": FieldSpec("datetime", lambda r: r.end_time),
            "project": FieldSpec("uuid", lambda r: r.project_id, resolve=project, sortable=False),
            "user": FieldSpec("uuid", lambda r: r.user_id, resolve=user, sortable=False),
        }
        page, envelope = page_of(
            state.runs.values(),
            fields,
            params,
            "PipelineRunFilter",
            cache=state.run_orders,
            stamp=state.runs_stamp(),
        )
        # Runs share a handful of stacks, pipelines and users: render each of those once per page.
        nested: NestedMemo = {}
        return _page([run_json(r, state, params.hydrate, nested) for r in page], envelope)

    @router.get("/api/v1/runs/{run_id}")
    async def get_run(caller: Auth, run_id: uuid.UUID, hydrate: bool = True) -> dict[str, Any]:
        message = "Unable to get pipeline run with ID '{id}': No pipeline run with this ID found"
        return run_json(_by_id(caller.state.runs, run_id, message), caller.state, hydrate)

    @router.get("/api/v1/run_templates")
    async def list_run_templates(caller: Auth, params: Params) -> FastJSONResponse:
        state = caller.state
        project, user = _resolvers(state)
        fields = {
            **_common(lambda t: t.id),
            "hidden": FieldSpec("bool", lambda t: t.hidden),
            "pipeline_id": FieldSpec("uuid", lambda t: t.pipeline_id),
            "stack_id": FieldSpec("uuid", lambda t: t.stack_id),
            "project": FieldSpec("uuid", lambda t: t.project_id, resolve=project, sortable=False),
            "user": FieldSpec("uuid", lambda t: t.user_id, resolve=user, sortable=False),
        }
        page, envelope = page_of(state.run_templates.values(), fields, params, "RunTemplateFilter")
        return _page([run_template_json(t, state, params.hydrate) for t in page], envelope)

    @router.get("/api/v1/run_templates/{template_id}")
    async def get_run_template(caller: Auth, template_id: uuid.UUID, hydrate: bool = True) -> dict[str, Any]:
        message = "Unable to get run template with ID '{id}': No run template with this ID found"
        return run_template_json(
            _by_id(caller.state.run_templates, template_id, message), caller.state, hydrate
        )

    # --- tags ----------------------------------------------------------------------------------

    @router.get("/api/v1/tags")
    async def list_tags(caller: Auth, params: Params) -> FastJSONResponse:
        state = caller.state
        _, user = _resolvers(state)
        fields = {
            **_common(lambda t: t.id),
            "color": FieldSpec("str", lambda t: t.color),
            "exclusive": FieldSpec("bool", lambda t: t.exclusive),
            "user": FieldSpec("uuid", lambda t: t.user_id, resolve=user, sortable=False),
        }
        page, envelope = page_of(state.tags.values(), fields, params, "TagFilter")
        return _page([tag_json(t, state, params.hydrate) for t in page], envelope)

    @router.post("/api/v1/tags")
    async def create_tag(caller: Auth, body: TagCreate) -> dict[str, Any]:
        state = caller.state
        if any(t.name == body.name for t in state.tags.values()):
            raise exists(f"Tag with name `{body.name}` already exists.")
        colors = (
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
        )
        tag = Tag(
            id=new_id(),
            name=body.name,
            created=caller.now,
            updated=caller.now,
            color=body.color or colors[len(state.tags) % len(colors)],
            user_id=caller.principal.account.id,
            exclusive=body.exclusive,
        )
        state.tags[tag.id] = tag
        return tag_json(tag, state, hydrate=True)

    tag_missing = "Unable to get tag with ID '{id}': No tag with this ID found"

    @router.get("/api/v1/tags/{tag_id}")
    async def get_tag(caller: Auth, tag_id: uuid.UUID, hydrate: bool = True) -> dict[str, Any]:
        return tag_json(_by_id(caller.state.tags, tag_id, tag_missing), caller.state, hydrate)

    @router.delete("/api/v1/tags/{tag_id}")
    async def delete_tag(caller: Auth, tag_id: uuid.UUID) -> None:
        state = caller.state
        tag = _by_id(state.tags, tag_id, tag_missing)
        tag_lists = [p.tag_ids for p in state.pipelines.values()]
        tag_lists += [t.tag_ids for t in state.run_templates.values()]
        tag_lists += [r.tag_ids for r in state.runs.values()]
        for tag_ids in tag_lists:
            if tag.id in tag_ids:
                tag_ids.remove(tag.id)
        del state.tags[tag.id]

    # --- secrets (names and value names only: values are never stored nor returned) ------------

    @router.get("/api/v1/secrets")
    async def list_secrets(caller: Auth, params: Params) -> FastJSONResponse:
        state = caller.state
        _, user = _resolvers(state)
        fields = {
            **_common(lambda s: s.id),
            "private": FieldSpec("bool", lambda s: s.private),
            "user": FieldSpec("uuid", lambda s: s.user_id, resolve=user, sortable=False),
        }
        page, envelope = page_of(state.secrets.values(), fields, params, "SecretFilter")
        return _page([secret_json(s, state, params.hydrate, listed=True) for s in page], envelope)

    @router.post("/api/v1/secrets")
    async def create_secret(caller: Auth, body: SecretCreate) -> dict[str, Any]:
        state = caller.state
        if any(s.name == body.name and s.private == body.private for s in state.secrets.values()):
            scope = "private" if body.private else "public"
            raise exists(f"Found an existing {scope} secret with the same '{body.name}' name")
        secret = Secret(
            id=new_id(),
            name=body.name,
            created=caller.now,
            updated=caller.now,
            user_id=caller.principal.account.id,
            private=body.private,
            value_names=list(body.values),
        )
        state.secrets[secret.id] = secret
        return secret_json(secret, state, hydrate=True)

    secret_missing = "Unable to get secret with name or ID '{id}': No secret with this ID found."

    @router.get("/api/v1/secrets/{secret_id}")
    async def get_secret(caller: Auth, secret_id: uuid.UUID, hydrate: bool = True) -> dict[str, Any]:
        return secret_json(_by_id(caller.state.secrets, secret_id, secret_missing), caller.state, hydrate)

    @router.delete("/api/v1/secrets/{secret_id}")
    async def delete_secret(caller: Auth, secret_id: uuid.UUID) -> None:
        del caller.state.secrets[_by_id(caller.state.secrets, secret_id, secret_missing).id]
