"""Where credentials come from, how keys become tokens, and when tokens run out.

The Pro chain, first match wins: ``token=`` / ``api_key=`` arguments, ``ZENML_PRO_API_TOKEN``
(a short-lived API token), ``ZENML_PRO_API_KEY`` (a personal access token or ``ZENPROKEY_``
service-account key), the Pro sign-in ZenML's own CLI stored (``zenml login --pro``, read only:
see :mod:`.zenml_login`), then a prompt: a paste field in a notebook, ``getpass`` in a terminal,
and in a headless run a clear ``AuthenticationError`` (never a hang).

An ``Auth`` gives the transport the headers for each request and may refresh once after a 401.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import getpass as getpass_module
import json
import logging
import os
import sys
import warnings
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from .clock import Clock, SystemClock
from .durations import format_duration
from .errors import AuthenticationError, InvalidArgument, TokenExpiryWarning, ZProError
from .header_safety import refuse_unsendable
from .notice import in_notebook_kernel, kernel_accepts_input
from .redaction import Secret

if TYPE_CHECKING:
    from .transport import ApiClient

__all__ = [
    "Auth",
    "PendingAuth",
    "ProCredential",
    "ProKeyAuth",
    "ProTokenAuth",
    "Secret",
    "StaticBearerAuth",
    "TokenExpiryWarning",
    "WorkspaceLoginAuth",
    "jwt_expiry",
    "resolve_pro_credentials",
]

logger = logging.getLogger("zpro_nb")

TOKEN_ENV = "ZENML_PRO_API_TOKEN"
KEY_ENV = "ZENML_PRO_API_KEY"
STORE_TOKEN_ENV = "ZENML_STORE_API_TOKEN"
KEY_PREFIX = "ZENPROKEY_"
#: from this long before expiry, calls warn (once)
EXPIRY_WARNING_S = 600.0

HEADLESS_MESSAGE = (
    "No ZenML Pro credentials, and nobody to ask for them (no terminal, no interactive notebook)"
)
#: what to set, said the same way in Python and at the command line
_SET_ENV = (
    f"set {TOKEN_ENV} (a short-lived API token) or {KEY_ENV} (a personal access token or "
    f"{KEY_PREFIX} service-account key)"
)
HEADLESS_FIX = f"{_SET_ENV}, or pass token=... or api_key=... to connect()"
HEADLESS_CLI_FIX = f"{_SET_ENV}, or run the command in a terminal to be asked"
PASTE_MESSAGE = "Not signed in yet"
PASTE_FIX = (
    "paste your ZenML Pro API token (or API key) in the field above, "
    f"or call s.login(token=...) / s.login(api_key=...), or set {TOKEN_ENV} / {KEY_ENV}"
)
PASTE_PANEL_FIX = "paste your ZenML Pro API token or API key in the field above and press Sign in"
EMPTY_ANSWER_MESSAGE = "Nothing was entered at the prompt, so there is no credential to sign in with"
EMPTY_ANSWER_CLI_FIX = f"run the command again and paste a token or key at the prompt, or {_SET_ENV}"


def headless_error() -> AuthenticationError:
    """No credential and nobody to ask: what to set, in Python and at the command line."""
    return AuthenticationError(HEADLESS_MESSAGE, fix=HEADLESS_FIX, cli_fix=HEADLESS_CLI_FIX)


@runtime_checkable
class Auth(Protocol):
    """What the transport asks of a credential."""

    async def headers(self) -> dict[str, str]:
        """Headers for the next request (may log in, refresh, or raise ``AuthenticationError``)."""
        ...

    async def on_unauthorized(self) -> bool:
        """Called once after a 401; True when fresh credentials were obtained and a resend may help."""
        ...


def _bearer(secret: Secret) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret.reveal()}"}


def _fmt_time(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M UTC")


def jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim of a JWT (seconds since the epoch), without verifying it; ``None`` if absent."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except (ValueError, binascii.Error):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    return float(exp) if isinstance(exp, int | float) and not isinstance(exp, bool) else None


# --- the Pro credential chain -------------------------------------------------------------------


@dataclass(frozen=True)
class ProCredential:
    """A Pro credential and where it came from. ``kind`` is ``token`` (used as is) or ``key``."""

    kind: Literal["token", "key"]
    secret: Secret
    source: str

    def __post_init__(self) -> None:
        refuse_unsendable(self.secret.reveal(), "API key" if self.kind == "key" else "token")


def classify(value: str, source: str) -> ProCredential:
    """A pasted or typed value: ``ZENPROKEY_...`` is a key to exchange, anything else a token."""
    value = value.strip()
    kind: Literal["token", "key"] = "key" if value.startswith(KEY_PREFIX) else "token"
    return ProCredential(kind, Secret(value), source)


def _stdin_is_tty() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def resolve_pro_credentials(
    token: str | None = None,
    api_key: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    interactive: bool = True,
    stdin_is_tty: Callable[[], bool] = _stdin_is_tty,
    ask: Callable[[str], str] = getpass_module.getpass,
    notebook: Callable[[], bool] = in_notebook_kernel,
    notebook_accepts_input: Callable[[], bool] = kernel_accepts_input,
    api_url: str | None = None,
) -> ProCredential | None:
    """Walk the credential chain; ``None`` means "show the paste field" (an interactive notebook).

    With ``api_url``, the ZenML CLI's stored Pro login for that URL comes after the environment
    variables and before any prompt (its config directory from ``environ``'s ``ZENML_CONFIG_PATH``).

    Raises ``AuthenticationError`` naming the two environment variables when nothing is given and
    nobody can be asked (headless notebook, CI, a script without a terminal).
    """
    if token and api_key:
        raise InvalidArgument("pass token= or api_key=, not both")
    if token:
        return classify(token, "argument")
    if api_key:
        return ProCredential("key", Secret(api_key), "argument")
    env = os.environ if environ is None else environ
    if env.get(TOKEN_ENV, "").strip():
        return classify(env[TOKEN_ENV], TOKEN_ENV)
    if env.get(KEY_ENV, "").strip():
        return ProCredential("key", Secret(env[KEY_ENV]), KEY_ENV)
    if api_url is not None:
        from .zenml_login import zenml_login_credential

        stored = zenml_login_credential(api_url, environ=env)
        if stored is not None:
            kind, secret, source = stored
            return ProCredential("key" if kind == "key" else "token", secret, source)
    if interactive and notebook():
        if notebook_accepts_input():
            return None
        raise headless_error()
    if interactive and stdin_is_tty():
        value = ask("ZenML Pro API token or API key (input hidden): ")
        if not value or not value.strip():
            # There was a terminal and a person at it: say what happened, not "no terminal".
            raise AuthenticationError(
                EMPTY_ANSWER_MESSAGE,
                fix=f"paste a token or key at the prompt next time, or {_SET_ENV}",
                cli_fix=EMPTY_ANSWER_CLI_FIX,
            )
        return classify(value, "prompt")
    raise headless_error()


# --- Auth implementations -----------------------------------------------------------------------


class PendingAuth:
    """No credential yet (the notebook paste field is waiting): every call says what to do."""

    expires_at: float | None = None
    description = "awaiting token"

    def __init__(self, message: str = PASTE_MESSAGE) -> None:
        self.message = message

    async def headers(self) -> dict[str, str]:
        """Always raises ``AuthenticationError`` with the instructions."""
        raise AuthenticationError(self.message, fix=PASTE_FIX, panel_fix=PASTE_PANEL_FIX)

    async def on_unauthorized(self) -> bool:
        """Nothing to refresh."""
        return False

    def __repr__(self) -> str:
        return "PendingAuth()"


class StaticBearerAuth:
    """A fixed bearer token (e.g. ``ZENML_STORE_API_TOKEN``); a 401 is final."""

    description = "static token"

    def __init__(self, token: Secret | str, *, expires_at: float | None = None) -> None:
        self.token = token if isinstance(token, Secret) else Secret(token)
        refuse_unsendable(self.token.reveal(), "token")
        self.expires_at = expires_at

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> StaticBearerAuth | None:
        """``ZENML_STORE_API_TOKEN`` as an auth, or ``None`` when it is not set."""
        value = (os.environ if environ is None else environ).get(STORE_TOKEN_ENV, "").strip()
        return cls(value) if value else None

    async def headers(self) -> dict[str, str]:
        """The bearer header."""
        return _bearer(self.token)

    async def on_unauthorized(self) -> bool:
        """A static token cannot be refreshed."""
        return False

    def __repr__(self) -> str:
        return f"StaticBearerAuth({self.token!r})"


class ProTokenAuth:
    """A Pro API token used as is: it warns (once) 10 minutes before expiry and refuses after it.

    Expiry is the JWT ``exp`` claim. A token that is not a JWT (or has no ``exp``) has no known
    expiry: none is made up, and the server's 401 says when it has run out.
    """

    description = "API token"

    def __init__(self, token: Secret | str, *, clock: Clock | None = None) -> None:
        self.token = token if isinstance(token, Secret) else Secret(token)
        self._clock = clock or SystemClock()
        self.expires_at: float | None = jwt_expiry(self.token.reveal())
        self._warned = False

    def check_expiry(self) -> None:
        """Raise after expiry; warn once when it is near."""
        if self.expires_at is None:
            return
        now = self._clock.time()
        left = self.expires_at - now
        if left <= 0:
            raise AuthenticationError(
                f"Your ZenML Pro API token expired at {_fmt_time(self.expires_at)} "
                f"({format_duration(max(60.0, -left))} ago)"
            )
        if left <= EXPIRY_WARNING_S and not self._warned:
            self._warned = True
            message = (
                f"Your ZenML Pro API token expires in {format_duration(max(60.0, left))} "
                f"({_fmt_time(self.expires_at)}); call s.login(token=...) with a new one, "
                "or use an API key, which refreshes by itself."
            )
            logger.warning(message)
            warnings.warn(message, TokenExpiryWarning, stacklevel=2)

    async def headers(self) -> dict[str, str]:
        """The bearer header, after the expiry check."""
        self.check_expiry()
        return _bearer(self.token)

    async def on_unauthorized(self) -> bool:
        """A pasted token cannot be refreshed."""
        return False

    def refused_advice(self) -> str:
        """Why the server may have refused the token (its clock may be ahead of ours).

        What to do is not part of it: ``AuthenticationError`` carries that, once for each place
        the error is shown (a notebook, the command line, a panel).
        """
        when = (
            f"it expires at {_fmt_time(self.expires_at)} by its own claim"
            if self.expires_at is not None
            else "it carries no expiry time"
        )
        return f"Your ZenML Pro API token was refused ({when}; the server may count it expired or revoked)"

    def __repr__(self) -> str:
        return f"ProTokenAuth({self.token!r})"


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
        return _bearer(self._token)

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
            headers=_bearer(self.key),
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
