"""``Session`` (sync) and ``AsyncSession``: one signed-in connection to ZenML Pro.

``connect()`` walks the credential chain (arguments, ``ZENML_PRO_API_TOKEN``, ``ZENML_PRO_API_KEY``,
then a prompt) and returns a ``Session``. The async API is the real one; ``Session`` runs each of
its methods on zpro_nb's private loop thread and has the same method names.

In an interactive notebook with no credentials, ``connect()`` returns at once, in an "awaiting
token" state that shows a masked paste field; calls made before a token arrives raise
``AuthenticationError`` saying to paste it above. The pasted value is read once and cleared from
the widget immediately, so it never reaches the notebook file or the saved widget state.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import logging
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NoReturn

import httpx

from ._core.clock import Clock
from ._core.credentials import (
    Auth,
    PendingAuth,
    ProCredential,
    ProKeyAuth,
    ProTokenAuth,
    classify,
    resolve_pro_credentials,
)
from ._core.limits import Limits
from ._core.loop import background_loop, run_sync
from ._core.redaction import redact_text
from ._core.retry import RetryPolicy
from ._core.transport import ApiClient, Transport

if TYPE_CHECKING:
    from types import TracebackType

    from zpro_nb.sandbox import SandboxConfig

__all__ = [
    "DEFAULT_PRO_API_URL",
    "AsyncSession",
    "Session",
    "connect",
    "connect_async",
    "open_sandbox_session",
]

logger = logging.getLogger("zpro_nb")

DEFAULT_PRO_API_URL = "https://cloudapi.zenml.io"
API_URL_ENV = "ZENML_PRO_API_URL"


def resolve_api_url(url: str | None = None) -> str:
    """The Pro API root: the argument, else ``ZENML_PRO_API_URL``, else ``https://cloudapi.zenml.io``.

    A self-hosted control plane's root ends in ``/api/v1``; it is used as given.
    """
    chosen = url or os.environ.get(API_URL_ENV, "").strip() or DEFAULT_PRO_API_URL
    return chosen.rstrip("/")


def _pickle_refused(self: object) -> NoReturn:
    raise TypeError(f"a {type(self).__name__} cannot be pickled: it holds live credentials")


class _PasteField:
    """A masked paste field (ipywidgets, imported only here and only in a notebook).

    The value is taken once and the widget cleared at once; nothing secret stays in widget state.
    """

    def __init__(self, on_value: Callable[[str], str]) -> None:
        import ipywidgets as widgets

        self._on_value = on_value
        self.status = widgets.HTML(
            "<b>zpro_nb</b>: not signed in. Paste a ZenML Pro API token (or a <code>ZENPROKEY_</code> "
            "API key) below and press Enter."
        )
        self.field = widgets.Password(
            placeholder="ZenML Pro API token or API key",
            continuous_update=False,  # one value on Enter, not one per keystroke
            layout=widgets.Layout(width="32em"),
        )
        self.field.observe(self._changed, names="value")
        self.box = widgets.VBox([self.status, self.field])

    def _changed(self, change: dict[str, Any]) -> None:
        value = change.get("new") or ""
        if not value:
            return
        self.field.value = ""  # before anything else, so the secret is never left in the widget
        try:
            self.status.value = html.escape(self._on_value(value))
        except Exception as exc:
            self.status.value = "<b>zpro_nb</b>: " + html.escape(redact_text(str(exc)))
        del value, change

    def show(self) -> None:
        display_module = sys.modules.get("IPython.display")
        if display_module is not None:
            display_module.display(self.box)

    def mimebundle(self) -> dict[str, Any] | None:
        bundle = getattr(self.box, "_repr_mimebundle_", None)
        return bundle() if callable(bundle) else None


class AsyncSession:
    """A signed-in connection to the ZenML Pro API (async). Create it with ``connect_async()``.

    ``pro`` is the ApiClient for the Pro API; ``transport`` is shared by every API the session
    reaches, so its concurrency cap and rate limit cover them all.
    """

    def __init__(self, transport: Transport, api_url: str, *, allow_insecure: bool = False) -> None:
        self.transport = transport
        self.api_url = api_url.rstrip("/")
        self.allow_insecure = allow_insecure
        self._login_client = transport.client(self.api_url, None, allow_insecure=allow_insecure)
        self.pro: ApiClient = transport.client(self.api_url, PendingAuth(), allow_insecure=allow_insecure)
        self.credential_source: str | None = None
        self._me: dict[str, Any] | None = None
        self._paste: _PasteField | None = None

    # --- credentials ---------------------------------------------------------------------------

    @property
    def auth(self) -> Auth:
        """The current Pro credential (``PendingAuth`` while awaiting a pasted token)."""
        auth = self.pro.auth
        assert auth is not None
        return auth

    @property
    def awaiting_token(self) -> bool:
        """True until a credential is in place."""
        return isinstance(self.pro.auth, PendingAuth)

    @property
    def expires_at(self) -> datetime | None:
        """When the current Pro token expires (``None``: unknown, never, or no token yet)."""
        expires = getattr(self.pro.auth, "expires_at", None)
        return datetime.fromtimestamp(expires, UTC) if isinstance(expires, int | float) else None

    def _make_auth(self, credential: ProCredential) -> Auth:
        if credential.kind == "key":
            return ProKeyAuth(credential.secret, self._login_client, clock=self.transport.clock)
        return ProTokenAuth(credential.secret, clock=self.transport.clock)

    async def pro_headers(self) -> dict[str, str]:
        """The Pro bearer header of the current credential (for a workspace's ``zenml-external`` login)."""
        return await self.auth.headers()

    async def login(self, token: str | None = None, api_key: str | None = None) -> None:
        """Swap credentials; the session goes on with the new ones.

        With no argument, the same chain as ``connect()``: environment, then the paste field in a
        notebook, ``getpass`` in a terminal, and ``AuthenticationError`` when headless.
        """
        await self.use_credential(resolve_pro_credentials(token, api_key))

    async def use_credential(self, credential: ProCredential | None) -> None:
        """Check ``credential`` with ``GET /users/me`` and, if it works, make it the session's.

        ``None`` shows the paste field (an interactive notebook with nothing configured).
        """
        if credential is None:
            self.await_paste()
            return
        auth = self._make_auth(credential)
        # Check on a side client first, so a wrong credential leaves the working one in place.
        probe = ApiClient(self.transport, self.api_url, auth)
        me = await probe.get("/users/me")
        self.pro.auth = auth
        self._me = me if isinstance(me, dict) else {"value": me}
        self.credential_source = credential.source
        if self._paste is not None:
            self._paste.status.value = html.escape(self._signed_in_text())

    def await_paste(self) -> None:
        """Enter the "awaiting token" state and show the paste field (in a notebook)."""
        self.pro.auth = PendingAuth()
        self._me = None
        if self._paste is None:
            try:
                self._paste = _PasteField(self._accept_pasted)
            except ImportError:
                logger.warning("ipywidgets is not installed: use s.login(token=...) instead of pasting")
                return
        self._paste.show()

    def _accept_pasted(self, value: str) -> str:
        credential = classify(value, "paste")
        self.pro.auth = self._make_auth(credential)
        self._me = None
        self.credential_source = credential.source
        self._refresh_identity_later()
        return "zpro_nb: credential received; you are signed in. Run your next cell."

    def _refresh_identity_later(self) -> None:
        # Called from a widget callback on the kernel's thread: never block it (the transport's
        # home loop may be that very thread's loop), just schedule the lookup there.
        home = self.transport._home
        if home is None or home.is_closed():
            return

        async def lookup() -> None:
            try:
                await self.whoami(refresh=True)
            except Exception as exc:
                if self._paste is not None:
                    self._paste.status.value = "<b>zpro_nb</b>: " + html.escape(redact_text(str(exc)))
                return
            if self._paste is not None:
                self._paste.status.value = html.escape(self._signed_in_text())

        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is home:
            home.create_task(lookup())
        else:
            asyncio.run_coroutine_threadsafe(lookup(), home)

    # --- identity ------------------------------------------------------------------------------

    async def whoami(self, refresh: bool = False) -> dict[str, Any]:
        """The signed-in user (``GET /users/me``), cached after the first call."""
        if self._me is None or refresh:
            me = await self.pro.get("/users/me")
            self._me = me if isinstance(me, dict) else {"value": me}
        return self._me

    def _who(self) -> str | None:
        if not self._me:
            return None
        username, email = self._me.get("username"), self._me.get("email")
        if isinstance(username, str) and isinstance(email, str) and email and username != email:
            return f"{username} <{email}>"
        for key in ("email", "username", "name", "id"):
            value = self._me.get(key)
            if isinstance(value, str) and value:
                return value
        return None

    def _expiry_text(self) -> str | None:
        expires = getattr(self.pro.auth, "expires_at", None)
        if not isinstance(expires, int | float):
            return None
        left = expires - self.transport.clock.time()
        if isinstance(self.pro.auth, ProKeyAuth):
            return f"token refreshes automatically (next in {max(0, round(left / 60))} min)"
        if left <= 0:
            return f"expired {max(1, round(-left / 60))} min ago"
        return f"expires in {max(0, round(left / 60))} min"

    def _signed_in_text(self) -> str:
        who = self._who()
        return f"zpro_nb: signed in{' as ' + who if who else ''} at {self.api_url}."

    def _describe(self) -> list[tuple[str, str]]:
        if self.awaiting_token:
            return [
                ("url", self.api_url),
                ("status", "awaiting token (paste it in the field above, or call login())"),
            ]
        who = self._who()
        rows = [("user", who)] if who else []
        rows.append(("url", self.api_url))
        rows.append(
            ("credential", f"{getattr(self.pro.auth, 'description', 'token')} ({self.credential_source})")
        )
        expiry = self._expiry_text()
        if expiry:
            rows.append(("token", expiry))
        if self.transport.closed:
            rows.append(("status", "closed"))
        return rows

    def _repr_text(self) -> str:
        rows = self._describe()
        return f"{type(self).__name__}(" + ", ".join(f"{k}={v!r}" for k, v in rows) + ")"

    def __repr__(self) -> str:
        return self._repr_text()

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
            f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
            for k, v in self._describe()
        )
        return f"<div><b>ZenML Pro session</b><table>{body}</table></div>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any] | None:
        # While awaiting a token, displaying the session shows the live paste field.
        if self.awaiting_token and self._paste is not None:
            return self._paste.mimebundle()
        return None

    __reduce__ = _pickle_refused

    # --- lifecycle -----------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connections. The session cannot be used afterwards."""
        await self.transport.aclose()

    async def close(self) -> None:
        """Same as ``aclose()`` (the name ``Session`` uses)."""
        await self.aclose()

    async def __aenter__(self) -> AsyncSession:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


