"""zpro_nb: run ZenML Pro from Jupyter notebooks.

``zpro_nb.connect()`` returns a ``Session``; ``zpro_nb.sandbox()`` opens one on a local emulator.
Importing this package stays light: pandas, ipywidgets, IPython and the sandbox load only when used.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._core.bounds import ReadBounds
from .api.lookup import AmbiguousName, NameNotFound
from .api.pro.workspaces import WorkspaceDeploymentFailed, WorkspaceUnavailable
from .errors import (
    AuthenticationError,
    Conflict,
    InconsistentList,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    TokenExpiryWarning,
    TransportError,
    UnexpectedResponse,
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

__version__ = "0.1.0.dev0"

__all__ = [
    "AmbiguousName",
    "AsyncSession",
    "AsyncWorkspaceSession",
    "AuthenticationError",
    "Conflict",
    "InconsistentList",
    "NameNotFound",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
    "ReadBounds",
    "ServerError",
    "Session",
    "TokenExpiryWarning",
    "TransportError",
    "UnexpectedResponse",
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
]

# Subpackages loaded on first touch (``zpro_nb.sandbox(...)`` works without importing FastAPI up front).
_LAZY_SUBMODULES = frozenset({"sandbox"})


def __getattr__(name: str) -> Any:
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
