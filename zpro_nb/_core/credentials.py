"""Where credentials come from, how keys become tokens, and when tokens run out.

The Pro chain, first match wins: ``token=`` / ``api_key=`` arguments, ``ZENML_PRO_API_TOKEN``
(a short-lived API token), ``ZENML_PRO_API_KEY`` (a personal access token or ``ZENPROKEY_``
service-account key), the Pro sign-in ZenML's own CLI stored (``zenml login --pro``, read only:
see :mod:`.zenml_login`), then a prompt: a paste field in a notebook, ``getpass`` in a terminal,
and in a headless run a clear ``AuthenticationError`` (never a hang).

An ``Auth`` gives the transport the headers for each request and may refresh once after a 401.
"""

from __future__ import annotations

import getpass as getpass_module
import logging
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .errors import AuthenticationError, InvalidArgument, TokenExpiryWarning
from .header_safety import refuse_unsendable
from .notice import in_notebook_kernel, kernel_accepts_input
from .redaction import Secret
from .zenml_login import zenml_login_credential

if TYPE_CHECKING:
    pass

from .auth import (
    EXPIRY_WARNING_S,
    KEY_ENV,
    PASTE_FIX,
    PASTE_MESSAGE,
    PASTE_PANEL_FIX,
    STORE_TOKEN_ENV,
    TOKEN_ENV,
    Auth,
    PendingAuth,
    ProTokenAuth,
    StaticBearerAuth,
    jwt_expiry,
)
from .login_auth import ProKeyAuth, WorkspaceLoginAuth

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

logger = logging.getLogger("zpro_nb")

KEY_PREFIX = "ZENPROKEY_"

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
EMPTY_ANSWER_MESSAGE = "Nothing was entered at the prompt, so there is no credential to sign in with"
EMPTY_ANSWER_CLI_FIX = f"run the command again and paste a token or key at the prompt, or {_SET_ENV}"


def headless_error() -> AuthenticationError:
    """No credential and nobody to ask: what to set, in Python and at the command line."""
    return AuthenticationError(HEADLESS_MESSAGE, fix=HEADLESS_FIX, cli_fix=HEADLESS_CLI_FIX)


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
