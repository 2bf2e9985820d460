"""The part of ``Session`` the panels use: every button ends in one of these public methods."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pandas as pd

    from ..models.pro import User


class PanelSession(Protocol):
    """Public ``Session`` methods called by the panels (sync twins; the core runs them on its loop thread)."""

    api_url: str

    @property
    def expires_at(self) -> datetime | None: ...

    def login(self, token: str | None = None, api_key: str | None = None) -> None: ...

    def whoami(self) -> User: ...

    def organizations(self) -> pd.DataFrame: ...

    def workspaces(self, *args: Any, **kwargs: Any) -> pd.DataFrame: ...

    def users(self, *args: Any, **kwargs: Any) -> pd.DataFrame: ...

    def teams(self, *args: Any, **kwargs: Any) -> pd.DataFrame: ...

    def roles(self, *args: Any, **kwargs: Any) -> pd.DataFrame: ...

    def validate_workspace_name(self, name: str, organization: str | None = None) -> str: ...

    def create_workspace(self, name: str, *args: Any, **kwargs: Any) -> Any: ...

    def get_workspace(self, workspace: str) -> Any: ...

    def plan_role_assignments(self, frame: Any) -> Any: ...