class Session:
    """A signed-in connection to the ZenML Pro API. Create it with ``zpro_nb.connect()``.

    Every method runs the ``AsyncSession`` method of the same name (``aio``) on zpro_nb's private
    loop thread, so it works in scripts, in Jupyter and in widget callbacks alike.
    """

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

    def whoami(self, refresh: bool = False) -> dict[str, Any]:
        """The signed-in user (``GET /users/me``), cached after the first call."""
        return run_sync(self.aio.whoami(refresh))

    def login(self, token: str | None = None, api_key: str | None = None) -> None:
        """Swap credentials; with no argument, the same chain (and paste field) as ``connect()``."""
        # Resolved here, on the caller's thread: getpass and the notebook display belong there.
        credential = resolve_pro_credentials(token, api_key)
        if credential is None:
            self.aio.await_paste()
            return
        run_sync(self.aio.use_credential(credential))

    def close(self) -> None:
        """Close the connections."""
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

    __reduce__ = _pickle_refused


def _new_session(
    *,
    url: str | None,
    allow_insecure: bool,
    max_concurrency: int,
    rate_limit: float | None,
    transport: httpx.AsyncBaseTransport | None,
    retry: RetryPolicy | None,
    clock: Clock | None,
    timeout: float,
    loop: asyncio.AbstractEventLoop | None,
) -> AsyncSession:
    api_url = resolve_api_url(url)
    core = Transport(
        limits=Limits(max_concurrency, rate_limit, clock=clock),
        retry=retry,
        transport=transport,
        timeout=timeout,
        clock=clock,
        loop=loop,
    )
    return AsyncSession(core, api_url, allow_insecure=allow_insecure)


