"""Projects, pipelines, runs, run templates, stacks, components, tags, secrets, artifacts (and versions),
models (and versions), steps and schedules: lists and reads."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from ..._core.paging import count_envelope_items
from ..._core.transport import ApiClient
from ...models.workspace import Component, Pipeline, PipelineRun, Project, RunTemplate, Secret, Stack, Tag
from ...models.workspace.base import WorkspaceObject
from ...models.workspace.lineage import Artifact, ArtifactVersion, Model, ModelVersion, Schedule, StepRun
from .listing import list_items

#: Where each resource lives, and whether its list is hydrated by default (when the columns people
#: want — run start/end times, a pipeline's latest run, a tag's count — are only in
#: ``metadata``/``resources``).
ENDPOINTS: dict[str, tuple[str, bool]] = {
    "projects": ("/projects", True),
    "pipelines": ("/pipelines", True),
    "runs": ("/runs", True),
    "run_templates": ("/run_templates", True),
    "stacks": ("/stacks", True),
    "components": ("/components", False),
    "tags": ("/tags", True),
    "secrets": ("/secrets", False),
    # ``has_custom_name``, a version's ``storage_size`` and a step's ``cache_key`` are only in
    # ``metadata``: ZenML's models carry them (its Client hydrates on access), so the frames do too.
    "artifacts": ("/artifacts", True),
    "artifact_versions": ("/artifact_versions", True),
    "models": ("/models", True),
    "model_versions": ("/model_versions", True),
    "steps": ("/steps", True),
    "schedules": ("/schedules", True),
}

#: The resources whose ``GET /{resource}/{x}`` takes a name as well as an id (the rest answer a name 422).
NAME_IN_PATH = frozenset({"projects"})

MODELS: dict[str, type[WorkspaceObject]] = {
    "projects": Project,
    "pipelines": Pipeline,
    "runs": PipelineRun,
    "run_templates": RunTemplate,
    "stacks": Stack,
    "components": Component,
    "tags": Tag,
    "secrets": Secret,
    "artifacts": Artifact,
    "artifact_versions": ArtifactVersion,
    "models": Model,
    "model_versions": ModelVersion,
    "steps": StepRun,
    "schedules": Schedule,
}


def _secret_names_only(record: dict[str, Any]) -> dict[str, Any]:
    # A secret's values never leave this function: only their names do (as keys mapping to None).
    clean = dict(record)
    for part in ("body", "metadata"):
        section = clean.get(part)
        if isinstance(section, dict) and isinstance(section.get("values"), dict):
            clean[part] = {**section, "values": dict.fromkeys(section["values"])}
    if isinstance(clean.get("values"), dict):
        clean["values"] = dict.fromkeys(clean["values"])
    return clean


async def list_resource(
    client: ApiClient,
    resource: str,
    *,
    filters: Mapping[str, Any] | None = None,
    sort_by: str | None = None,
    hydrate: bool | None = None,
    max_items: int | None = None,
) -> list[dict[str, Any]]:
    """Records of one resource kind (a key of :data:`ENDPOINTS`)."""
    path, hydrate_by_default = ENDPOINTS[resource]
    records = await list_items(
        client,
        path,
        filters=filters,
        sort_by=sort_by,
        hydrate=hydrate_by_default if hydrate is None else hydrate,
        max_items=max_items,
    )
    if resource == "secrets":
        records = [_unread(_secret_names_only(r)) for r in records]
    return records


def _unread(record: dict[str, Any]) -> dict[str, Any]:
    # A list sends ``values: {}`` whatever the secret holds: unknown, not empty, until it is read.
    body = record.get("body")
    if isinstance(body, dict) and body.get("values") == {}:
        return {**record, "body": {k: v for k, v in body.items() if k != "values"}}
    return record


async def with_value_names(client: ApiClient, secrets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The listed secrets, each with the names of its values (``{name: None, ...}`` under ``body.values``).

    A secrets list carries ``values: {}`` for every secret; only ``GET /secrets/{id}`` says what a
    secret holds (the values too, for a caller allowed to read them). Those reads go out
    concurrently, within the transport's limits, and their values are dropped on arrival.
    """

    async def one(record: dict[str, Any]) -> dict[str, Any]:
        answer = await client.get(f"/secrets/{record['id']}", params={"hydrate": False})
        read = _secret_names_only(answer) if isinstance(answer, dict) else {}
        names = read.get("body", {}).get("values") if isinstance(read.get("body"), dict) else None
        if not isinstance(names, dict):
            return record
        body = record.get("body")
        return {**record, "body": {**(body if isinstance(body, dict) else {}), "values": names}}

    return list(await asyncio.gather(*(one(r) for r in secrets)))


async def count_resource(
    client: ApiClient, resource: str, *, filters: Mapping[str, Any] | None = None
) -> int:
    """How many objects of a resource kind match ``filters`` (the server's ``total``; one request)."""
    path, _ = ENDPOINTS[resource]
    params = {k: v for k, v in (filters or {}).items() if v is not None}
    return await count_envelope_items(client, path, params)


async def get_resource(client: ApiClient, resource: str, name_or_id: str) -> WorkspaceObject:
    """One object of a resource kind as its model (secrets without their values)."""
    path, _ = ENDPOINTS[resource]
    answer = await client.get(f"{path}/{name_or_id}")
    if resource == "secrets" and isinstance(answer, dict):
        answer = _secret_names_only(answer)
    return MODELS[resource].model_validate(answer)
