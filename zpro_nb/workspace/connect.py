"""Signing in to a standalone ZenML server: the credentials (arguments, then ``ZENML_STORE_*``, as
the zenml client reads them) and the session's own transport."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._core.credentials import Auth, StaticBearerAuth, WorkspaceLoginAuth
from .._core.errors import AuthenticationError
from .._core.transport import ApiClient
from ..connect_options import ConnectOptions, new_transport
from ..errors import InvalidArgument
from .core import api_root

if TYPE_CHECKING:
    from .._core.clock import Clock
    from .._core.transport import Transport

__all__ = [
    "STORE_API_KEY_ENV",
    "STORE_PASSWORD_ENV",
    "STORE_TOKEN_ENV",
    "STORE_URL_ENV",
    "STORE_USERNAME_ENV",
    "standalone_transport",
    "workspace_auth",
]

STORE_URL_ENV = "ZENML_STORE_URL"
STORE_API_KEY_ENV = "ZENML_STORE_API_KEY"
STORE_TOKEN_ENV = "ZENML_STORE_API_TOKEN"
STORE_USERNAME_ENV = "ZENML_STORE_USERNAME"
STORE_PASSWORD_ENV = "ZENML_STORE_PASSWORD"


def workspace_auth(
    login: ApiClient,
    *,
    api_key: str | None = None,
    username: str | None = None,
    password: str | None = None,
    token: str | None = None,
    environ: Mapping[str, str] | None = None,
    clock: Clock | None = None,
) -> Auth:
    """The auth for a standalone ZenML server: arguments first, then ``ZENML_STORE_*``.

    Order: ``token=``, ``api_key=``, ``username=`` (+ ``password=``); then ``ZENML_STORE_API_KEY``,
    ``ZENML_STORE_API_TOKEN``, ``ZENML_STORE_USERNAME`` (+ ``ZENML_STORE_PASSWORD``).
    """
    if token:
        return StaticBearerAuth(token)
    if api_key:
        return WorkspaceLoginAuth.with_api_key(login, api_key, clock=clock)
    if username:
        return WorkspaceLoginAuth.with_password(login, username, password, clock=clock)
    env = os.environ if environ is None else environ
    if env_key := env.get(STORE_API_KEY_ENV, "").strip():
        return WorkspaceLoginAuth.with_api_key(login, env_key, clock=clock)
    if env_token := env.get(STORE_TOKEN_ENV, "").strip():
        return StaticBearerAuth(env_token)
    if env_user := env.get(STORE_USERNAME_ENV, "").strip():
        return WorkspaceLoginAuth.with_password(login, env_user, env.get(STORE_PASSWORD_ENV), clock=clock)
    env_vars = f"{STORE_API_KEY_ENV}, {STORE_TOKEN_ENV} or {STORE_USERNAME_ENV}/{STORE_PASSWORD_ENV}"
    raise AuthenticationError(
        "No credentials for the ZenML server",
        fix=f"pass api_key=, token= or username=/password= to connect_workspace(), or set {env_vars}",
        cli_fix=f"set {env_vars}",
        panel_fix=f"set {env_vars} before opening the panel",
    )


def standalone_transport(
    url: str | None,
    credentials: Mapping[str, str | None],
    options: ConnectOptions,
    loop: asyncio.AbstractEventLoop,
) -> tuple[Transport, str, Auth]:
    """The transport, server URL and auth of a session on one ZenML server (``url`` or
    ``ZENML_STORE_URL``; ``credentials``: ``api_key``, ``username``, ``password``, ``token``)."""
    server_url = (url or os.environ.get(STORE_URL_ENV, "")).strip()
    if not server_url:
        raise InvalidArgument(f"pass the ZenML server URL (url=...) or set {STORE_URL_ENV}")
    if not server_url.startswith(("http://", "https://")):
        raise InvalidArgument(f"{server_url!r} is not a ZenML server URL (http:// or https://)")
    core = new_transport(options, loop)
    login = core.client(api_root(server_url), None, allow_insecure=options.get("allow_insecure", False))
    auth = workspace_auth(
        login,
        api_key=credentials.get("api_key"),
        username=credentials.get("username"),
        password=credentials.get("password"),
        token=credentials.get("token"),
        clock=options.get("clock"),
    )
    return core, server_url, auth
