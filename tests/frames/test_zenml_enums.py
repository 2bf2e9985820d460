"""Categorical columns hold exactly ZenML's own enum values, read from the installed zenml (the judge).

A value outside a column's categories shows as NA, so a category that misses one of ZenML's values
hides real data (a ``queued`` run with status NaN). Nothing here copies values by hand: the judge
answers with ZenML's enums and with the enum-typed fields of ZenML's response models.
"""

from __future__ import annotations

from typing import Any

import pytest
from zenml_judge import run_in_zenml

from zpro_nb.frames import SCHEMAS, Category, FrameSchema
from zpro_nb.frames.pro import PRO_SCHEMAS
from zpro_nb.frames.workspace import WORKSPACE_SCHEMAS
from zpro_nb.frames.workspace_lineage import LINEAGE_SCHEMAS

pytestmark = pytest.mark.oss

#: The ZenML response model each workspace schema lays out (a new schema must be added here).
RESPONSE_MODELS = {
    "workspace_users": "zenml.models.UserResponse",
    "service_accounts": "zenml.models.ServiceAccountResponse",
    "api_keys": "zenml.models.APIKeyResponse",
    "projects": "zenml.models.ProjectResponse",
    "pipelines": "zenml.models.PipelineResponse",
    "runs": "zenml.models.PipelineRunResponse",
    "run_templates": "zenml.models.RunTemplateResponse",
    "stacks": "zenml.models.StackResponse",
    "components": "zenml.models.ComponentResponse",
    "tags": "zenml.models.TagResponse",
    "secrets": "zenml.models.SecretResponse",
    "artifacts": "zenml.models.ArtifactResponse",
    "artifact_versions": "zenml.models.ArtifactVersionResponse",
    "models": "zenml.models.ModelResponse",
    "model_versions": "zenml.models.ModelVersionResponse",
    "steps": "zenml.models.StepRunResponse",
    "schedules": "zenml.models.ScheduleResponse",
}


def categorical_columns() -> list[tuple[FrameSchema, str, Category]]:
    return [
        (schema, c.name, c.dtype)
        for schema in SCHEMAS.values()
        for c in schema.columns
        if isinstance(c.dtype, Category)
    ]


@pytest.fixture(scope="module")
def zenml_enums(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    named = sorted({cat.zenml_enum for _, _, cat in categorical_columns() if cat.zenml_enum})
    answer: dict[str, list[str]] = run_in_zenml(
        "enum_values.py", {"enums": named}, config_dir=tmp_path_factory.mktemp("judge-cfg")
    )
    return answer


@pytest.fixture(scope="module")
def enum_fields(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    answer: dict[str, dict[str, str]] = run_in_zenml(
        "field_enums.py", {"models": RESPONSE_MODELS}, config_dir=tmp_path_factory.mktemp("judge-cfg")
    )
    return answer


def test_every_categorical_column_holds_exactly_its_zenml_enum(zenml_enums: dict[str, list[str]]) -> None:
    checked = 0
    for schema, column, category in categorical_columns():
        if not category.zenml_enum:
            continue
        assert list(category.values) == zenml_enums[category.zenml_enum], (
            f"{schema.name}.{column}: categories differ from {category.zenml_enum}"
        )
        checked += 1
    assert checked >= 5  # run status x3, component type, tag color at least


def test_only_pro_only_categories_name_no_zenml_enum() -> None:
    # The Pro management API's role levels, invitation statuses and member types have no enum in
    # the open-source zenml package; every workspace-API category must name one.
    pro = {id(s) for s in PRO_SCHEMAS}
    unnamed = [
        f"{s.name}.{c}" for s, c, cat in categorical_columns() if not cat.zenml_enum and id(s) not in pro
    ]
    assert unnamed == []


def test_every_enum_field_of_zenmls_responses_is_a_categorical_column(
    enum_fields: dict[str, dict[str, str]],
) -> None:
    assert sorted(RESPONSE_MODELS) == sorted(s.name for s in (*WORKSPACE_SCHEMAS, *LINEAGE_SCHEMAS)), (
        "name the ZenML response model of every workspace schema in RESPONSE_MODELS"
    )
    problems: list[str] = []
    for schema_name, fields in enum_fields.items():
        schema = SCHEMAS[schema_name]
        for path, enum_name in fields.items():
            wanted = tuple(path.split("."))
            readers = [c for c in schema.columns if wanted in c.paths]
            if not readers:
                problems.append(f"{schema_name}: no column reads {path} ({enum_name})")
            for c in readers:
                category: Any = c.dtype
                if not isinstance(category, Category) or category.zenml_enum != enum_name:
                    problems.append(f"{schema_name}.{c.name} reads {path}: must be category of {enum_name}")
    assert problems == []
