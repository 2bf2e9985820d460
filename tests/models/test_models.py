"""Models: unknown fields survive, times are aware UTC, nested objects by name, secrets stay masked."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import pytest
from frames import shapes

from zpro_nb.models.pro import (
    Invitation,
    Organization,
    OrganizationMember,
    Role,
    RoleAssignment,
    Team,
    User,
    Workspace,
)
from zpro_nb.models.workspace import (
    ApiKey,
    Component,
    NewApiKey,
    Pipeline,
    PipelineRun,
    Project,
    RunTemplate,
    Secret,
    ServiceAccount,
    Stack,
    Tag,
    WorkspaceUser,
)


def _canary_key() -> str:
    # Built at run time so no key-shaped literal sits in the repository.
    return "ZENKEY_" + "cAnArY" * 8


def test_workspace_model_from_the_reference_shape() -> None:
    w = Workspace.model_validate(shapes.workspace("prod"))
    assert w.url == "http://sandbox.localhost/ws/prod"
    assert w.version == "0.98.0"
    assert isinstance(w.organization, Organization)
    assert w.organization.name == "acme-ml"
    assert w.created == dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC)
    # Fields we do not declare are kept.
    assert w.model_extra is not None
    assert w.model_extra["usage_counts"] == {"pipeline_run": 12}


def test_a_stopped_workspace_has_no_url() -> None:
    w = Workspace.model_validate(shapes.workspace("dev", status="deactivated"))
    assert w.url is None
    assert Workspace.model_validate({"id": "x"}).url is None
    assert Workspace.model_validate({"id": "x"}).version is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-01T10:00:00", dt.datetime(2026, 11, 1, 10, tzinfo=dt.UTC)),
        ("2026-11-01T12:00:00+02:00", dt.datetime(2026, 11, 1, 10, tzinfo=dt.UTC)),
        ("2026-11-01T10:00:00.250000Z", dt.datetime(2026, 11, 1, 10, 0, 0, 250000, tzinfo=dt.UTC)),
        ("garbage", None),
        ("", None),
        (None, None),
        ({"odd": 1}, None),
    ],
)
def test_times_are_aware_utc_and_odd_ones_are_none(value: Any, expected: dt.datetime | None) -> None:
    team = Team.model_validate({"id": "t", "created": value})
    assert team.created == expected
    if team.created is not None:
        assert team.created.tzinfo == dt.UTC


def test_ids_are_strings_even_when_sent_as_numbers() -> None:
    assert User.model_validate({"id": 42}).id == "42"


def test_html_view_is_a_two_column_table_with_nested_objects_by_name() -> None:
    w = Workspace.model_validate(shapes.workspace("prod"))
    html = w._repr_html_()
    assert html.count("<tr>") == len(w.display_rows())
    assert "<th style='text-align:left'>organization</th><td style='text-align:left'>acme-ml</td>" in html
    assert "user2@acme.example" in html  # the owner, by username
    assert "2026-10-01 12:00:00 UTC" in html


def test_html_escapes_values() -> None:
    team = Team.model_validate({"id": "t", "name": "<script>x</script>"})
    assert "<script>" not in team._repr_html_()
    assert "&lt;script&gt;" in team._repr_html_()


def test_role_assignment_principal_scope_and_label() -> None:
    a = RoleAssignment.model_validate(shapes.role_assignment(user=shapes.pro_user(3)))
    assert isinstance(a.principal, User)
    assert a.scope == "workspace"
    assert a.label() == "Workspace Admin → user3@acme.example"
    org = RoleAssignment.model_validate(
        shapes.role_assignment(team={"id": "t", "name": "ml"}, workspace_id=None)
    )
    assert isinstance(org.principal, Team)
    assert org.scope == "organization"
    assert "ml" in org._repr_html_()


def test_invitation_and_member_models() -> None:
    inv = Invitation.model_validate(
        {"id": "i", "email": "a@acme.example", "role": shapes.role("Organization Viewer", "organization")}
    )
    assert isinstance(inv.role, Role)
    member = OrganizationMember.model_validate(
        {"type": "invitation", "invitation": inv.model_dump(), "roles": []}
    )
    assert member.label() == "a@acme.example"
    assert member.roles == []


def test_workspace_object_lifts_body_and_metadata() -> None:
    user = WorkspaceUser.model_validate(shapes.oss_user(1))
    assert user.email == "user1@acme.example"
    assert user.is_admin is True
    assert user.created == dt.datetime(2026, 11, 2, 9, 10, 11, 654321, tzinfo=dt.UTC)
    extra = user.model_extra or {}
    assert "body" not in extra
    assert "metadata" not in extra
    assert extra["user_metadata"] == {}


def test_run_model_reads_resources() -> None:
    run = PipelineRun.model_validate(shapes.oss_run(1))
    assert run.pipeline == "training"
    assert run.resource("stack", "name") == "default"
    assert run.resource("nope", "deeper") is None
    assert run.start_time == dt.datetime(2026, 11, 20, 10, 0, 1, tzinfo=dt.UTC)


def test_new_api_key_is_masked_everywhere_unless_asked() -> None:
    record = shapes.oss_api_key()
    record["body"]["key"] = _canary_key()
    key = NewApiKey.model_validate(record)
    assert key.show_key() == _canary_key()
    for text in (repr(key), str(key), key._repr_html_(), key.model_dump_json(), repr(key.model_dump())):
        assert _canary_key() not in text
        assert "cAnArY" not in text
    assert "**********" in key._repr_html_()
    assert key.service_account == {"id": "90000000-0000-0000-0000-000000000001", "name": "ci-bot"}
    # The body the key came in is not kept as an extra field.
    assert "body" not in (key.model_extra or {})


def test_new_api_key_without_a_value_says_so() -> None:
    key = NewApiKey.model_validate(shapes.oss_api_key())
    with pytest.raises(ValueError, match="no key value"):
        key.show_key()


def test_listed_api_key_has_no_key_field() -> None:
    key = ApiKey.model_validate(shapes.oss_api_key())
    assert not hasattr(key, "key") or getattr(key, "key", None) is None
    assert key.last_rotated == dt.datetime(2026, 7, 1, tzinfo=dt.UTC)


def test_secret_model_keeps_value_names_never_values() -> None:
    record = shapes.oss_secret()
    record["body"]["values"] = {"password": "hunter2-canary", "user": "admin"}
    secret = Secret.model_validate(record)
    assert secret.value_names == ["password", "user"]
    for text in (repr(secret), secret._repr_html_(), secret.model_dump_json(), str(pickle.dumps(secret))):
        assert "hunter2-canary" not in text


@pytest.mark.parametrize(
    ("model", "record"),
    [
        (
            ServiceAccount,
            {"id": "s", "name": "ci", "body": {"active": True}, "metadata": {"description": "d"}},
        ),
        (Project, {"id": "p", "name": "default", "body": {"display_name": "Default"}}),
        (Pipeline, {"id": "p", "name": "training", "resources": {"latest_run_status": "failed"}}),
        (RunTemplate, {"id": "r", "name": "t", "body": {"runnable": True, "latest_run_status": "completed"}}),
        (
            Stack,
            {"id": "s", "name": "default", "metadata": {"components": {"orchestrator": [], "deployer": []}}},
        ),
        (Component, {"id": "c", "name": "default", "body": {"type": "orchestrator", "flavor_name": "local"}}),
        (
            Tag,
            {"id": "t", "name": "nightly", "body": {"color": "blue", "exclusive": False, "tagged_count": 3}},
        ),
    ],
)
def test_workspace_resource_models_render(model: type[Any], record: dict[str, Any]) -> None:
    obj = model.model_validate(record)
    html = obj._repr_html_()
    assert record["name"] in html
    assert html.startswith("<table>")


def test_resource_specific_properties() -> None:
    assert (
        Pipeline.model_validate({"id": "p", "resources": {"latest_run_status": "failed"}}).latest_run_status
        == "failed"
    )
    stack = Stack.model_validate(
        {"id": "s", "metadata": {"components": {"orchestrator": [], "deployer": []}}}
    )
    assert stack.component_types == ["deployer", "orchestrator"]


def test_models_survive_unknown_fields_and_missing_optional_ones() -> None:
    org = Organization.model_validate({"id": "o", "brand_new_field": [1, 2]})
    assert org.name is None
    assert (org.model_extra or {})["brand_new_field"] == [1, 2]
    assert org.label() == "o"
