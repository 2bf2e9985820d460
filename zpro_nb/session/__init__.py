"""The base Pro session: one signed-in connection to ZenML Pro and what it reads and changes itself.

One small module per area (``organizations``, ``people``, ``roles``, ``hop`` into a workspace) on
``core`` (transport, credentials, identity) and ``lookups`` (names to records), composed here into
:class:`ProSession`; ``_open`` opens a session of any class built on the core, and ``_sync.py``
holds the GENERATED sync twins of these areas (``scripts/gen_sync.py``).

This package imports nothing from the layers above it (views, changes, widgets). The flat
notebook-friendly ``Session``/``AsyncSession`` that adds the views, the changes and the panels is
composed above them, in :mod:`zpro_nb.notebook_session` (``zpro_nb.Session``, ``zpro_nb.connect``).
What the base needs from above it takes as hooks: ``SessionCore._new_paste_prompt`` (the paste field)
and ``SessionCore._changed`` (the journal).
"""

from __future__ import annotations

from .._core.loop import run_sync
from ..connect_options import DEFAULT_PRO_API_URL, ConnectOptions, resolve_api_url
from .core import SessionCore, pickle_refused
from .hop import HopMethods
from .organizations import OrganizationMethods
from .paste_prompt import PastePrompt
from .people import PeopleMethods
from .roles import RoleMethods

__all__ = [
    "DEFAULT_PRO_API_URL",
    "ConnectOptions",
    "PastePrompt",
    "ProSession",
    "SessionCore",
    "pickle_refused",
    "resolve_api_url",
    "run_sync",
]

#: names that moved up to :mod:`zpro_nb.notebook_session`; asking this package for one says where it
#: lives now. Only the text is here: importing upward would break the layers.
_MOVED = frozenset({"AsyncSession", "Session", "connect", "connect_async", "open_sandbox_session"})


def __getattr__(name: str) -> object:
    """Say where a name that moved up to :mod:`zpro_nb.notebook_session` lives now (PEP 562).

    Raises ImportError, not AttributeError: ``from zpro_nb.session import Session`` turns an
    AttributeError into its own bare "cannot import name" and the pointer would be lost.
    """
    if name in _MOVED:
        raise ImportError(
            f"zpro_nb.session.{name} moved: use zpro_nb.{name} "
            f"(zpro_nb.Session / zpro_nb.connect), or zpro_nb.notebook_session.{name}",
            name=__name__,
        )
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ProSession(OrganizationMethods, PeopleMethods, RoleMethods, HopMethods):
    """The base Pro session (async): organizations, workspaces, people, roles and the hop into a
    workspace. ``zpro_nb.AsyncSession`` builds on it with the views, the changes and the panels."""
