"""Building frames from records: flattening, fallbacks, rules, nulls, odd values, unknown categories."""

from __future__ import annotations

import datetime as dt
import warnings

import pandas as pd
import pytest

from zpro_nb.frames import SCHEMAS, FrameSchema, col

from . import shapes


def test_pro_workspace_nested_fields_are_flattened_by_name() -> None:
    frame = SCHEMAS["workspaces"].build([shapes.workspace("prod"), shapes.workspace("dev", status="pending")])
    first = frame.iloc[0]
    assert first["organization_name"] == "acme-ml"
    assert first["organization_id"] == "0a000000-0000-0000-0000-000000000001"
    assert first["url"] == "http://sandbox.localhost/ws/prod"
    assert first["version"] == "0.98.0"
    assert first["owner_username"] == "user2@acme.example"
    assert first["status"] == "available"
    assert pd.isna(frame.iloc[1]["url"])
    assert frame.iloc[1]["status"] == "pending"


def test_oss_body_and_metadata_are_lifted() -> None:
    frame = SCHEMAS["workspace_users"].build([shapes.oss_user(1), shapes.oss_user(2, hydrated=False)])
    assert frame.loc[0, "email"] == "user1@acme.example"
    assert frame.loc[0, "external_user_id"] == "00000000-0000-0000-0000-000000000001"
    assert bool(frame.loc[0, "is_admin"]) is True
    assert frame.loc[0, "created"] == pd.Timestamp("2026-11-02T09:10:11.654321", tz="UTC")
    # Not hydrated: metadata is null, so its columns are NA but present.
    assert pd.isna(frame.loc[1, "email"])
    assert frame.loc[1, "full_name"] == "User 2"


def test_runs_read_resources_metadata_and_join_tag_names() -> None:
    frame = SCHEMAS["runs"].build([shapes.oss_run(1), shapes.oss_run(2, status="running")])
    row = frame.iloc[0]
    assert row["pipeline_name"] == "training"
    assert row["stack_name"] == "default"
    assert row["user_name"] == "user1"
    assert row["tags"] == "nightly, gpu"
    assert row["run_index"] == 1
    assert row["start_time"] == pd.Timestamp("2026-11-20T10:00:01Z")
    assert pd.isna(row["end_time"])
    assert frame.iloc[1]["status"] == "running"
    assert bool(frame.iloc[1]["in_progress"]) is True


def test_role_assignment_principal_scope_and_role() -> None:
    records = [
        shapes.role_assignment(user=shapes.pro_user(5)),
        shapes.role_assignment(team={"id": "t1", "name": "ml-team"}, workspace_id=None),
        shapes.role_assignment(invitation={"id": "i1", "email": "new@acme.example"}, project_id="p1"),
    ]
    frame = SCHEMAS["role_assignments"].build(records)
    assert list(frame["principal_type"]) == ["user", "team", "invitation"]
    assert list(frame["scope"]) == ["workspace", "organization", "project"]
    assert frame.loc[0, "username"] == "user5@acme.example"
    assert frame.loc[1, "team_name"] == "ml-team"
    assert frame.loc[2, "invitation_email"] == "new@acme.example"
    assert set(frame["role_name"]) == {"Workspace Admin"}
    assert set(frame["role_level"]) == {"workspace"}


def test_org_members_of_every_kind() -> None:
    records = [
        {
            "type": "user",
            "user": shapes.pro_user(1),
            "roles": [shapes.role("Organization Admin", "organization")],
        },
        {"user": shapes.pro_user(2, is_service_account=True), "roles": []},
        {"team": {"id": "t1", "name": "ml"}, "roles": [{"name": "A"}, {"name": "B"}]},
        {"invitation": {"id": "i1", "email": "x@acme.example"}, "roles": None},
    ]
    frame = SCHEMAS["members"].build(records)
    assert list(frame["type"]) == ["user", "service_account", "team", "invitation"]
    assert list(frame["name"]) == ["user1@acme.example", "user2@acme.example", "ml", "x@acme.example"]
    assert frame.loc[0, "roles"] == "Organization Admin"
    assert frame.loc[2, "roles"] == "A, B"
    assert frame.loc[2, "role_count"] == 2
    assert pd.isna(frame.loc[3, "roles"])


def test_secret_frame_lists_value_names_only() -> None:
    record = shapes.oss_secret()
    record["body"]["values"] = {"password": "hunter2-canary", "username": "admin"}
    frame = SCHEMAS["secrets"].build([record])
    assert frame.loc[0, "value_names"] == "password, username"
    text = frame.to_string()
    assert "hunter2-canary" not in text


def test_first_non_null_path_wins() -> None:
    schema = FrameSchema("t", (col("v", "string", "a.b", "c"),))
    frame = schema.build(
        [{"a": {"b": "first"}, "c": "second"}, {"a": {"b": None}, "c": "second"}, {"c": "only"}]
    )
    assert list(frame["v"]) == ["first", "second", "only"]


def test_missing_null_and_extra_fields() -> None:
    frame = SCHEMAS["teams"].build(
        [{"id": "t1"}, {"id": "t2", "name": None, "member_count": None}, {"id": "t3", "surprise": [1, 2]}]
    )
    assert list(frame.columns) == SCHEMAS["teams"].names
    assert frame["name"].isna().all()
    assert frame["member_count"].isna().all()
    assert "surprise" not in frame.columns


