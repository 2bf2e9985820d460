"""Frame schemas for a workspace's API (the ZenML OSS server API, 0.98 shapes: docs/contract.md).

Items come as ``{id, name, body, metadata, resources}``; ``body.*`` and ``metadata.*`` are lifted to
columns. ``metadata``/``resources`` are only filled when listed with ``hydrate=true``; columns read
from them are NA otherwise, never missing.
"""

from __future__ import annotations

from .categories import RUN_STATUS, STACK_COMPONENT_TYPE, TAG_COLOR
from .schema import TD, TS, Column, FrameSchema, col


def _dated() -> tuple[Column, ...]:
    return (col("created", TS, "body.created", "created"), col("updated", TS, "body.updated", "updated"))


def metadata_keys() -> Column:
    """The keys of the run metadata logged on an object (``log_metadata``); the values, of any JSON
    shape, stay in the raw view (``df.zpro.raw``): a cell holds text only."""
    return col(
        "metadata_keys",
        "string",
        "metadata.run_metadata",
        rule="keys",
        doc="keys of the metadata logged on it, sorted (values: the raw view; hydrated lists only)",
    )


def _owner() -> tuple[Column, ...]:
    # Who created the resource: the body carries the id, hydrated resources the user object.
    return (
        col("user_id", "string", "body.user_id", "resources.user.id", "body.user.id"),
        col("user_name", "string", "resources.user.name", "body.user.name"),
    )


USERS = FrameSchema(
    "workspace_users",
    (
        col("id", "string"),
        col("name", "string"),
        col("full_name", "string", "body.full_name"),
        col("email", "string", "metadata.email", "body.email"),
        col("active", "boolean", "body.active"),
        col("is_admin", "boolean", "body.is_admin"),
        col("is_service_account", "boolean", "body.is_service_account"),
        col("email_opted_in", "boolean", "body.email_opted_in"),
        col("default_project_id", "string", "body.default_project_id"),
        col(
            "external_user_id",
            "string",
            "metadata.external_user_id",
            "body.external_user_id",
            doc="the Pro user id on a Pro workspace",
        ),
        *_dated(),
    ),
    row="one (human) user of the workspace",
)

SERVICE_ACCOUNTS = FrameSchema(
    "service_accounts",
    (
        col("id", "string"),
        col("name", "string"),
        col("full_name", "string", "body.full_name"),
        col("description", "string", "metadata.description", "body.description"),
        col("active", "boolean", "body.active"),
        col("external_user_id", "string", "metadata.external_user_id", "body.external_user_id"),
        *_dated(),
    ),
    row="one service account of the workspace",
)

API_KEYS = FrameSchema(
    "api_keys",
    (
        col("id", "string"),
        col("name", "string"),
        col(
            "service_account_id",
            "string",
            "body.service_account.id",
            "service_account_id",
            doc="filled in by the Session when the item does not say",
        ),
        col("service_account_name", "string", "body.service_account.name", "service_account_name"),
        col("description", "string", "metadata.description", "body.description"),
        col("active", "boolean", "body.active"),
        col("retain_period_minutes", "Int64", "metadata.retain_period_minutes", "body.retain_period_minutes"),
        col("last_login", TS, "metadata.last_login", "body.last_login"),
        col("last_rotated", TS, "metadata.last_rotated", "body.last_rotated"),
        *_dated(),
    ),
    row="one API key of a service account (never the key value)",
)

PROJECTS = FrameSchema(
    "projects",
    (
        col("id", "string"),
        col("name", "string"),
        col("display_name", "string", "body.display_name"),
        col("description", "string", "metadata.description", "body.description"),
        *_dated(),
    ),
    row="one project",
)

PIPELINES = FrameSchema(
    "pipelines",
    (
        col("id", "string"),
        col("name", "string"),
        col("project_id", "string", "body.project_id"),
        *_owner(),
        col("latest_run_id", "string", "resources.latest_run_id", "body.latest_run_id"),
        col("latest_run_status", RUN_STATUS, "resources.latest_run_status", "body.latest_run_status"),
        col(
            "latest_run_user",
            "string",
            "resources.latest_run_user.name",
            "resources.latest_run_user",
            rule="label",
        ),
        col("description", "string", "metadata.description", "body.description"),
        col("tags", "string", "resources.tags", "body.tags", rule="names"),
        *_dated(),
    ),
    row="one pipeline",
)

