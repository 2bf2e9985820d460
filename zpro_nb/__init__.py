"""zpro_nb: run ZenML Pro from Jupyter notebooks.

``zpro_nb.connect()`` returns a ``Session``; ``zpro_nb.sandbox()`` opens one on a local emulator.
Importing this package stays light: pandas, ipywidgets, IPython and the sandbox load only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .api.lookup import AmbiguousName, NameNotFound
from .api.pro.workspaces import WorkspaceDeploymentFailed, WorkspaceUnavailable
from .errors import (
    AuthenticationError,
    Conflict,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    TokenExpiryWarning,
    TransportError,
    ValidationFailed,
    ZProError,
)
from .session import AsyncSession, Session, connect, connect_async
from .workspace_session import (
    AsyncWorkspaceSession,
    WorkspaceSession,
    connect_workspace,
    connect_workspace_async,
)

if TYPE_CHECKING:
    from .emulator import SandboxConfig

__version__ = "0.1.0.dev0"

__all__ = [
    "AmbiguousName",
    "AsyncSession",
    "AsyncWorkspaceSession",
    "AuthenticationError",
    "Conflict",
    "NameNotFound",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
    "ServerError",
    "Session",
    "TokenExpiryWarning",
    "TransportError",
    "ValidationFailed",
    "WorkspaceDeploymentFailed",
    "WorkspaceSession",
    "WorkspaceUnavailable",
    "ZProError",
    "__version__",
    "connect",
    "connect_async",
    "connect_workspace",
    "connect_workspace_async",
    "interactive_tables",
    "sandbox",
]


def sandbox(config: SandboxConfig | None = None, **options: Any) -> Session:
    """Open an in-process sandbox and return a ``Session`` signed in as its demo admin.

    ``options`` are ``SandboxConfig`` fields (``seed=``, ``scale=``, ``latency_ms=`` ...) or
    ``as_user="admin" | "manager" | "viewer"``. The emulator (FastAPI) is imported on first call,
    so ``import zpro_nb`` stays light.
    """
    from .session import open_sandbox_session

    return open_sandbox_session(config, **options)


def interactive_tables(on: bool = True) -> None:
    """Show long zpro_nb frames with sorting, search and paging in the notebook (optional ``itables``).

    Imported on first call, so ``import zpro_nb`` stays free of pandas.
    """
    from .frames.display import interactive_tables as switch

    switch(on)
