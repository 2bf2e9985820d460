"""The session's footing: transport, Pro client, credentials, identity and how a session shows itself.

In an interactive notebook with no credentials, a session starts in an "awaiting token" state that
shows a masked paste field; calls made before a token arrives raise ``AuthenticationError`` saying
to paste it above. The pasted value is read once and cleared from the widget immediately, so it
never reaches the notebook file or the saved widget state.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NoReturn, Self

from .._core.bounds import ReadBounds
from .._core.credentials import (
    Auth,
    PendingAuth,
    ProCredential,
    ProKeyAuth,
    ProTokenAuth,
    classify,
    resolve_pro_credentials,
)
from .._core.durations import format_duration
from .._core.redaction import redact_text
from .._core.transport import ApiClient, Transport
from ..models.pro import User
from .paste_prompt import PastePrompt

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["PastePrompt", "SessionCore", "pickle_refused"]

logger = logging.getLogger("zpro_nb")


def pickle_refused(self: object) -> NoReturn:
    """``__reduce__`` of every session: a session holds live credentials."""
    raise TypeError(f"a {type(self).__name__} cannot be pickled: it holds live credentials")


class SessionCore:
    """What every area of ``AsyncSession`` stands on: the transport, the Pro client, the credential
    and who is signed in. ``pro`` is the ApiClient for the Pro API; ``transport`` is shared by every
    API the session reaches, so its concurrency cap and rate limit cover them all.
    """

    def __init__(self, transport: Transport, api_url: str, *, allow_insecure: bool = False) -> None:
        self.transport = transport
        self.api_url = api_url.rstrip("/")
        self.allow_insecure = allow_insecure
        self._login_client = transport.client(self.api_url, None, allow_insecure=allow_insecure)
        self.pro: ApiClient = transport.client(self.api_url, PendingAuth(), allow_insecure=allow_insecure)
        self.credential_source: str | None = None
        self._me: dict[str, Any] | None = None
        self._paste: PastePrompt | None = None

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
    def read_bounds(self) -> ReadBounds:
        """What one call may read: items per list, bytes and seconds per answer (``connect(bounds=...)``)."""
        return self.transport.bounds

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
        await self.use_credential(resolve_pro_credentials(token, api_key, api_url=self.api_url))

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
            self._paste.signed_in(self._signed_in_text())

    def await_paste(self) -> None:
        """Enter the "awaiting token" state and show the paste field (in a notebook)."""
        self.pro.auth = PendingAuth()
        self._me = None
        if self._paste is not None:
            self._paste.retire()
        try:
            self._paste = self._new_paste_prompt(self._accept_pasted)
        except ImportError:
            self._paste = None
        if self._paste is None:
            logger.warning("ipywidgets is not installed: use s.login(token=...) instead of pasting")
            return
        self._paste.show()

    def _new_paste_prompt(self, on_value: Callable[[str], str]) -> PastePrompt | None:
        """The field a token is pasted into. The base session has none; the notebook session
        supplies the ipywidgets one (``widgets.paste_field``), so nothing here imports upward."""
        return None

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
                    self._paste.failed(redact_text(str(exc)))
                return
            if self._paste is not None:
                self._paste.signed_in(self._signed_in_text())

        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is home:
            home.create_task(lookup())
        else:
            asyncio.run_coroutine_threadsafe(lookup(), home)

    # --- identity ------------------------------------------------------------------------------

    async def whoami(self, refresh: bool = False) -> User:
        """The signed-in user (``GET /users/me``) as a ``User`` model, cached after the first call.

        Like :meth:`AsyncWorkspaceSession.whoami`, a model: ``me.username``, ``me.email``.
        """
        if self._me is None or refresh:
            me = await self.pro.get("/users/me")
            self._me = me if isinstance(me, dict) else {"value": me}
        return User.model_validate(self._me)

    # --- changes ---------------------------------------------------------------------------

    async def _changed(self, change: str, **fields: str) -> None:
        """Called after a single call (``assign_role`` & co) has changed something, with its kind and
        the ids and names as keywords. The base session keeps no record; the changes layer overrides
        this to journal the change (``changes.session_methods.JournalMethods``)."""
        return None

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
            return f"token refreshes automatically (next in {format_duration(max(60.0, left))})"
        if left <= 0:
            return f"expired {format_duration(max(60.0, -left))} ago"
        return f"expires in {format_duration(max(60.0, left))}"

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

    __reduce__ = pickle_refused

    # --- lifecycle -----------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connections. The session cannot be used afterwards."""
        await self.transport.aclose()

    async def close(self) -> None:
        """Same as ``aclose()`` (the name ``Session`` uses)."""
        await self.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