RUNS = FrameSchema(
    "runs",
    (
        col("id", "string"),
        col("name", "string"),
        col("status", RUN_STATUS, "body.status"),
        col("in_progress", "boolean", "body.in_progress"),
        col("status_reason", "string", "body.status_reason"),
        col("run_index", "Int64", "body.index", doc="the run's number within its pipeline (ZenML's index)"),
        col("pipeline_id", "string", "body.pipeline_id", "resources.pipeline.id", "body.pipeline.id"),
        col("pipeline_name", "string", "resources.pipeline.name", "body.pipeline.name"),
        col("project_id", "string", "body.project_id"),
        *_owner(),
        col("stack_id", "string", "resources.stack.id", "body.stack.id", "body.stack_id"),
        col("stack_name", "string", "resources.stack.name", "body.stack.name"),
        col("start_time", TS, "metadata.start_time", "body.start_time"),
        col("end_time", TS, "metadata.end_time", "body.end_time"),
        col("duration", TD, "end_time", "start_time", rule="elapsed", doc="end_time - start_time"),
        metadata_keys(),
        col("tags", "string", "resources.tags", "body.tags", rule="names"),
        *_dated(),
    ),
    row="one pipeline run",
)

RUN_TEMPLATES = FrameSchema(
    "run_templates",
    (
        col("id", "string"),
        col("name", "string"),
        col("description", "string", "metadata.description", "body.description"),
        col("runnable", "boolean", "body.runnable"),
        col("hidden", "boolean", "body.hidden", "metadata.hidden"),
        col("latest_run_id", "string", "resources.latest_run_id", "body.latest_run_id"),
        col("latest_run_status", RUN_STATUS, "resources.latest_run_status", "body.latest_run_status"),
        col("pipeline_id", "string", "resources.pipeline.id", "body.pipeline_id"),
        col("pipeline_name", "string", "resources.pipeline.name"),
        col("project_id", "string", "body.project_id"),
        *_owner(),
        col("tags", "string", "resources.tags", "body.tags", rule="names"),
        *_dated(),
    ),
    row="one run template",
)

STACKS = FrameSchema(
    "stacks",
    (
        col("id", "string"),
        col("name", "string"),
        col("description", "string", "metadata.description", "body.description"),
        *_owner(),
        col(
            "component_count",
            "Int64",
            "metadata.components",
            "body.components",
            rule="count",
            doc="component types in the stack (hydrated lists only)",
        ),
        *_dated(),
    ),
    row="one stack",
)

COMPONENTS = FrameSchema(
    "components",
    (
        col("id", "string"),
        col("name", "string"),
        col("type", STACK_COMPONENT_TYPE, "body.type", doc="e.g. orchestrator, artifact_store"),
        col("flavor", "string", "body.flavor_name", "body.flavor"),
        col("integration", "string", "body.integration"),
        *_owner(),
        *_dated(),
    ),
    row="one stack component",
)

TAGS = FrameSchema(
    "tags",
    (
        col("id", "string"),
        col("name", "string"),
        col("color", TAG_COLOR, "body.color"),
        col("exclusive", "boolean", "body.exclusive"),
        col(
            "tagged_count",
            "Int64",
            "metadata.tagged_count",
            "body.tagged_count",
            doc="how many objects carry the tag (hydrated lists only)",
        ),
        *_owner(),
        *_dated(),
    ),
    row="one tag",
)

SECRETS = FrameSchema(
    "secrets",
    (
        col("id", "string"),
        col("name", "string"),
        col("private", "boolean", "body.private"),
        col(
            "value_names",
            "string",
            "body.values",
            rule="keys",
            doc="the names of the values it holds (read one secret at a time: lists carry none); "
            "values are never read into a frame",
        ),
        *_owner(),
        *_dated(),
    ),
    row="one secret: its name and metadata only",
)

WORKSPACE_SCHEMAS: tuple[FrameSchema, ...] = (
    USERS,
    SERVICE_ACCOUNTS,
    API_KEYS,
    PROJECTS,
    PIPELINES,
    RUNS,
    RUN_TEMPLATES,
    STACKS,
    COMPONENTS,
    TAGS,
    SECRETS,
)
