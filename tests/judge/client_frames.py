"""Judge script (runs in the ZenML venv): ZenML's ``Client`` answer for every workspace frame.

The server and credentials come from ``ZENML_STORE_URL`` and ``ZENML_STORE_USERNAME`` /
``ZENML_STORE_PASSWORD`` of an admin (the project from ``ZENML_ACTIVE_PROJECT_ID``). stdin:
``{"suffix": "<unique>", "service_account": "<name>", "sort": {"<frame>": "<sort_by>"}}``.
First it adds, with ZenML itself, what the contract pipeline did not make: a failed run, a tag on
a run, a coloured exclusive tag, a public secret with two values, a second stack, a deactivated
user and a second (deactivated) API key; then ``frames_data.py`` adds run metadata, a second
project with a run of its own, runs in every status a client may set and steps in every status a
step may be created in. Then it lists each resource, every page, hydrated, sorted as the frame is,
and prints ``{"frames": {name: [record, ...]}, "steps": {run: [...]}, "project": {"name", "frames",
"steps"} (the second project's), "execution_statuses": [...], "errors": {...}}``: each record
holds what ZenML's response model says for the frame's columns, read through the model's own
properties (ids as text, enums by value, datetimes as ISO text, intervals in seconds). Never a
secret value.
"""

import contextlib
import datetime as dt
import enum
import json
import os
import sys
import traceback
import uuid
from collections.abc import Callable
from typing import Any

import frames_data  # the judge's folder is the script's: first on sys.path
from zenml import add_tags, pipeline, step
from zenml.client import Client
from zenml.enums import ExecutionStatus

payload = json.load(sys.stdin)
suffix = payload["suffix"]
sort: dict[str, str] = payload.get("sort", {})
client = Client()
answer: dict[str, Any] = {"frames": {}, "errors": {}}


def attempt(name: str, call: Callable[[], Any]) -> Any:
    try:
        return call()
    except Exception as exc:  # every failure is reported, not only the first
        last = traceback.extract_tb(exc.__traceback__)[-1]
        answer["errors"][name] = f"{type(exc).__name__}: {str(exc)[:600]} (at {last.name})"
        return None


# --- data only ZenML makes here: a failed run, tags, a secret, a stack, a key, a user, a project ------


@step
def will_fail() -> int:
    raise RuntimeError("contract: this step fails on purpose")


@step
def never_runs(x: int) -> int:
    return x


@pipeline(enable_cache=False)
def failing() -> None:
    never_runs(will_fail())


with contextlib.suppress(RuntimeError):  # the failure is the point: a failed run and step
    failing()
runs_now = client.list_pipeline_runs(sort_by="desc:created", size=1).items
if runs_now:
    attempt("tag the run", lambda: add_tags(tags=[f"frames-run-{suffix}"], run=runs_now[0].id))
attempt("colour tag", lambda: client.create_tag(name=f"frames-gold-{suffix}", exclusive=True, color="yellow"))
attempt("secret", lambda: client.create_secret(f"frames-secret-{suffix}", values={"user": "u", "token": "t"}))
attempt(
    "stack",
    lambda: client.create_stack(
        f"frames-stack-{suffix}", components={"orchestrator": "default", "artifact_store": "default"}
    ),
)
user_name = f"frames-user-{suffix}"
attempt("user", lambda: client.create_user(user_name, password=f"pw-{suffix}-Aa1!"))
attempt("deactivate user", lambda: client.deactivate_user(user_name))
second = frames_data.second_project(client, suffix, attempt)
frames_data.metadata_in_default_project(client, attempt)
frames_data.runs_in_every_status(client, suffix, attempt)
account = payload.get("service_account")
if account:
    key_name = f"frames-key-{suffix}"
    attempt("second key", lambda: client.create_api_key(account, key_name, description="second"))
    attempt("deactivate key", lambda: client.update_api_key(account, key_name, active=False))