def connect(
    token: str | None = None,
    *,
    api_key: str | None = None,
    url: str | None = None,
    allow_insecure: bool = False,
    max_concurrency: int = 16,
    rate_limit: float | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    retry: RetryPolicy | None = None,
    clock: Clock | None = None,
    request_timeout: float = 30.0,
) -> Session:
    """Sign in to ZenML Pro and return a ``Session``.

    Credentials, first match wins: ``token=`` / ``api_key=``; ``ZENML_PRO_API_TOKEN``;
    ``ZENML_PRO_API_KEY``; a paste field (interactive notebook), ``getpass`` (terminal), or
    ``AuthenticationError`` (headless). The API root is ``url``, else ``ZENML_PRO_API_URL``, else
    ``https://cloudapi.zenml.io``. ``transport`` replaces the network (e.g. ``httpx.ASGITransport``).
    """
    credential = resolve_pro_credentials(token, api_key)
    aio = _new_session(
        url=url,
        allow_insecure=allow_insecure,
        max_concurrency=max_concurrency,
        rate_limit=rate_limit,
        transport=transport,
        retry=retry,
        clock=clock,
        timeout=request_timeout,
        loop=background_loop(),
    )
    session = Session(aio)
    if credential is None:
        aio.await_paste()
        return session
    try:
        run_sync(aio.use_credential(credential))
    except BaseException:
        run_sync(aio.aclose())
        raise
    return session


