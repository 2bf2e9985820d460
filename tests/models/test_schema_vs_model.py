"""One description per resource: every frame column reads a field its pydantic model declares.

A frame is built from the raw records and a model from the same records, so the two can drift apart
silently (a column reading a key the model never declared means ``get_x().field`` is missing or a
plain string). Here every schema column's first key path is walked through its model's fields: the
root must be a declared field, and inside a nested model each further key too (a ``dict`` field
ends the walk: its keys are the server's). Workspace-API records carry ``body``/``metadata``
sections the model lifts to its top level, so those prefixes are dropped first.

A column that is not read from one field is listed in ``COMPUTED`` with the reason.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any

import pytest
from pydantic import BaseModel

from zpro_nb.frames.catalog import SCHEMAS
from zpro_nb.frames.schema import Column
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
    Artifact,
    ArtifactVersion,
    Component,
    Model,
    ModelVersion,
    Pipeline,
    PipelineRun,
    Project,
    RunTemplate,
    Schedule,
    Secret,
    ServiceAccount,
    Stack,
    StepRun,
    Tag,
    WorkspaceObject,
    WorkspaceUser,
)

#: the model each schema's rows are records of
MODELS: dict[str, type[BaseModel]] = {
    "organizations": Organization,
    "workspaces": Workspace,
    "users": User,
    "members": OrganizationMember,
    "teams": Team,
    "team_members": User,
    "roles": Role,
    "role_assignments": RoleAssignment,
    "invitations": Invitation,
    "workspace_users": WorkspaceUser,
    "service_accounts": ServiceAccount,
    "api_keys": ApiKey,
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

_FILLED_BY_SESSION = "not in the record: the Session fills it in from what was asked for"

#: (schema, column) -> why the column is not one field of the model
COMPUTED: dict[tuple[str, str], str] = {
    ("members", "organization_id"): _FILLED_BY_SESSION,
    ("members", "organization_name"): _FILLED_BY_SESSION,
    ("team_members", "team_id"): _FILLED_BY_SESSION,
    ("team_members", "team_name"): _FILLED_BY_SESSION,
    ("steps", "run_name"): _FILLED_BY_SESSION,
    ("role_assignments", "workspace_name"): (
        "looked up by the Session from the workspace ids (an assignment names its workspace by id only)"
    ),
    ("secrets", "value_names"): (
        "read from the record's values by their keys (rule 'keys'); the model never keeps the values, "
        "only their names in its own value_names field"
    ),
}


def _model_types(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation can hold (``X | None``, ``list[X]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, tuple):
        return [m for arg in typing.get_args(annotation) for m in _model_types(arg)]
    return []


def unknown_key(model: type[BaseModel], path: tuple[str, ...]) -> str | None:
    """The first key of ``path`` the model does not declare, or ``None`` when it declares the path."""
    if issubclass(model, WorkspaceObject) and path and path[0] in ("body", "metadata"):
        path = path[1:]  # the model lifts these sections to its top level
    current = model
    for depth, key in enumerate(path):
        field = current.model_fields.get(key)
        if field is None:
            return ".".join(path[: depth + 1])
        nested = _model_types(field.annotation)
        if not nested:
            return None  # a plain value or a dict: the rest of the path is the server's
        current = nested[0]
    return None


def _read_from_record(column: Column) -> bool:
    # a rule over the whole record (``()``) or over earlier columns computes; it reads no one field
    return not column.derived and column.paths[0] != ()


def test_every_schema_names_its_model() -> None:
    assert set(MODELS) == set(SCHEMAS)


def test_computed_columns_exist_and_say_why() -> None:
    for (schema, column), reason in COMPUTED.items():
        assert column in SCHEMAS[schema].names, (schema, column)
        assert reason.strip()


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_column_reads_a_model_field(name: str) -> None:
    model = MODELS[name]
    problems = []
    for column in SCHEMAS[name].columns:
        if (name, column.name) in COMPUTED or not _read_from_record(column):
            continue
        missing = unknown_key(model, column.paths[0])
        if missing is not None:
            path = ".".join(column.paths[0])
            problems.append(f"{name}.{column.name} reads {path!r}: {missing!r} is no field")
    assert not problems, "\n".join(problems)


def test_the_walk_finds_a_missing_key() -> None:
    # the checker itself: a key the model lacks is reported, a nested one is walked into
    assert unknown_key(Workspace, ("zenml_service", "status", "server_url")) is None
    assert unknown_key(Workspace, ("zenml_service", "status", "nope")) == "zenml_service.status.nope"
    assert unknown_key(Workspace, ("url",)) == "url"
    assert unknown_key(PipelineRun, ("body", "status")) is None
    assert unknown_key(PipelineRun, ("resources", "anything")) is None


def test_a_users_last_login_is_an_aware_datetime() -> None:
    # the users frame had last_login as a time while get_user().last_login was an undeclared string
    user = User.model_validate({"id": "u1", "last_login": "2026-03-01T12:00:00"})
    assert user.last_login == dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    assert User.model_validate({"id": "u1"}).last_login is None