def plain(value: Any) -> Any:
    """A JSON value: ids as text, enums by value, datetimes ISO (naive ones are UTC), intervals in s."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return value


def path(dotted: str) -> Callable[[Any], Any]:
    def get(obj: Any) -> Any:
        for part in dotted.split("."):
            if obj is None:
                return None
            obj = getattr(obj, part)
        return obj

    return get


def tag_names(obj: Any) -> str:
    return ", ".join(t.name for t in obj.tags)


def source(dotted: str) -> Callable[[Any], Any]:
    return lambda obj: (lambda s: s and s.import_path)(path(dotted)(obj))


def keys(dotted: str) -> Callable[[Any], Any]:
    return lambda obj: (lambda d: None if d is None else ", ".join(sorted(d)))(path(dotted)(obj))


def secret_value_names(secret: Any) -> str:
    # A listed secret carries no values, even hydrated: ZenML's Client gets it to read them.
    return ", ".join(sorted(client.get_secret(secret.id).values))


def owner() -> dict[str, Any]:
    return {"user_id": "user_id", "user_name": "user.name"}


def scoped() -> dict[str, Any]:
    return {"project_id": "project_id", **owner()}


DATED = {"created": "created", "updated": "updated"}

#: frame -> (ZenML Client list call, column -> property path or getter)
FRAMES: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {
    "users": (
        client.list_users,
        {
            "id": "id", "name": "name", "full_name": "full_name", "email": "email", "active": "active",
            "is_admin": "is_admin", "is_service_account": "is_service_account",
            "email_opted_in": "email_opted_in", "default_project_id": "default_project_id",
            "external_user_id": "external_user_id", **DATED,
        },
    ),
    "service_accounts": (
        client.list_service_accounts,
        {
            "id": "id", "name": "name", "full_name": "full_name", "description": "description",
            "active": "active", "external_user_id": "external_user_id", **DATED,
        },
    ),
    "projects": (
        client.list_projects,
        {"id": "id", "name": "name", "display_name": "display_name", "description": "description", **DATED},
    ),
    "pipelines": (
        client.list_pipelines,
        {
            "id": "id", "name": "name", "project_id": "project_id", **owner(),
            "latest_run_id": "latest_run_id", "latest_run_status": "latest_run_status",
            "latest_run_user": lambda p: (lambda u: u and u.name)(p.get_resources().latest_run_user),
            "description": lambda p: p.get_metadata().description, "tags": tag_names, **DATED,
        },
    ),
    "runs": (
        client.list_pipeline_runs,
        {
            "id": "id", "name": "name", "status": "status", "in_progress": "in_progress",
            "status_reason": lambda r: r.get_body().status_reason, "run_index": "index",
            "pipeline_id": "pipeline.id", "pipeline_name": "pipeline.name", "project_id": "project_id",
            **owner(), "stack_id": "stack.id", "stack_name": "stack.name", "start_time": "start_time",
            "end_time": "end_time", "metadata_keys": keys("run_metadata"), "tags": tag_names, **DATED,
        },
    ),
    "stacks": (
        client.list_stacks,
        {
            "id": "id", "name": "name", "description": "description", **owner(),
            "component_count": lambda s: len(s.components), **DATED,
        },
    ),
    "components": (
        client.list_stack_components,
        {
            "id": "id", "name": "name", "type": "type", "flavor": "flavor_name",
            "integration": "integration", **owner(), **DATED,
        },
    ),
    "tags": (
        client.list_tags,
        {
            "id": "id", "name": "name", "color": "color", "exclusive": "exclusive",
            "tagged_count": "tagged_count", **owner(), **DATED,
        },
    ),
    "secrets": (
        client.list_secrets,
        {
            "id": "id", "name": "name", "private": "private", "value_names": secret_value_names,
            **owner(), **DATED,
        },
    ),
    "artifacts": (
        client.list_artifacts,
        {
            "id": "id", "name": "name", "latest_version": "latest_version_name",
            "latest_version_id": "latest_version_id", "has_custom_name": "has_custom_name",
            **scoped(), "tags": tag_names, **DATED,
        },
    ),
    "artifact_versions": (
        client.list_artifact_versions,
        {
            "id": "id", "artifact_name": "artifact.name", "version": "version", "type": "type",
            "data_type": source("data_type"), "save_type": "save_type", "item_count": "item_count",
            "producer_run_id": "producer_pipeline_run_id", "producer_step_id": "producer_step_run_id",
            "storage_size": lambda a: a.run_metadata.get("storage_size"),
            "metadata_keys": keys("run_metadata"),
            "uri": "uri", "materializer": source("materializer"), "artifact_id": "artifact.id",
            "artifact_store_id": "artifact_store_id", "content_hash": "content_hash",
            **scoped(), "tags": tag_names, **DATED,
        },
    ),
    "models": (
        client.list_models,
        {
            "id": "id", "name": "name", "latest_version": "latest_version_name",
            "latest_version_id": "latest_version_id", "description": "description", "license": "license",
            "audience": "audience", "use_cases": "use_cases", **scoped(), "tags": tag_names, **DATED,
        },
    ),
    "model_versions": (
        client.list_model_versions,
        {
            "id": "id", "model_name": "model.name", "name": "name", "number": "number", "stage": "stage",
            "description": "description", "metadata_keys": keys("run_metadata"), "model_id": "model.id",
            **scoped(), "tags": tag_names, **DATED,
        },
    ),
    "schedules": (
        client.list_schedules,
        {
            "id": "id", "name": "name", "active": "active", "cron_expression": "cron_expression",
            "interval": "interval_second", "start_time": "start_time", "end_time": "end_time",
            "run_once_start_time": "run_once_start_time", "catchup": "catchup", "is_archived": "is_archived",
            "pipeline_id": "pipeline_id", "orchestrator_id": "orchestrator_id", **scoped(), **DATED,
        },
    ),
}  # fmt: skip

#: the project-scoped frames, compared again for the second project (the test names them)
PROJECT_FRAMES: list[str] = payload["project_frames"]

STEPS: dict[str, Any] = {
    "id": "id", "name": "name", "status": "status", "type": lambda r: r.get_body().type,
    "start_time": "start_time", "end_time": "end_time", "run_id": "pipeline_run_id",
    "inputs": keys("inputs"), "outputs": keys("outputs"),
    "cache_key": "cache_key", "metadata_keys": keys("run_metadata"), **scoped(), **DATED,
}  # fmt: skip


def walk(method: Callable[..., Any], **kwargs: Any) -> list[Any]:
    """Every item, 2 per page (so paging is exercised), following ``total_pages``."""
    page = method(page=1, size=2, hydrate=True, **kwargs)
    items = list(page.items)
    while page.index < page.total_pages:
        page = method(page=page.index + 1, size=2, hydrate=True, **kwargs)
        items += list(page.items)
    return items


def records(name: str, items: list[Any], columns: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        record = {}
        for column, getter in columns.items():
            read = path(getter) if isinstance(getter, str) else getter
            record[column] = attempt(f"{name}.{column}", lambda read=read, item=item: plain(read(item)))
        out.append(record)
    return out


def listed(names: Any) -> dict[str, list[dict[str, Any]]]:
    """The records of each frame in ``names``, in the active project."""
    lists = {}
    for name in names:
        method, columns = FRAMES[name]
        items = attempt(f"list {name}", lambda m=method, n=name: walk(m, sort_by=sort.get(n, "created")))
        lists[name] = records(name, items or [], columns)
    return lists


def steps_of_runs() -> dict[str, list[dict[str, Any]]]:
    """The steps of every run of the active project, by run name."""
    found = {}
    for run in client.list_pipeline_runs(size=100).items:
        steps = attempt(
            f"list steps of {run.name}",
            lambda run=run: walk(
                client.list_run_steps, pipeline_run_id=run.id, sort_by=sort.get("steps", "created")
            ),
        )
        found[run.name] = records("steps", steps or [], STEPS)
    return found


answer["execution_statuses"] = [s.value for s in ExecutionStatus]
answer["frames"] = listed(FRAMES)
answer["steps"] = steps_of_runs()
# The second project: what ZenML's Client lists with that project active.
project_id = attempt("second project id", lambda: str(client.get_project(second).id))
if project_id:
    default_project = os.environ["ZENML_ACTIVE_PROJECT_ID"]
    os.environ["ZENML_ACTIVE_PROJECT_ID"] = project_id
    answer["project"] = {"name": second, "frames": listed(PROJECT_FRAMES), "steps": steps_of_runs()}
    os.environ["ZENML_ACTIVE_PROJECT_ID"] = default_project
if account:
    api_key_columns = {
        "id": "id", "name": "name", "service_account_id": "service_account.id",
        "service_account_name": "service_account.name", "description": "description", "active": "active",
        "retain_period_minutes": "retain_period_minutes", "last_login": "last_login",
        "last_rotated": "last_rotated", **DATED,
    }  # fmt: skip
    keys_found = attempt(
        "list api_keys",
        lambda: walk(client.list_api_keys, service_account_name_id_or_prefix=account, sort_by="created"),
    )
    answer["frames"]["api_keys"] = records("api_keys", keys_found or [], api_key_columns)
print(json.dumps(answer))
