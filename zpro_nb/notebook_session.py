"""``Session`` (sync) and ``AsyncSession``: the flat notebook-friendly connection to ZenML Pro.

``connect()`` walks the credential chain (arguments, ``ZENML_PRO_API_TOKEN``, ``ZENML_PRO_API_KEY``,
the ZenML CLI's stored Pro login, then a prompt) and returns a ``Session``. The async API is the
real one: the base session (:class:`zpro_nb.session.ProSession`: organizations, people, roles, the
hop into a workspace) with what each layer above adds, taken from the layer that owns it: the
analyses (:mod:`zpro_nb.views.session_methods`), the changes and the journal
(:mod:`zpro_nb.changes.session_methods`) and the paste field and panels
(:mod:`zpro_nb.widgets.session_methods`). ``Session`` is its generated twin (each layer's
``_sync*.py``, written by ``scripts/gen_sync.py``), which runs each method on zpro_nb's private loop
thread under the same name, signature and docstring.

This module sits above the widgets and below the runbooks and the CLI: the one place where the
layers are put together, so that none of them imports another upward.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING, Any, Unpack

from ._core.bounds import ReadBounds
from ._core.credentials import resolve_pro_credentials
from ._core.in_process import InProcessTransport
from ._core.loop import run_sync
from ._core.transport import ApiClient, Transport
from .changes._sync_session import ChangeTwins
from .changes.session_methods import ChangeMethods
from .changes.session_sync import ChangeSyncMethods
from .connect_options import DEFAULT_PRO_API_URL, ConnectOptions
from .errors import InvalidArgument
from .session import ProSession, pickle_refused
from .session._open import open_async, open_on_background_loop
from .session._sync import SessionTwins
from .views._sync_session import AnalysisTwins
from .views.session_methods import AnalysisMethods
from .widgets.session_methods import PanelsMixin, PasteFieldMethods

if TYPE_CHECKING:
    from types import TracebackType

    from .emulator import SandboxConfig
    from .views.reader import ProReader

__all__ = [
    "DEFAULT_PRO_API_URL",
    "AsyncSession",
    "Session",
    "connect",
    "connect_async",
    "open_sandbox_session",
]


class AsyncSession(ProSession, AnalysisMethods, ChangeMethods, PasteFieldMethods):
    """A signed-in connection to the ZenML Pro API (async). Create it with ``connect_async()``.

    ``pro`` is the ApiClient for the Pro API; ``transport`` is shared by every API the session
    reaches, so its concurrency cap and rate limit cover them all.
    """


if TYPE_CHECKING:

    def _reads_for_the_views(session: AsyncSession) -> ProReader:
        return session  # mypy proves the composed session is what the views read from


class Session(SessionTwins, AnalysisTwins, ChangeTwins, ChangeSyncMethods, PanelsMixin):
    """A signed-in connection to the ZenML Pro API. Create it with ``zpro_nb.connect()``.

    Every method runs the ``AsyncSession`` method of the same name (``aio``) on zpro_nb's private
    loop thread, so it works in scripts, in Jupyter and in widget callbacks alike.
    """

    aio: AsyncSession

    def __init__(self, aio: AsyncSession) -> None:
        self.aio = aio
        #: the Pro API root
        self.api_url: str = aio.api_url

    @property
    def transport(self) -> Transport:
        """The shared transport."""
        return self.aio.transport

    @property
    def pro(self) -> ApiClient:
        """The Pro API client (async: use it from ``aio`` code)."""
        return self.aio.pro

    @property
    def expires_at(self) -> datetime | None:
        """When the current Pro token expires."""
        return self.aio.expires_at

    @property
    def awaiting_token(self) -> bool:
        """True until a credential is in place."""
        return self.aio.awaiting_token

    @property
    def read_bounds(self) -> ReadBounds:
        """What one call may read: items per list, bytes and seconds per answer (``connect(bounds=...)``)."""
        return self.aio.read_bounds

    def login(self, token: str | None = None, api_key: str | None = None) -> None:
        """Swap credentials; with no argument, the same chain (and paste field) as ``connect()``."""
        # Resolved here, on the caller's thread: getpass and the notebook display belong there.
        credential = resolve_pro_credentials(token, api_key, api_url=self.api_url)
        if credential is None:
            self.aio.await_paste()
            return
        run_sync(self.aio.use_credential(credential))

    def close(self) -> None:
        """Close the connections and this session's panels (their countdowns and pollers stop)."""
        self.close_panels()
        run_sync(self.aio.aclose())

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return self.aio._repr_text().replace("AsyncSession(", "Session(", 1)

    def _repr_html_(self) -> str:
        return self.aio._repr_html_()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any] | None:
        return self.aio._repr_mimebundle_(include, exclude)

    __reduce__ = pickle_refused


def connect(
    token: str | None = None,
    *,
    api_key: str | None = None,
    url: str | None = None,
    **options: Unpack[ConnectOptions],
) -> Session:
    """Sign in to ZenML Pro and return a ``Session``.

    Credentials, first match wins: ``token=`` / ``api_key=``; ``ZENML_PRO_API_TOKEN``;
    ``ZENML_PRO_API_KEY``; the Pro sign-in ZenML's CLI stored for this URL (``zenml login --pro``,
    read only); a paste field (interactive notebook), ``getpass`` (terminal), or
    ``AuthenticationError`` (headless). The API root is ``url``, else ``ZENML_PRO_API_URL``, else
    ``https://cloudapi.zenml.io``. ``options`` are the :class:`ConnectOptions` (``transport=``
    replaces the network, e.g. ``httpx.ASGITransport``; ``max_concurrency=``, ``rate_limit=``,
    ``retry=``, ``clock=``, ``request_timeout=``, ``allow_insecure=``; ``bounds=``, a ``ReadBounds``,
    caps what one call may read from a misbehaving server).
    """
    return Session(open_on_background_loop(AsyncSession, token, api_key, url, options))


async def connect_async(
    token: str | None = None,
    *,
    api_key: str | None = None,
    url: str | None = None,
    **options: Unpack[ConnectOptions],
) -> AsyncSession:
    """The async twin of ``connect()``: same arguments, returns an ``AsyncSession`` on the running loop."""
    return await open_async(AsyncSession, token, api_key, url, options)


def open_sandbox_session(
    config: SandboxConfig | None = None, *, as_user: str = "admin", **options: Any
) -> Session:
    """A ``Session`` on a fresh in-process sandbox (no port opened), signed in as a demo user.

    ``options`` are ``SandboxConfig`` fields (``seed=``, ``scale=``, ``latency_ms=`` ...);
    ``as_user`` is ``"admin"``, ``"manager"`` or ``"viewer"``.
    """
    from .emulator import SandboxConfig, create_app  # lazy: the emulator (FastAPI) loads only for a sandbox

    cfg = dataclasses.replace(config or SandboxConfig(), **options)
    app = create_app(cfg)
    creds = app.state.demo_credentials
    tokens = creds["tokens"]
    if as_user not in tokens:
        raise InvalidArgument(f"as_user must be one of {sorted(tokens)}, got {as_user!r}")
    return connect(
        url="http://sandbox.localhost",
        token=tokens[as_user],
        transport=InProcessTransport(app=app),
    )
