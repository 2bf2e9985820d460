"""Judge script (runs in the ZenML venv): ZenML's own ``Client`` reads every resource of a server.

The server and credentials come from ``ZENML_STORE_URL`` / ``ZENML_STORE_API_KEY`` (and the project
from ``ZENML_ACTIVE_PROJECT_ID``), as a Pro user's scripts reach a workspace. stdin: ``{"page_size":
N, "service_account": "<name>"}``. stdout (last line): per resource the ids the Client walked page by
page (ascending and ``desc:created``), the ids of the objects it got back one by one, the results
of a few filters, and ``errors``: every call that raised, by name, with the exception's type and
message (never a credential: the Client's messages do not carry them).
"""

import json
import sys
import traceback
from collections.abc import Callable
from typing import Any

from zenml.client import Client
from zenml.enums import ModelStages

payload = json.load(sys.stdin)
size = int(payload.get("page_size", 3))
client = Client()
answer: dict[str, Any] = {"lists": {}, "desc": {}, "gets": {}, "filters": {}, "errors": {}}


def attempt(name: str, call: Callable[[], Any]) -> Any:
    try:
        return call()
    except Exception as exc:  # the judge reports every failure instead of stopping at the first
        last = traceback.extract_tb(exc.__traceback__)[-1]
        answer["errors"][name] = f"{type(exc).__name__}: {str(exc)[:600]} (at {last.name})"
        return None


def walk(method: Callable[..., Any], **kwargs: Any) -> list[Any]:
    """Every item, ``size`` per page, following ``total_pages`` as ZenML's depaginate does."""
    page = method(page=1, size=size, **kwargs)
    items = list(page.items)
    while page.index < page.total_pages:
        page = method(page=page.index + 1, size=size, **kwargs)
        items += list(page.items)
    return items


def ids(items: list[Any] | None) -> list[str] | None:
    return None if items is None else [str(i.id) for i in items]


LISTS: dict[str, Callable[..., Any]] = {
    "users": client.list_users,
    "service_accounts": client.list_service_accounts,
    "projects": client.list_projects,
    "stacks": client.list_stacks,
    "components": client.list_stack_components,
    "pipelines": client.list_pipelines,
    "runs": client.list_pipeline_runs,
    "run_templates": client.list_run_templates,
    "tags": client.list_tags,
    "secrets": client.list_secrets,
    "artifacts": client.list_artifacts,
    "artifact_versions": client.list_artifact_versions,
    "models": client.list_models,
    "model_versions": client.list_model_versions,
    "steps": client.list_run_steps,
    "schedules": client.list_schedules,
}
found: dict[str, list[Any]] = {}
for name, method in LISTS.items():
    items = attempt(f"list {name}", lambda method=method: walk(method, sort_by="created"))
    answer["lists"][name] = ids(items)
    found[name] = items or []
    answer["desc"][name] = ids(
        attempt(f"list {name} desc", lambda method=method: walk(method, sort_by="desc:created"))
    )


def first(name: str) -> Any:
    return found[name][0] if found[name] else None


# --- single objects, by id and by name, the way the Client does it ---------------------------------

GETS: dict[str, Callable[[Any], Any]] = {
    "users": lambda o: client.get_user(o.name),
    "service_accounts": lambda o: client.get_service_account(o.name),
    "projects": lambda o: client.get_project(o.name),
    "stacks": lambda o: client.get_stack(o.name),
    "components": lambda o: client.get_stack_component(o.type, o.name),
    "pipelines": lambda o: client.get_pipeline(o.name),
    "runs": lambda o: client.get_pipeline_run(o.name),
    "tags": lambda o: client.get_tag(o.name),
    "secrets": lambda o: client.get_secret(o.name),
    "artifacts": lambda o: client.get_artifact(o.name),
    "artifact_versions": lambda o: client.get_artifact_version(o.artifact.name, o.version),
    "models": lambda o: client.get_model(o.name),
    "model_versions": lambda o: client.get_model_version(o.model.name, o.number),
    "steps": lambda o: client.get_run_step(o.id),
    "schedules": lambda o: client.get_schedule(o.name),
}
for name, get in GETS.items():
    obj = first(name)
    if obj is None:
        continue
    by_name = attempt(f"get {name}", lambda get=get, obj=obj: get(obj))
    by_id = attempt(f"get {name} by id", lambda obj=obj: obj.get_hydrated_version())
    answer["gets"][name] = [str(obj.id), by_name and str(by_name.id), by_id and str(by_id.id)]

# --- what admins ask after a run: its steps, its artifacts, the model's stages -----------------------

run = first("runs")
if run is not None:
    steps = attempt("run.steps", lambda: run.steps)
    answer["filters"]["run_steps"] = (
        None if steps is None else {"run": str(run.id), "steps": sorted(str(s.id) for s in steps.values())}
    )
    answer["filters"]["run_status"] = [str(run.id), str(run.status.value)]
artifact = first("artifacts")
if artifact is not None:
    versions = attempt(
        "artifact versions by artifact", lambda: walk(client.list_artifact_versions, artifact=artifact.name)
    )
    answer["filters"]["artifact_versions_of"] = [artifact.name, ids(versions)]
    latest = attempt("latest artifact version", lambda: client.get_artifact_version(artifact.name))
    answer["filters"]["latest_artifact_version"] = [artifact.name, latest and str(latest.id)]
model = first("models")
if model is not None:
    of_model = attempt(
        "model versions of a model", lambda: walk(client.list_model_versions, model=model.name)
    )
    answer["filters"]["model_versions_of"] = [model.name, ids(of_model)]
for stage in (ModelStages.PRODUCTION, ModelStages.STAGING):
    for candidate in found["models"]:
        version = attempt(
            f"model version in {stage.value}",
            lambda m=candidate, s=stage: client.get_model_version(m.name, s),
        )
        if version is not None:
            answer["filters"][f"stage {stage.value}"] = [candidate.name, str(version.id), version.stage]
            break
# The Client lists runs newest first unless told otherwise.
answer["filters"]["completed_runs"] = ids(
    attempt("completed runs", lambda: walk(client.list_pipeline_runs, status="completed"))
)
answer["filters"]["runs_newest_two"] = ids(
    attempt("newest runs", lambda: list(client.list_pipeline_runs(sort_by="desc:created", size=2).items))
)
service_account = payload.get("service_account")
if service_account:
    keys = attempt(
        "api keys", lambda: walk(client.list_api_keys, service_account_name_id_or_prefix=service_account)
    )
    answer["lists"]["api_keys"] = ids(keys)
    if keys:
        key = attempt("get api key", lambda: client.get_api_key(service_account, keys[0].name))
        answer["gets"]["api_keys"] = [str(keys[0].id), key and str(key.id), key and str(key.id)]
print(json.dumps(answer))
