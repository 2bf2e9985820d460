"""What the views read from a Pro session, as a protocol: the views depend on these methods, not on
the session class that composes them (``ProReader`` satisfies it; it calls the views)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    import pandas as pd

    from .._core.transport import ApiClient, Transport
    from ..models.pro import Workspace
    from ..session.lookups import Lookups
    from ..workspace import AsyncWorkspaceSession

__all__ = ["ProReader", "reader_of"]


class ProReader(Protocol):
    """The lists and clients of a signed-in Pro session the views are computed from."""

    transport: Transport
    pro: ApiClient
    allow_insecure: bool

    async def pro_headers(self) -> dict[str, str]: ...

    async def _one_organization(self, organization: str | None) -> dict[str, Any]: ...

    async def _organizations_for(self, organization: str | None) -> list[dict[str, Any]]: ...

    async def _assignment_records(
        self,
        orgs: list[dict[str, Any]],
        one_organization: bool,
        *,
        workspace: str | None = None,
        user: str | None = None,
        level: str | None = None,
        progress: bool = True,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]: ...

    async def organizations(self) -> pd.DataFrame: ...

    async def workspaces(
        self, status: str | None = None, organization: str | None = None
    ) -> pd.DataFrame: ...

    async def users(self, email: str | None = None) -> pd.DataFrame: ...

    async def invitations(
        self, organization: str | None = None, pending_only: bool = False
    ) -> pd.DataFrame: ...

    async def role_assignments(
        self,
        organization: str | None = None,
        workspace: str | None = None,
        user: str | None = None,
        *,
        level: str | None = None,
        progress: bool = True,
    ) -> pd.DataFrame: ...

    async def api_keys(
        self,
        service_account: str | None = None,
        *,
        active: bool | None = None,
        organization: str | None = None,
        workspaces: Sequence[str] | None = None,
        progress: bool = True,
    ) -> pd.DataFrame: ...

    async def workspace(self, workspace: str, *, api_key: str | None = None) -> AsyncWorkspaceSession: ...

    def _session_on(self, found: Workspace, *, api_key: str | None = None) -> AsyncWorkspaceSession: ...


def reader_of(session: Lookups) -> ProReader:
    """``session`` as what the views read. The list methods come from the composed session; that it
    satisfies ``ProReader`` is checked by mypy where it is composed (``zpro_nb.notebook_session``)."""
    return cast("ProReader", session)
