"""Frame schemas of what runs did: steps, artifacts and their versions, models and their versions, schedules.

Same conventions as :mod:`.workspace` (items are ``{id, name, body, metadata, resources}``; columns
read from ``metadata`` are NA unless the list was hydrated). Categories hold exactly the values of
ZenML 0.98's enums (``ArtifactType``, ``ArtifactSaveType``, ``ModelStages``); step statuses share
the runs' ``ExecutionStatus`` category.
"""

from __future__ import annotations

from .categories import RUN_STATUS
from .schema import TD, TS, Category, Column, FrameSchema, col
from .workspace import metadata_keys

#: ZenML's ``ArtifactType``.
ARTIFACT_TYPE = Category(
    (
        "DataAnalysisArtifact",
        "DataArtifact",
        "ModelArtifact",
        "SchemaArtifact",
        "ServiceArtifact",
        "StatisticsArtifact",
        "BaseArtifact",
    ),
    zenml_enum="zenml.enums.ArtifactType",
)
#: ZenML's ``ArtifactSaveType``: how an artifact version came to be.
ARTIFACT_SAVE_TYPE = Category(
    ("step_output", "manual", "preexisting", "external"), zenml_enum="zenml.enums.ArtifactSaveType"
)
#: ZenML's ``ModelStages`` (a version in no stage has NA).
MODEL_STAGE = Category(
    ("none", "staging", "production", "archived", "latest"), zenml_enum="zenml.enums.ModelStages"
)

#: ZenML's ``StepType``: set only for agent-style steps; an ordinary step has NA.
STEP_TYPE = Category(("tool_call", "llm_call", "memory_call"), zenml_enum="zenml.enums.StepType")


def _scoped() -> tuple[Column, ...]:
    # Project, creator and tags: what every project-scoped, taggable resource carries.
    return (
        col("project_id", "string", "body.project_id"),
        col("user_id", "string", "body.user_id", "resources.user.id"),
        col("user_name", "string", "resources.user.name"),
    )


def _tags() -> Column:
    return col("tags", "string", "resources.tags", rule="names")


def _dated() -> tuple[Column, ...]:
    return (col("created", TS, "body.created", "created"), col("updated", TS, "body.updated", "updated"))


ARTIFACTS = FrameSchema(
    "artifacts",
    (
        col("id", "string"),
        col("name", "string"),
        col("latest_version", "string", "resources.latest_version_name"),
        col("latest_version_id", "string", "resources.latest_version_id"),
        col("has_custom_name", "boolean", "metadata.has_custom_name"),
        *_scoped(),
        _tags(),
        *_dated(),
    ),
    row="one artifact (a name whose versions runs produce)",
)

ARTIFACT_VERSIONS = FrameSchema(
    "artifact_versions",
    (
        col("id", "string"),
        col("artifact_name", "string", "body.artifact.name"),
        col("version", "string", "body.version"),
        col("type", ARTIFACT_TYPE, "body.type"),
        col("data_type", "string", "body.data_type", rule="source", doc="module.class of the stored value"),
        col("save_type", ARTIFACT_SAVE_TYPE, "body.save_type"),
        col("item_count", "Int64", "body.item_count"),
        col(
            "storage_size",
            "Int64",
            "metadata.run_metadata.storage_size",
            doc="bytes in the artifact store (hydrated lists only)",
        ),
        metadata_keys(),
        col("producer_run_id", "string", "resources.producer_pipeline_run_id"),
        col("producer_step_id", "string", "resources.producer_step_run_id"),
        col("uri", "string", "body.uri"),
        col("materializer", "string", "body.materializer", rule="source"),
        col("artifact_id", "string", "body.artifact.id"),
        col("artifact_store_id", "string", "body.artifact_store_id"),
        col("content_hash", "string", "body.content_hash"),
        *_scoped(),
        _tags(),
        *_dated(),
    ),
    row="one version of an artifact (a value a step saved)",
)

MODELS = FrameSchema(
    "models",
    (
        col("id", "string"),
        col("name", "string"),
        col("latest_version", "string", "resources.latest_version_name"),
        col("latest_version_id", "string", "resources.latest_version_id"),
        col("description", "string", "metadata.description"),
        col("license", "string", "metadata.license"),
        col("audience", "string", "metadata.audience"),
        col("use_cases", "string", "metadata.use_cases"),
        *_scoped(),
        _tags(),
        *_dated(),
    ),
    row="one model of the model control plane",
)

MODEL_VERSIONS = FrameSchema(
    "model_versions",
    (
        col("id", "string"),
        col("model_name", "string", "body.model.name"),
        col("name", "string"),
        col("number", "Int64", "body.number"),
        col("stage", MODEL_STAGE, "body.stage", doc="NA when the version is in no stage"),
        col("description", "string", "metadata.description"),
        metadata_keys(),
        col("model_id", "string", "body.model.id"),
        *_scoped(),
        _tags(),
        *_dated(),
    ),
    row="one version of a model",
)

STEPS = FrameSchema(
    "steps",
    (
        col("id", "string"),
        col("name", "string"),
        col("status", RUN_STATUS, "body.status"),
        col("type", STEP_TYPE, "body.type"),
        col("start_time", TS, "body.start_time"),
        col("end_time", TS, "body.end_time"),
        col("duration", TD, "end_time", "start_time", rule="elapsed", doc="end_time - start_time"),
        col(
            "run_id",
            "string",
            "metadata.pipeline_run_id",
            "run_id",
            doc="filled in by the Session when the list was not hydrated",
        ),
        col("run_name", "string", "run_name", doc="filled in by the Session"),
        col("inputs", "string", "resources.inputs", rule="keys", doc="input argument names"),
        col("outputs", "string", "resources.outputs", rule="keys", doc="output names"),
        col("cache_key", "string", "metadata.cache_key"),
        metadata_keys(),
        *_scoped(),
        *_dated(),
    ),
    row="one step of a pipeline run",
)

SCHEDULES = FrameSchema(
    "schedules",
    (
        col("id", "string"),
        col("name", "string"),
        col("active", "boolean", "body.active"),
        col("cron_expression", "string", "body.cron_expression"),
        col("interval", TD, "body.interval_second", doc="for interval schedules"),
        col("start_time", TS, "body.start_time"),
        col("end_time", TS, "body.end_time"),
        col("run_once_start_time", TS, "body.run_once_start_time"),
        col("catchup", "boolean", "body.catchup"),
        col("is_archived", "boolean", "body.is_archived"),
        col("pipeline_id", "string", "metadata.pipeline_id"),
        col("orchestrator_id", "string", "metadata.orchestrator_id"),
        *_scoped(),
        *_dated(),
    ),
    row="one pipeline schedule",
)

LINEAGE_SCHEMAS: tuple[FrameSchema, ...] = (
    ARTIFACTS,
    ARTIFACT_VERSIONS,
    MODELS,
    MODEL_VERSIONS,
    STEPS,
    SCHEDULES,
)
