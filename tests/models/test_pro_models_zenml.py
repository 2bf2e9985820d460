"""Our Pro models (``zpro_nb.models.pro``) held against ZenML's (``zenml.login.pro``), read from the
installed zenml: every model and enum ZenML declares there has a counterpart here that accepts all
it accepts, with exactly its enum values; and our ``url``/``version`` read served answers as ZenML's
``WorkspaceRead`` properties do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fixtures_sandbox import JudgedSandbox
from pydantic import BaseModel
from zenml_judge import run_in_zenml

from zpro_nb.api.pro.workspaces import SETTLED_STATES
from zpro_nb.frames.categories import WORKSPACE_STATUS
from zpro_nb.models.base import ZModel
from zpro_nb.models.pro import (
    WORKSPACE_STATUSES,
    Organization,
    ServiceConfiguration,
    ServiceStatus,
    Workspace,
    ZenMLService,
)

from .schema_agreement import compare_roots

pytestmark = pytest.mark.oss


PRO = "zenml.login.pro"
#: ZenML's Pro model (dotted) -> ours. ``BaseRestAPIModel`` is their common base, with no fields.
COUNTERPARTS: dict[str, type[BaseModel]] = {
    f"{PRO}.workspace.models.WorkspaceRead": Workspace,
    f"{PRO}.workspace.models.ZenMLServiceRead": ZenMLService,
    f"{PRO}.workspace.models.ZenMLServiceStatus": ServiceStatus,
    f"{PRO}.workspace.models.ZenMLServiceConfiguration": ServiceConfiguration,
    f"{PRO}.organization.models.OrganizationRead": Organization,
}
NO_FIELDS = {f"{PRO}.models.BaseRestAPIModel"}
WORKSPACE_STATUS_ENUM = f"{PRO}.workspace.models.WorkspaceStatus"


def short(dotted: str) -> str:
    return dotted.rsplit(".", 1)[-1]


NAMES = {short(z): ours.__name__ for z, ours in COUNTERPARTS.items()}


@pytest.fixture(scope="module")
def zenml_pro(tmp_path_factory: Any) -> dict[str, Any]:
    payload = {"models": [*COUNTERPARTS, *NO_FIELDS], "enums": [WORKSPACE_STATUS_ENUM]}
    answer: dict[str, Any] = run_in_zenml(
        "pro_model_schemas.py", payload, config_dir=tmp_path_factory.mktemp("zenml-cfg")
    )
    return answer


def test_every_model_and_enum_zenml_declares_for_pro_has_a_counterpart(zenml_pro: dict[str, Any]) -> None:
    assert set(zenml_pro["declared"]["models"]) == set(COUNTERPARTS) | NO_FIELDS
    assert zenml_pro["declared"]["enums"] == [WORKSPACE_STATUS_ENUM]
    for dotted in NO_FIELDS:
        assert zenml_pro["models"][dotted].get("properties", {}) == {}


@pytest.mark.parametrize("dotted", sorted(COUNTERPARTS), ids=short)
def test_our_model_accepts_every_field_zenml_declares(zenml_pro: dict[str, Any], dotted: str) -> None:
    ours = COUNTERPARTS[dotted]
    problems = compare_roots(
        zenml_pro["models"][dotted], ours.model_json_schema(mode="validation"), NAMES, ours.__name__
    )
    assert problems == [], "\n".join(problems)


def test_workspace_status_values_are_zenmls_in_its_order(zenml_pro: dict[str, Any]) -> None:
    zenml_values = zenml_pro["enums"][WORKSPACE_STATUS_ENUM]
    assert list(WORKSPACE_STATUSES) == zenml_values
    assert list(WORKSPACE_STATUS.values) == zenml_values
    assert set(zenml_values) - SETTLED_STATES == {"pending"}


class _DriftedOrganization(ZModel):
    """Organization as it would be after a careless edit: ``created`` gone, ``name`` a number."""

    id: str
    name: int | None = None
    description: str | None = None
    updated: str | None = None


def test_the_comparison_names_each_drift_from_zenml(zenml_pro: dict[str, Any]) -> None:
    problems = compare_roots(
        zenml_pro["models"][f"{PRO}.organization.models.OrganizationRead"],
        _DriftedOrganization.model_json_schema(mode="validation"),
        NAMES,
        "Organization",
    )
    assert problems == [
        "Organization.name: ZenML accepts string, we accept only ['integer', 'null']",
        "Organization.created: ZenML declares it, we do not",
    ]


def test_url_and_version_read_served_workspaces_as_zenml_does(
    judged_sandbox: JudgedSandbox, every_state: dict[str, str], tmp_path: Path
) -> None:
    bodies = [judged_sandbox.call("GET", f"/workspaces/{ws_id}").text for ws_id in every_state.values()]
    zenml = run_in_zenml("pro_workspace_properties.py", {"bodies": bodies}, config_dir=tmp_path / "cfg")
    ours = {}
    for body in bodies:
        ws = Workspace.model_validate_json(body)
        assert ws.organization is not None
        ours[ws.id] = {
            "url": ws.url,
            "version": ws.version,
            "organization_id": ws.organization.id,
            "organization_name": ws.organization.name,
            "status": ws.status,
        }
    assert ours == zenml
    assert [ours[every_state[state]]["url"] is not None for state in every_state] == [
        state == "available" for state in every_state
    ]
