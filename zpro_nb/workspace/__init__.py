"""``WorkspaceSession`` (sync) and ``AsyncWorkspaceSession``: one workspace's API as DataFrames.

Reach one from a Pro session with ``s.workspace("name-or-id")`` (it finds the workspace's URL and
signs in with the Pro credentials), or connect to any ZenML server with
``zpro_nb.connect_workspace(url, api_key=... | username=..., password=... | token=...)``; with no
arguments the ``ZENML_STORE_*`` variables are used, as the zenml client does.

Lists come back under the declared schemas of :mod:`zpro_nb.frames.workspace`; filters and sorting
go to the server (``field=op:value``, ``sort_by``). Names or ids are accepted everywhere. The async
class (``async_session``) is composed of ``lists``, ``objects`` and ``lineage`` on ``core``;
``WorkspaceSession`` is its generated twin (``_sync.py``, written by ``scripts/gen_sync.py``).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Unpack

from .._core.loop import background_loop, run_sync
from ..connect_options import ConnectOptions
from ._sync import WorkspaceSessionTwins
from .async_session import AsyncWorkspaceSession
from .connect import (
    STORE_API_KEY_ENV,
    STORE_PASSWORD_ENV,
    STORE_TOKEN_ENV,
    STORE_URL_ENV,
    STORE_USERNAME_ENV,
    standalone_transport,
    workspace_auth,
)
from .core import api_root, pickle_refused
from .lineage import MODEL_STAGES

if TYPE_CHECKING:
    from types import TracebackType

__all__ = [
    "MODEL_STAGES",
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


class WorkspaceSession(WorkspaceSessionTwins):
    """One workspace's API. Every method runs the :class:`AsyncWorkspaceSession` one (``aio``) on
    zpro_nb's loop thread, so it works in scripts, Jupyter and widget callbacks alike."""

    aio: AsyncWorkspaceSession

    def __init__(self, aio: AsyncWorkspaceSession) -> None:
        self.aio = aio

    @property
    def server_url(self) -> str:
        """The workspace server's URL."""
        return self.aio.server_url

    @property
    def name(self) -> str | None:
        """The workspace's name (when reached through Pro)."""
        return self.aio.name

    def close(self) -> None:
        """Close the connections (when this session owns them)."""
        run_sync(self.aio.aclose())

    def __enter__(self) -> WorkspaceSession:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return repr(self.aio).replace("AsyncWorkspaceSession(", "WorkspaceSession(", 1)

    def _repr_html_(self) -> str:
        return self.aio._repr_html_()

    __reduce__ = pickle_refused


def _standalone(
    url: str | None,
    credentials: dict[str, str | None],
    options: ConnectOptions,
    loop: asyncio.AbstractEventLoop,
) -> AsyncWorkspaceSession:
    core, server_url, auth = standalone_transport(url, credentials, options, loop)
    allow_insecure = options.get("allow_insecure", False)
    return AsyncWorkspaceSession(core, server_url, auth, allow_insecure=allow_insecure, owns_transport=True)


def connect_workspace(
    url: str | None = None,
    *,
    api_key: str | None = None,
    username: str | None = None,
    password: str | None = None,
    token: str | None = None,
    **options: Unpack[ConnectOptions],
) -> WorkspaceSession:
    """Connect to one ZenML server (a Pro workspace or an OSS server) and check the credentials.

    ``url`` defaults to ``ZENML_STORE_URL``; credentials to ``ZENML_STORE_API_KEY``,
    ``ZENML_STORE_API_TOKEN`` or ``ZENML_STORE_USERNAME``/``ZENML_STORE_PASSWORD``. ``options``
    are the :class:`~zpro_nb.connect_options.ConnectOptions`, as for ``connect()``.
    """
    credentials = {"api_key": api_key, "username": username, "password": password, "token": token}
    aio = _standalone(url, credentials, options, background_loop())
    try:
        run_sync(aio.whoami())
    except BaseException:
        run_sync(aio.aclose())
        raise
    return WorkspaceSession(aio)


async def connect_workspace_async(
    url: str | None = None,
    *,
    api_key: str | None = None,
    username: str | None = None,
    password: str | None = None,
    token: str | None = None,
    **options: Unpack[ConnectOptions],
) -> AsyncWorkspaceSession:
    """The async twin of :func:`connect_workspace` (on the running loop)."""
    credentials = {"api_key": api_key, "username": username, "password": password, "token": token}
    aio = _standalone(url, credentials, options, asyncio.get_running_loop())
    try:
        await aio.whoami()
    except BaseException:
        await aio.aclose()
        raise
    return aio
