"""How a credential becomes request headers: the ``Auth`` protocol the transport asks, and its
implementations (a pending paste, a static bearer token, a Pro token with its expiry, a Pro key
exchanged for tokens, a workspace login). Where credentials come from is :mod:`.credentials`.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import warnings
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from .clock import Clock, SystemClock
from .durations import format_duration
from .errors import AuthenticationError, TokenExpiryWarning
from .header_safety import refuse_unsendable
from .redaction import Secret

if TYPE_CHECKING:
    pass


__all__ = [
    "EXPIRY_WARNING_S",
    "KEY_ENV",
    "PASTE_FIX",
    "PASTE_MESSAGE",
    "PASTE_PANEL_FIX",
    "STORE_TOKEN_ENV",
    "TOKEN_ENV",
    "Auth",
    "PendingAuth",
    "ProTokenAuth",
    "StaticBearerAuth",
    "jwt_expiry",
]

logger = logging.getLogger("zpro_nb")

TOKEN_ENV = "ZENML_PRO_API_TOKEN"
KEY_ENV = "ZENML_PRO_API_KEY"
STORE_TOKEN_ENV = "ZENML_STORE_API_TOKEN"
#: from this long before expiry, calls warn (once)
EXPIRY_WARNING_S = 600.0
PASTE_MESSAGE = "Not signed in yet"
PASTE_FIX = (
    "paste your ZenML Pro API token (or API key) in the field above, "
    f"or call s.login(token=...) / s.login(api_key=...), or set {TOKEN_ENV} / {KEY_ENV}"
)
PASTE_PANEL_FIX = "paste your ZenML Pro API token or API key in the field above and press Sign in"


@runtime_checkable
class Auth(Protocol):
    """What the transport asks of a credential."""

    async def headers(self) -> dict[str, str]:
        """Headers for the next request (may log in, refresh, or raise ``AuthenticationError``)."""
        ...

    async def on_unauthorized(self) -> bool:
        """Called once after a 401; True when fresh credentials were obtained and a resend may help."""
        ...


def bearer_headers(secret: Secret) -> dict[str, str]:
    """The ``Authorization`` header carrying ``secret`` (revealed only here, on the way out)."""
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
        return bearer_headers(self.token)

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
        return bearer_headers(self.token)

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