async def connect_async(
    token: str | None = None,
    *,
    api_key: str | None = None,
    url: str | None = None,
    allow_insecure: bool = False,
    max_concurrency: int = 16,
    rate_limit: float | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    retry: RetryPolicy | None = None,
    clock: Clock | None = None,
    request_timeout: float = 30.0,
) -> AsyncSession:
    """The async twin of ``connect()``: same arguments, returns an ``AsyncSession`` on the running loop."""
    credential = resolve_pro_credentials(token, api_key)
    aio = _new_session(
        url=url,
        allow_insecure=allow_insecure,
        max_concurrency=max_concurrency,
        rate_limit=rate_limit,
        transport=transport,
        retry=retry,
        clock=clock,
        timeout=request_timeout,
        loop=asyncio.get_running_loop(),
    )
    try:
        await aio.use_credential(credential)
    except BaseException:
        await aio.aclose()
        raise
    return aio


def open_sandbox_session(
    config: SandboxConfig | None = None, *, as_user: str = "admin", **options: Any
) -> Session:
    """A ``Session`` on a fresh in-process sandbox (no port opened), signed in as a demo user.

    ``options`` are ``SandboxConfig`` fields (``seed=``, ``scale=``, ``latency_ms=`` ...);
    ``as_user`` is ``"admin"``, ``"manager"`` or ``"viewer"``.
    """
    from zpro_nb.sandbox import SandboxConfig, create_app

    cfg = dataclasses.replace(config or SandboxConfig(), **options)
    app = create_app(cfg)
    creds = app.state.demo_credentials
    tokens = creds["tokens"]
    if as_user not in tokens:
        raise ValueError(f"as_user must be one of {sorted(tokens)}, got {as_user!r}")
    return connect(
        url="http://sandbox.localhost",
        token=tokens[as_user],
        transport=httpx.ASGITransport(app=app),
    )
