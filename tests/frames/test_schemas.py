"""Every declared schema: fixed columns and dtypes for 0 rows and for many, and sane declarations."""

from __future__ import annotations

import pandas as pd
import pytest

from zpro_nb.frames import SCHEMAS, Category, Column, FrameSchema, col
from zpro_nb.frames.pro import PRO_SCHEMAS
from zpro_nb.frames.rules import COLUMN_RULES, RULES
from zpro_nb.frames.workspace import WORKSPACE_SCHEMAS
from zpro_nb.frames.workspace_lineage import LINEAGE_SCHEMAS

from . import shapes

ALL = sorted(SCHEMAS)

EXPECTED_NAMES = {
    # Pro
    "organizations",
    "workspaces",
    "users",
    "members",
    "teams",
    "team_members",
    "roles",
    "role_assignments",
    "invitations",
    # workspace API
    "workspace_users",
    "service_accounts",
    "api_keys",
    "projects",
    "pipelines",
    "runs",
    "run_templates",
    "stacks",
    "components",
    "tags",
    "secrets",
    # what runs did
    "artifacts",
    "artifact_versions",
    "models",
    "model_versions",
    "steps",
    "schedules",
}


def test_every_resource_of_the_issue_has_a_schema() -> None:
    assert set(SCHEMAS) == EXPECTED_NAMES
    assert len(PRO_SCHEMAS) + len(WORKSPACE_SCHEMAS) + len(LINEAGE_SCHEMAS) == len(SCHEMAS)


@pytest.mark.parametrize("name", ALL)
def test_empty_frame_has_the_declared_columns_and_dtypes(name: str) -> None:
    schema = SCHEMAS[name]
    frame = schema.empty()
    assert list(frame.columns) == schema.names
    assert len(frame) == 0
    for column in schema.columns:
        assert frame[column.name].dtype == column.pandas_dtype(), column.name


@pytest.mark.parametrize("name", ALL)
def test_zero_one_and_many_rows_give_identical_dtypes(name: str) -> None:
    schema = SCHEMAS[name]
    empty = schema.build([])
    one = schema.build([{}])
    many = schema.build([{"id": str(i), "name": f"n{i}"} for i in range(500)])
    assert list(empty.dtypes) == list(one.dtypes) == list(many.dtypes)
    assert list(empty.columns) == list(many.columns)


@pytest.mark.parametrize("name", ALL)
def test_every_column_names_a_known_rule_and_a_documented_dtype(name: str) -> None:
    for column in SCHEMAS[name].columns:
        assert column.rule is None or column.rule in RULES or column.rule in COLUMN_RULES
        assert isinstance(column.dtype, Category) or column.dtype in {
            "string",
            "boolean",
            "Int64",
            "Float64",
            "datetime64[ns, UTC]",
            "timedelta64[ns]",
        }


def test_ids_are_strings_times_are_utc_and_statuses_categorical() -> None:
    for schema in SCHEMAS.values():
        for column in schema.columns:
            if column.name == "id" or column.name.endswith("_id"):
                assert column.dtype == "string", (schema.name, column.name)
            if column.name in {"created", "updated", "start_time", "end_time", "last_login"}:
                assert column.dtype == "datetime64[ns, UTC]", (schema.name, column.name)
            if column.name.endswith("status") and schema.name != "secrets":
                assert isinstance(column.dtype, Category), (schema.name, column.name)


def test_documented_categories() -> None:
    workspaces = SCHEMAS["workspaces"].column("status").dtype
    assert isinstance(workspaces, Category)
    assert workspaces.values == (
        "not_initialized",
        "pending",
        "available",
        "failed",
        "deactivated",
        "deleted",
    )
    level = SCHEMAS["roles"].column("level").dtype
    assert isinstance(level, Category)
    assert level.values == ("organization", "workspace", "project")
    run_status = SCHEMAS["runs"].column("status").dtype
    assert isinstance(run_status, Category)
    assert set(run_status.values) >= {
        "initializing",
        "provisioning",
        "running",
        "completed",
        "failed",
        "cached",
        "stopping",
        "stopped",
        "retrying",
    }


def test_secrets_schema_has_no_value_column() -> None:
    names = SCHEMAS["secrets"].names
    assert "values" not in names
    assert "value" not in names
    assert not any(
        "values" in ".".join(p) and c.rule != "keys" for c in SCHEMAS["secrets"].columns for p in c.paths
    )


def test_api_keys_schema_never_reads_the_key() -> None:
    for column in SCHEMAS["api_keys"].columns:
        assert all(path[-1:] != ("key",) for path in column.paths), column.name


def test_a_schema_refuses_duplicate_columns_and_unknown_dtypes() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        FrameSchema("x", (col("a", "string"), col("a", "Int64")))
    with pytest.raises(ValueError, match="unsupported dtype"):
        Column("a", "int64", (("a",),))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="key path"):
        Column("a", "string", ())


def test_column_lookup_and_source_text() -> None:
    schema = SCHEMAS["workspaces"]
    assert schema.column("url").source() == "zenml_service.status.server_url | url"
    assert SCHEMAS["members"].column("type").source() == "member_type((record))"
    with pytest.raises(KeyError):
        schema.column("nope")


def test_empty_frame_is_a_plain_dataframe_with_a_range_index() -> None:
    frame = SCHEMAS["runs"].empty()
    assert isinstance(frame, pd.DataFrame)
    assert isinstance(frame.index, pd.RangeIndex)


def test_a_hundred_thousand_rows_have_the_same_layout_as_none() -> None:
    records = [shapes.oss_user(1), shapes.oss_user(2, hydrated=False), {"id": "odd", "body": "x"}] * 33_334
    frame = SCHEMAS["workspace_users"].build(records)
    assert len(frame) == 100_002
    assert list(frame.dtypes) == list(SCHEMAS["workspace_users"].empty().dtypes)
    assert frame["email"].notna().sum() == 33_334
    assert frame.zpro.raw[-1] == {"id": "odd", "body": "x"}
