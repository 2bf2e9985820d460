"""Organizations and workspaces: lists, single objects, and creating, changing and removing
workspaces (a deployment is waited on with a progress line)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..api.pro import organizations as orgs_api
from ..api.pro import workspaces as ws_api
from ..api.pro.workspace_names import workspace_name_problem
from ..errors import InvalidArgument
from ..models.pro import Organization, Workspace
from ..progress import Activity
from .lookups import Lookups, frame_schema

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["OrganizationMethods"]


class OrganizationMethods(Lookups):
    """``organizations()``, ``workspaces()`` and the workspace lifecycle."""

    async def organizations(self) -> pd.DataFrame:
        """The organizations you belong to."""
        return frame_schema("organizations").build(await self._organization_records())

    async def workspaces(self, status: str | None = None, organization: str | None = None) -> pd.DataFrame:
        """Workspaces, optionally of one status and one organization (both filtered by the server)."""
        org_id = (await self._one_organization(organization))["id"] if organization else None
        records = await ws_api.list_workspaces(self.pro, status=status, organization_id=org_id)
        return frame_schema("workspaces").build(records)

    async def get_organization(self, organization: str | None = None) -> Organization:
        """One organization (name or id; ``None`` when you belong to exactly one)."""
        return Organization.model_validate(await self._one_organization(organization))

    async def get_workspace(self, workspace: str, organization: str | None = None) -> Workspace:
        """One workspace by name or id."""
        return Workspace.model_validate(await self._workspace_record(workspace, organization))

    async def validate_workspace_name(self, name: str, organization: str | None = None) -> str:
        """Check ``name`` against the rules here, then ask the server whether it is free; returns it.

        Raises ``ValidationFailed`` for a name the rules refuse, ``Conflict`` when it is taken.
        """
        problem = workspace_name_problem(name)
        if problem:
            raise InvalidArgument(f"invalid workspace name {name!r}: {problem}")
        org = await self._one_organization(organization)
        await orgs_api.validate_workspace_name(self.pro, org["id"], name)
        return name

    async def create_workspace(
        self,
        name: str,
        organization: str | None = None,
        display_name: str | None = None,
        description: str | None = None,
        wait: bool = True,
        *,
        max_wait: float = 600.0,
        poll_interval: float = 5.0,
        progress: bool = True,
    ) -> Workspace:
        """Create a workspace; with ``wait`` (default) poll until it is available, showing progress.

        A deployment that fails raises ``WorkspaceDeploymentFailed`` with the server's reason.
        """
        problem = workspace_name_problem(name)
        if problem:
            raise InvalidArgument(f"invalid workspace name {name!r}: {problem}")
        org = await self._one_organization(organization)
        created = await ws_api.create_workspace(
            self.pro, name=name, organization_id=org["id"], display_name=display_name, description=description
        )
        if not wait:
            return created
        return await self._wait_until_settled(
            created, max_wait=max_wait, poll_interval=poll_interval, progress=progress
        )

    async def _wait_until_settled(
        self, workspace: Workspace, *, max_wait: float, poll_interval: float, progress: bool
    ) -> Workspace:
        clock = self.transport.clock
        deadline = clock.monotonic() + max_wait
        current = workspace
        # No count and no bar: a deployment has no known length. The line shows the workspace's
        # state and the time waited, so it never looks frozen.
        async with Activity(f"Deploying {workspace.name}", show=progress) as bar:
            bar.note(status=current.status)
            while current.status not in ws_api.SETTLED_STATES:
                if clock.monotonic() >= deadline:
                    raise ws_api.WorkspaceDeploymentFailed(
                        f"workspace {current.name!r} is still {current.status} after {max_wait:.0f} s; "
                        f"check later with s.get_workspace({current.id!r})"
                    )
                await clock.sleep(poll_interval)
                current = await ws_api.get_workspace(self.pro, current.id)
                bar.note(status=current.status)
        if current.status == "failed":
            reason = current.state_reason or "no reason given"
            raise ws_api.WorkspaceDeploymentFailed(f"workspace {current.name!r} failed to deploy: {reason}")
        return current

    async def update_workspace(
        self,
        workspace: str,
        *,
        display_name: str | None = None,
        description: str | None = None,
        logo_url: str | None = None,
    ) -> Workspace:
        """Change a workspace's display name, description or logo."""
        found = await self._workspace_record(workspace)
        changes = {
            k: v
            for k, v in {
                "display_name": display_name,
                "description": description,
                "logo_url": logo_url,
            }.items()
            if v is not None
        }
        if not changes:
            raise InvalidArgument("nothing to change: pass display_name=, description= or logo_url=")
        return await ws_api.update_workspace(self.pro, found["id"], changes)

    async def deactivate_workspace(self, workspace: str) -> Workspace:
        """Deactivate a workspace (its server stops; it can be redeployed)."""
        return await ws_api.deactivate_workspace(self.pro, (await self._workspace_record(workspace))["id"])

    async def redeploy_workspace(
        self,
        workspace: str,
        wait: bool = False,
        *,
        max_wait: float = 600.0,
        poll_interval: float = 5.0,
        progress: bool = True,
    ) -> Workspace:
        """Deploy a workspace again (e.g. after deactivation); ``wait`` polls until it settles."""
        deployed = await ws_api.deploy_workspace(self.pro, (await self._workspace_record(workspace))["id"])
        if not wait:
            return deployed
        return await self._wait_until_settled(
            deployed, max_wait=max_wait, poll_interval=poll_interval, progress=progress
        )

    async def delete_workspace(self, workspace: str) -> None:
        """Delete a workspace."""
        await ws_api.delete_workspace(self.pro, (await self._workspace_record(workspace))["id"])
