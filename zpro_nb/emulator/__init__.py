"""The emulator behind ``zpro_nb.sandbox()``: a local ZenML Pro management API and each workspace's API.

Two ways to run it:

* in-process: ``zpro_nb.sandbox()`` returns a ``Session`` signed in as the demo admin, talking to
  the app through ``httpx.ASGITransport`` (no port is opened);
* as a server: ``zpro-nb sandbox --port 0`` or ``python -m zpro_nb.emulator --port 0`` (see
  :mod:`zpro_nb.emulator.server`).

``pro/`` emulates the Pro management API, ``workspace/`` each workspace's API; the modules at this
level are what both share (the app, the server, faults, tokens, the clock, the contracts between the
halves). Everything under this package imports nothing from the rest of ``zpro_nb``: the emulator and
the client agree only through HTTP, as the client and the real service do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .app import create_app as _create_app
from .contracts import SandboxConfig

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["SandboxConfig", "create_app"]


def create_app(config: SandboxConfig | None = None) -> FastAPI:
    """Build a fresh sandbox app (its own state, seeded from ``config.seed``)."""
    return _create_app(config or SandboxConfig())
