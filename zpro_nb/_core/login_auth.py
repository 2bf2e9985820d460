"""Credentials that log in for their tokens: a Pro key exchanged for short-lived Pro tokens, and a
workspace login (an API key, a password, or the Pro credential through ``zenml-external``); each
refreshes before expiry and once after a 401."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from .clock import Clock, SystemClock
from .errors import AuthenticationError, InvalidArgument, ZProError
from .header_safety import refuse_unsendable
from .redaction import Secret

if TYPE_CHECKING:
    from .api_client import ApiClient


from .auth import bearer_headers

__all__ = ["ProKeyAuth", "WorkspaceLoginAuth"]

logger = logging.getLogger("zpro_nb")


def _token_from_login(body: Any, where: str) -> tuple[Secret, float | None]:
    if not isinstance(body, Mapping) or not isinstance(body.get("access_token"), str):
        raise AuthenticationError(f"{where} answered without an access token")
    expires_in = body.get("expires_in")
    lifetime = float(expires_in) if isinstance(expires_in, int | float) and expires_in > 0 else None
    return Secret(body["access_token"]), lifetime


def _refresh_margin(lifetime: float | None) -> float:
    # Refresh a little before the end: 5 % of the lifetime, at least 30 s, at most 5 min.
    if lifetime is None:
        return 0.0
    return min(300.0, max(30.0, lifetime / 20))


class _LoginAuth:
    """Shared logic of auths that log in for a token and log in again before expiry or after a 401."""

    description = "login"

    def __init__(self, *, clock: Clock | None = None) -> None:
        self._clock = clock or SystemClock()
        self._token: Secret | None = None
        self.expires_at: float | None = None
        self._margin = 0.0
        self._lock: asyncio.Lock | None = None
        self._generation = 0

    def _get_lock(self) -> asyncio.Lock:
        if self._lock is None:
            self._lock = asyncio.Lock()
        return self._lock

    def _fresh(self) -> bool:
        if self._token is None:
            return False
        if self.expires_at is None:
            return True
        return self._clock.time() < self.expires_at - self._margin

    async def _login(self) -> tuple[Secret, float | None]:
        raise NotImplementedError

    async def _relogin(self) -> None:
        issued_at = self._clock.time()
        token, lifetime = await self._login()
        self._token = token
        self.expires_at = issued_at + lifetime if lifetime is not None else None
        self._margin = _refresh_margin(lifetime)
        self._generation += 1

    async def headers(self) -> dict[str, str]:
        """The bearer header, logging in first when there is no token or it is about to expire."""
        if not self._fresh():
            async with self._get_lock():
                if not self._fresh():
                    await self._relogin()
        assert self._token is not None
        return bearer_headers(self._token)

    async def on_unauthorized(self) -> bool:
        """Log in again (once; concurrent 401s share one login)."""
        seen = self._generation
        async with self._get_lock():
            if self._generation == seen:
                await self._relogin()
        return True


async def _post_login(
    client: ApiClient, path: str, *, data: dict[str, str] | None, headers: dict[str, str] | None, what: str
) -> tuple[Secret, float | None]:
    failure: tuple[type[ZProError], str, int | None] | None = None
    try:
        body = (await client.request("POST", path, data=data, headers=headers, idempotent=True)).json()
    except ZProError as exc:
        cls = AuthenticationError if exc.status in {400, 401, 403} else type(exc)
        failure = (cls, f"{what} failed: {exc.message}", exc.status)
    except ValueError:
        failure = (AuthenticationError, f"{what} answered with something that is not JSON", None)
    # Raised outside the except block on purpose: the new error then has no __context__ and no
    # traceback frames below this one, whose locals held the form with the key in it.
    if failure is not None:
        del data, headers
        cls, message, status = failure
        raise cls(message, status=status, method="POST", url=client.base_url + path)
    return _token_from_login(body, what)


class ProKeyAuth(_LoginAuth):
    """A personal access token or ``ZENPROKEY_`` key, exchanged at ``POST /auth/login`` for a token.

    ``login`` is an ApiClient on the Pro API without auth. The token is refreshed shortly before
    it expires and once after a 401.
    """

    description = "API key"

    def __init__(self, key: Secret | str, login: ApiClient, *, clock: Clock | None = None) -> None:
        super().__init__(clock=clock)
        self.key = key if isinstance(key, Secret) else Secret(key)
        self._client = login

    async def _login(self) -> tuple[Secret, float | None]:
        # ZenML's own client sends the key both as the form password and as the bearer.
        return await _post_login(
            self._client,
            "/auth/login",
            data={"password": self.key.reveal()},
            headers=bearer_headers(self.key),
            what="Exchanging the ZenML Pro API key",
        )

    def __repr__(self) -> str:
        return f"ProKeyAuth({self.key!r})"


WorkspaceGrant = Literal["zenml-external", "zenml-api-key", "password"]


class WorkspaceLoginAuth(_LoginAuth):
    """Logs in to a workspace server at ``POST {workspace_url}/api/v1/login``.

    ``login`` is an ApiClient without auth whose base URL is the workspace's ``.../api/v1``.
    Grants: ``zenml-external`` (no body; the Pro token from ``pro_headers()`` as the bearer),
    ``zenml-api-key`` (``password=<ZENKEY_/ZENPROKEY_ key>``) or ``password`` (username and
    password). ``expires_in: null`` means the token never expires. A 401 logs in again once.
    """

    description = "workspace login"

    def __init__(
        self,
        login: ApiClient,
        grant: WorkspaceGrant,
        *,
        pro_headers: Callable[[], Awaitable[dict[str, str]]] | None = None,
        api_key: Secret | str | None = None,
        username: str | None = None,
        password: Secret | str | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(clock=clock)
        if grant == "zenml-external" and pro_headers is None:
            raise InvalidArgument("the zenml-external grant needs pro_headers (the Pro auth's headers)")
        if grant == "zenml-api-key" and not api_key:
            raise InvalidArgument("the zenml-api-key grant needs api_key")
        if grant == "password" and not username:
            raise InvalidArgument("the password grant needs username")
        self._client = login
        self.grant = grant
        self._pro_headers = pro_headers
        self._key = Secret(api_key) if isinstance(api_key, str) else api_key
        self._username = username
        self._password: Secret | None = (
            Secret(password) if isinstance(password, str) and password else password or None
        )

    @classmethod
    def external(
        cls,
        login: ApiClient,
        pro_headers: Callable[[], Awaitable[dict[str, str]]],
        *,
        clock: Clock | None = None,
    ) -> WorkspaceLoginAuth:
        """The ``zenml-external`` grant: the workspace trusts the caller's Pro token."""
        return cls(login, "zenml-external", pro_headers=pro_headers, clock=clock)

    @classmethod
    def with_api_key(
        cls, login: ApiClient, key: Secret | str, *, clock: Clock | None = None
    ) -> WorkspaceLoginAuth:
        """The ``zenml-api-key`` grant."""
        refuse_unsendable(key.reveal() if isinstance(key, Secret) else key, "API key")
        return cls(login, "zenml-api-key", api_key=key, clock=clock)

    @classmethod
    def with_password(
        cls, login: ApiClient, username: str, password: Secret | str | None, *, clock: Clock | None = None
    ) -> WorkspaceLoginAuth:
        """The ``password`` grant."""
        return cls(login, "password", username=username, password=password, clock=clock)

    async def _login(self) -> tuple[Secret, float | None]:
        what = f"Logging in to the workspace ({self.grant})"
        if self.grant == "zenml-external":
            assert self._pro_headers is not None
            return await _post_login(
                self._client, "/login", data=None, headers=await self._pro_headers(), what=what
            )
        if self.grant == "zenml-api-key":
            assert self._key is not None
            return await _post_login(
                self._client,
                "/login",
                data={"grant_type": "zenml-api-key", "password": self._key.reveal()},
                headers=None,
                what=what,
            )
        form = {"grant_type": "password", "username": self._username or ""}
        if self._password is not None:
            form["password"] = self._password.reveal()
        return await _post_login(self._client, "/login", data=form, headers=None, what=what)

    def __repr__(self) -> str:
        return f"WorkspaceLoginAuth(grant={self.grant!r})"
