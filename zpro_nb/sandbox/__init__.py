"""The sandbox: a local emulator of the ZenML Pro management API and of each workspace's API.

Two ways to run it:

* in-process: ``zpro_nb.sandbox()`` returns a ``Session`` signed in as the demo admin, talking to
  the app through ``httpx.ASGITransport`` (no port is opened);
* as a server: ``zpro-nb sandbox --port 0`` (see :mod:`zpro_nb.sandbox.server`).

Everything under this package imports nothing from the rest of ``zpro_nb``: the sandbox and the
client agree only through HTTP, as the client and the real service do. The one exception is the
call bridge below, which lets ``zpro_nb.sandbox(...)`` be called although ``zpro_nb.sandbox`` is
also the name of this package; it reaches the client side only when called.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from .contracts import SandboxConfig

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["SandboxConfig", "create_app"]


def create_app(config: SandboxConfig | None = None) -> FastAPI:
    """Build a fresh sandbox app (its own state, seeded from ``config.seed``)."""
    from .app import create_app as _create_app

    return _create_app(config or SandboxConfig())


class _CallableSandboxModule(types.ModuleType):
    def __call__(self, config: SandboxConfig | None = None, **options: Any) -> Any:
        """Open an in-process sandbox and return a ``Session`` signed in as its demo admin.

        ``options`` are ``SandboxConfig`` fields (``seed=``, ``scale=``, ``latency_ms=`` ...) or
        ``as_user="admin" | "manager" | "viewer"``.
        """
        from zpro_nb.session import open_sandbox_session  # the client side, reached only on call

        return open_sandbox_session(config, **options)


sys.modules[__name__].__class__ = _CallableSandboxModule
