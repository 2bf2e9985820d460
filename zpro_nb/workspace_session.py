"""The workspace session's old home, kept so ``from zpro_nb.workspace_session import ...`` works:
everything lives in :mod:`zpro_nb.workspace`."""

from __future__ import annotations

from .workspace import (
    STORE_API_KEY_ENV,
    STORE_PASSWORD_ENV,
    STORE_TOKEN_ENV,
    STORE_URL_ENV,
    STORE_USERNAME_ENV,
    AsyncWorkspaceSession,
    WorkspaceSession,
    api_root,
    connect_workspace,
    connect_workspace_async,
    workspace_auth,
)

__all__ = [
    "STORE_API_KEY_ENV",
    "STORE_PASSWORD_ENV",
    "STORE_TOKEN_ENV",
    "STORE_URL_ENV",
    "STORE_USERNAME_ENV",
    "AsyncWorkspaceSession",
    "WorkspaceSession",
    "api_root",
    "connect_workspace",
    "connect_workspace_async",
    "workspace_auth",
]
