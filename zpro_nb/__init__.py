"""zpro_nb: run ZenML Pro from Jupyter notebooks.

``zpro_nb.connect()`` returns a ``Session``; ``zpro_nb.sandbox()`` opens one on a local emulator.
Importing this package stays light: pandas, ipywidgets, IPython and the sandbox load only when used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._core.bounds import ReadBounds
from .errors import (
    AmbiguousName,
    AuthenticationError,
    Conflict,
    ConnectionFailed,
    InconsistentList,
    NameNotFound,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    TokenExpiryWarning,
    UnexpectedResponse,
    ValidationFailed,
    WorkspaceDeploymentFailed,
    WorkspaceUnavailable,
    ZProError,
)
from .notebook_errors import install_notebook_errors
from .notebook_session import AsyncSession, Session, connect, connect_async, open_sandbox_session
from .workspace import (
    AsyncWorkspaceSession,
    WorkspaceSession,
    connect_workspace,
    connect_workspace_async,
)

if TYPE_CHECKING:
    from .emulator import SandboxConfig

__version__ = "0.1.0.dev0"

__all__ = [
    "AccessReview",
    "AccessSnapshot",
    "AmbiguousName",
    "AsyncSession",
    "AsyncWorkspaceSession",
    "AuthenticationError",
    "Conflict",
    "ConnectionFailed",
    "InconsistentList",
    "NameNotFound",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
    "ReadBounds",
    "ServerError",
    "Session",
    "TokenExpiryWarning",
    "UnexpectedResponse",
    "ValidationFailed",
    "WorkspaceDeploymentFailed",
    "WorkspaceSession",
    "WorkspaceUnavailable",
    "ZProError",
    "__version__",
    "access_diff",
    "connect",
    "connect_async",
    "connect_workspace",
    "connect_workspace_async",
    "interactive_tables",
    "sandbox",
]

# Inside IPython, zpro_nb's errors show as one short block (``%tb`` has the full traceback).
install_notebook_errors()

# Names whose modules need pandas: loaded on first touch, so ``import zpro_nb`` stays light.
_LAZY_NAMES = {
    "AccessSnapshot": "zpro_nb.views.access_snapshot",
    "access_diff": "zpro_nb.views.access_snapshot",
    "AccessReview": "zpro_nb.views.access_review",
}


def sandbox(config: SandboxConfig | None = None, **options: Any) -> Session:
    """Open an in-process sandbox and return a ``Session`` signed in as its demo admin.

    ``options`` are ``SandboxConfig`` fields (``seed=``, ``scale=``, ``latency_ms=`` ...) or
    ``as_user="admin" | "manager" | "viewer"``. The emulator (FastAPI) is imported on first call,
    so ``import zpro_nb`` stays light.
    """
    return open_sandbox_session(config, **options)


def interactive_tables(on: bool = True) -> None:
    """Show long zpro_nb frames with sorting, search and paging in the notebook (optional ``itables``).

    Imported on first call, so ``import zpro_nb`` stays free of pandas.
    """
    from .frames.display import interactive_tables as switch  # lazy: frames load pandas

    switch(on)


def __getattr__(name: str) -> Any:
    if name in _LAZY_NAMES:
        return getattr(importlib.import_module(_LAZY_NAMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
