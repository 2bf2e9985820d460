"""Pro workspaces, formerly tenants."""

from __future__ import annotations

from typing import ClassVar

from ..base import UtcDatetime, ZModel
from .organizations import Organization
from .users import User

#: ZenML's ``WorkspaceStatus`` values, in its order: a workspace's ``status``, and its
#: ``desired_state`` (which is never ``pending`` or ``failed``).
WORKSPACE_STATUSES: tuple[str, ...] = (
    "not_initialized",
    "pending",
    "available",
    "failed",
    "deactivated",
    "deleted",
)


class ServiceConfiguration(ZModel):
    """``zenml_service.configuration``: what the workspace server should run."""

    version: str | None = None
    analytics_enabled: bool | None = None


class ServiceStatus(ZModel):
    """``zenml_service.status``: what the workspace server runs.

    ZenML's ``ZenMLServiceStatus``: set only while the server is deployed and active, and then
    ``server_url`` is always there; a workspace that is not running has no status at all.
    """

    server_url: str | None = None
    version: str | None = None
    storage_size: int | None = None


class ZenMLService(ZModel):
    """The workspace's ZenML server (``zenml_service``); ``status`` is ``None`` unless it runs."""

    configuration: ServiceConfiguration | None = None
    status: ServiceStatus | None = None


class Workspace(ZModel):
    """A ZenML Pro workspace; ``status`` is one of :data:`WORKSPACE_STATUSES`; ``url`` is the
    workspace server's URL when it runs."""

    id: str
    name: str | None = None
    display_name: str | None = None
    description: str | None = None
    logo_url: str | None = None
    organization: Organization | None = None
    owner: User | None = None
    is_managed: bool | None = None
    desired_state: str | None = None
    state_reason: str | None = None
    status: str | None = None
    zenml_service: ZenMLService | None = None
    created: UtcDatetime = None
    updated: UtcDatetime = None
    status_updated: UtcDatetime = None

    _display_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "display_name",
        "id",
        "organization",
        "status",
        "desired_state",
        "state_reason",
        "url",
        "version",
        "owner",
        "created",
    )

    @property
    def url(self) -> str | None:
        """The workspace server URL (``zenml_service.status.server_url``); ``None`` when not running."""
        service = self.zenml_service
        return service.status.server_url if service and service.status else None

    @property
    def version(self) -> str | None:
        """The ZenML version the workspace server runs (or is configured to run)."""
        service = self.zenml_service
        if service and service.status and service.status.version:
            return service.status.version
        return service.configuration.version if service and service.configuration else None
