"""``AsyncWorkspaceSession``: one workspace's API (async), composed of ``lists`` and ``lineage`` on
``core``.

Defined here, not in the package ``__init__``, so the generated sync twins (``_sync.py``) name it
from below the package that imports them, and the imports point one way.
"""

from __future__ import annotations

from .lineage import LineageMethods
from .lists import WorkspaceLists

__all__ = ["AsyncWorkspaceSession"]


class AsyncWorkspaceSession(WorkspaceLists, LineageMethods):
    """One workspace's API (async). Same method names as :class:`WorkspaceSession`."""
