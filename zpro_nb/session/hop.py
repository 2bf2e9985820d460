"""The hop into a workspace: from a Pro session to one workspace's API, signed in with the Pro
credentials (ZenML's ``zenml-external`` login) or a key of its own."""

from __future__ import annotations

from .._core.credentials import Auth, WorkspaceLoginAuth
from ..api.pro import workspaces as ws_api
from ..models.pro import Workspace
from ..workspace import AsyncWorkspaceSession, api_root
from .lookups import Lookups

__all__ = ["HopMethods"]


class HopMethods(Lookups):
    """``workspace()``."""

    async def workspace(self, workspace: str, *, api_key: str | None = None) -> AsyncWorkspaceSession:
        """A session on one workspace's API (name or id), signed in with your Pro credentials.

        ``api_key`` (a ``ZENKEY_`` workspace key or ``ZENPROKEY_`` key) signs in with it instead.
        """
        found = Workspace.model_validate(await self._workspace_record(workspace))
        return self._session_on(found, api_key=api_key)

    def _session_on(self, found: Workspace, *, api_key: str | None = None) -> AsyncWorkspaceSession:
        """The session on ``found``, a workspace record already read (no request is made here)."""
        if found.status != "available" or not found.url:
            raise ws_api.WorkspaceUnavailable(
                f"workspace {found.name!r} is {found.status or 'in an unknown state'}"
                + (f" ({found.state_reason})" if found.state_reason else "")
                + ": its API can only be reached while it is available"
            )
        root = api_root(found.url)
        login = self.transport.client(root, None, allow_insecure=self.allow_insecure)
        auth: Auth = (
            WorkspaceLoginAuth.with_api_key(login, api_key, clock=self.transport.clock)
            if api_key
            else WorkspaceLoginAuth.external(login, self.pro_headers, clock=self.transport.clock)
        )
        return AsyncWorkspaceSession(
            self.transport,
            found.url,
            auth,
            name=found.name,
            workspace_id=found.id,
            allow_insecure=self.allow_insecure,
        )