def test_records_that_are_not_objects_become_empty_rows() -> None:
    frame = SCHEMAS["workspaces"].build([shapes.workspace(), None, "junk", 42, ["x"]])  # type: ignore[list-item]
    assert len(frame) == 5
    assert frame.loc[0, "name"] == "prod"
    assert frame.iloc[1:].drop(columns=[]).isna().all().all()


def test_non_mapping_on_the_path_does_not_crash() -> None:
    records = [
        {"organization": "acme-as-text", "zenml_service": ["odd"]},
        {"organization": {"name": "ok"}, "zenml_service": {"status": "up"}},
    ]
    frame = SCHEMAS["workspaces"].build(records)
    assert pd.isna(frame.loc[0, "organization_name"])
    assert frame.loc[1, "organization_name"] == "ok"
    assert pd.isna(frame.loc[1, "url"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-01T10:00:00", "2026-11-01T10:00:00Z"),
        ("2026-11-01T10:00:00Z", "2026-11-01T10:00:00Z"),
        ("2026-11-01T12:00:00+02:00", "2026-11-01T10:00:00Z"),
        ("2026-11-01T10:00:00.123456", "2026-11-01T10:00:00.123456Z"),
        ("2026-11-01T10:00:00.5-01:00", "2026-11-01T11:00:00.5Z"),
        ("2026-11-01 10:00:00", "2026-11-01T10:00:00Z"),
        ("2026-11-01", "2026-11-01T00:00:00Z"),
    ],
)
def test_iso_timestamps_with_or_without_offset_and_fraction(text: str, expected: str) -> None:
    frame = SCHEMAS["teams"].build([{"created": text}])
    assert frame.loc[0, "created"] == pd.Timestamp(expected)
    assert str(frame["created"].dtype) == "datetime64[ns, UTC]"


@pytest.mark.parametrize(
    "odd",
    [
        None,
        "",
        "yesterday",
        "2026-13-45T99:00:00",
        1700000000,
        1.5,
        True,
        {"t": 1},
        ["2026"],
        "9999-12-31T00:00:00",
    ],
)
def test_odd_timestamps_become_nat(odd: object) -> None:
    frame = SCHEMAS["teams"].build([{"created": odd}, {"created": "2026-01-01T00:00:00Z"}])
    assert pd.isna(frame.loc[0, "created"])
    assert frame.loc[1, "created"] == pd.Timestamp("2026-01-01T00:00:00Z")
    assert str(frame["created"].dtype) == "datetime64[ns, UTC]"


def test_datetime_objects_are_accepted_too() -> None:
    moment = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    frame = SCHEMAS["teams"].build([{"created": moment}])
    assert frame.loc[0, "created"] == pd.Timestamp(moment)


def test_unknown_categories_become_na_without_warnings_and_stay_in_raw() -> None:
    records = [
        shapes.workspace(status="available"),
        shapes.workspace(status="hibernating"),
        {"status": ["x"]},
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame = SCHEMAS["workspaces"].build(records)
    assert frame.loc[0, "status"] == "available"
    assert pd.isna(frame.loc[1, "status"])
    assert pd.isna(frame.loc[2, "status"])
    assert list(frame["status"].cat.categories) == list(SCHEMAS["workspaces"].column("status").dtype.values)  # type: ignore[union-attr]
    assert frame.zpro.raw[1]["status"] == "hibernating"


def test_odd_scalars_in_typed_columns() -> None:
    schema = FrameSchema(
        "odd",
        (
            col("s", "string"),
            col("b", "boolean"),
            col("i", "Int64"),
            col("f", "Float64"),
        ),
    )
    records = [
        {"s": 12, "b": "true", "i": "3", "f": "1.5"},
        {"s": {"x": 1}, "b": 1, "i": 2.0, "f": 2},
        {"s": float("nan"), "b": None, "i": 2**70, "f": float("nan")},
        {"s": "ok", "b": False, "i": 7, "f": 0.25},
        {"s": True, "b": True, "i": True, "f": True},
    ]
    frame = schema.build(records)
    assert list(frame["s"].astype(object).where(frame["s"].notna(), None)) == ["12", None, None, "ok", "True"]
    assert list(frame["b"].astype(object).where(frame["b"].notna(), None)) == [None, None, None, False, True]
    assert list(frame["i"].astype(object).where(frame["i"].notna(), None)) == [None, 2, None, 7, None]
    assert list(frame["f"].astype(object).where(frame["f"].notna(), None)) == [None, 2.0, None, 0.25, None]


def test_supplied_values_fill_columns_the_records_lack() -> None:
    records = [shapes.role_assignment(user=shapes.pro_user(1))]
    frame = SCHEMAS["role_assignments"].build(records, values={"workspace_name": ["prod"]})
    assert frame.loc[0, "workspace_name"] == "prod"
    with pytest.raises(ValueError, match="1 records"):
        SCHEMAS["role_assignments"].build(records, values={"workspace_name": ["a", "b"]})
    with pytest.raises(KeyError, match="nope"):
        SCHEMAS["role_assignments"].build(records, values={"nope": ["a"]})


def test_generators_are_accepted_and_kept_as_a_list() -> None:
    frame = SCHEMAS["teams"].build({"id": str(i)} for i in range(3))  # type: ignore[arg-type]
    assert list(frame["id"]) == ["0", "1", "2"]
    assert [r["id"] for r in frame.zpro.raw] == ["0", "1", "2"]
