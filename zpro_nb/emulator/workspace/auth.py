"""Who is calling a sandbox workspace, and ``POST /api/v1/login``.

A sandbox workspace behaves like a Pro workspace server (auth scheme ``EXTERNAL``):

* ``zenml-external``: ``Authorization: Bearer <Pro token | ZENPROKEY_ key>`` is checked through
  :meth:`ProBridge.authorize_external`; the workspace mirrors the Pro identity as a workspace
  account and returns a workspace token valid for 3600 s;
* ``zenml-api-key``: ``password=ZENKEY_...`` (a workspace service-account key; the token does not
  expire, as on the real server) or ``password=ZENPROKEY_...`` (through the bridge; 3600 s);
* a grant is auto-detected as the real server does; ``password`` and the device flow are refused
  like on a Pro workspace;
* every other route accepts a workspace token, or a ``ZENKEY_``/``ZENPROKEY_`` key directly.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from fastapi import Request

from ..contracts import ExternalIdentity, ProBridge
from .errors import OSSError, PlainError, credentials_not_valid
from .state import Account, ApiKey, WorkspaceState
from .tokens import TokenError, decode_api_key, decode_jwt, encode_jwt

PRO_TOKEN_LIFETIME_S = 3600
GENERIC_TOKEN_LIFETIME_S = 3600
GENERIC_TOKEN_MAX_LIFETIME_S = 604_800
ZENPROKEY_PREFIX = "ZENPROKEY_"


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of one request."""

    account: Account
    #: may manage users, service accounts and keys (Workspace Admin / org admin via Pro)
    is_admin: bool
    api_key: ApiKey | None = None


def bearer(request: Request) -> str:
    """The bearer credential, or the real server's 401 for a request without one."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise PlainError(401, "Not authenticated", {"WWW-Authenticate": "Bearer"})
    return value.strip()


def authenticate(
    credential: str, state: WorkspaceState, bridge: ProBridge, workspace_id: str, now: float
) -> Principal:
    """Resolve a bearer credential (workspace JWT, ``ZENKEY_`` or ``ZENPROKEY_`` key)."""
    if credential.startswith("ZENKEY_"):
        return key_principal(credential, state, now)
    if credential.startswith(ZENPROKEY_PREFIX):
        identity = bridge.authorize_external(workspace_id, credential)
        return external_principal(identity, state, now)
    try:
        claims = decode_jwt(credential, state.jwt_secret, state.server_id, now)
    except TokenError as exc:
        raise credentials_not_valid(f"error decoding access token: {exc}") from None
    account = state.accounts.get(str(claims.get("sub")))
    if account is None:
        raise credentials_not_valid("error decoding access token: unknown user")
    if not account.active:
        raise credentials_not_valid(f"user account {account.name} is not active")
    api_key = None
    if claims.get("api_key_id"):
        api_key = state.api_keys.get(str(claims["api_key_id"]))
        if api_key is None or not api_key.active:
            raise credentials_not_valid("the API key used to authenticate is no longer valid")
        if claims.get("key_gen") != api_key.generation and not _previous_valid(api_key, now):
            raise credentials_not_valid("the API key used to authenticate has been rotated")
    return Principal(account, bool(claims.get("adm", False)) and not account.is_service_account, api_key)


def _previous_valid(key: ApiKey, now: float) -> bool:
    return key.previous_valid_until is not None and now <= key.previous_valid_until


def key_principal(value: str, state: WorkspaceState, now: float) -> Principal:
    """Authenticate with a workspace service-account key (``ZENKEY_...``)."""
    try:
        key_id, secret = decode_api_key(value)
    except TokenError:
        raise credentials_not_valid("error decoding API key") from None
    key = state.api_keys.get(key_id)
    if key is None:
        raise credentials_not_valid("error decoding API key")
    current = hmac.compare_digest(secret, key.secret)
    previous = key.previous_secret is not None and hmac.compare_digest(secret, key.previous_secret)
    if not current and not (previous and _previous_valid(key, now)):
        raise credentials_not_valid("invalid API key")
    account = state.accounts[key.service_account_id]
    if not key.active:
        raise credentials_not_valid(f"API key {key.name} is not active")
    if not account.active:
        raise credentials_not_valid(
            f"the service account {account.name} associated with API key {key.name} is not active"
        )
    key.last_login = now
    return Principal(account, False, key)


def external_principal(identity: ExternalIdentity, state: WorkspaceState, now: float) -> Principal:
    """Mirror a Pro identity the bridge vouched for."""
    account = state.mirror(identity, now)
    if not account.active:
        raise credentials_not_valid(f"user account {account.name} is not active")
    return Principal(account, identity.is_admin and not identity.is_service_account)


def issue_token(principal: Principal, state: WorkspaceState, now: float, lifetime_s: int | None) -> str:
    """A workspace access token for ``principal`` (no ``exp`` when ``lifetime_s`` is None)."""
    claims: dict[str, Any] = {"sub": principal.account.id, "iss": state.server_id, "aud": state.server_id}
    claims["iat"] = now
    if lifetime_s is not None:
        claims["exp"] = int(now + lifetime_s)
    if principal.is_admin:
        claims["adm"] = True
    if principal.api_key is not None:
        claims["api_key_id"] = principal.api_key.id
        claims["key_gen"] = principal.api_key.generation
    return encode_jwt(claims, state.jwt_secret)


def token_response(token: str, expires_in: int | None) -> dict[str, Any]:
    """``OAuthTokenResponse`` as the real server returns it."""
    return {
        "access_token": token,
        "token_type": "bearer",
        "expires_in": expires_in,
        "refresh_token": None,
        "csrf_token": None,
        "scope": None,
        "device_id": None,
        "device_metadata": None,
    }


async def login_form(request: Request) -> dict[str, str]:
    """The login form fields; a JSON body is refused with the real server's 400."""
    raw = await request.body()
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if raw and content_type != "application/x-www-form-urlencoded":
        # The real server only reads forms: a JSON body arrives as "no fields".
        raise PlainError(400, "Invalid request: username is required.")
    fields = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
    return {name: values[0] for name, values in fields.items()}


def login(
    form: dict[str, str],
    request: Request,
    state: WorkspaceState,
    bridge: ProBridge,
    workspace_id: str,
    now: float,
) -> dict[str, Any]:
    """Run one ``POST /api/v1/login`` and return the token response."""
    grant = form.get("grant_type") or ""
    password = form.get("password")
    if not grant:
        if "username" in form:
            grant = "password"
        elif password:
            grant = "zenml-api-key"
        elif form.get("device_code"):
            grant = "urn:ietf:params:oauth:grant-type:device_code"
        else:
            grant = "zenml-external"
    if grant == "password":
        raise PlainError(400, "Unsupported grant type: password.")
    if grant == "urn:ietf:params:oauth:grant-type:device_code":
        raise PlainError(403, "Device authorization is not supported.")
    if grant == "zenml-api-key":
        if not password:
            raise PlainError(400, "API key is required.")
        if password.startswith(ZENPROKEY_PREFIX):
            principal = external_principal(bridge.authorize_external(workspace_id, password), state, now)
            lifetime: int | None = PRO_TOKEN_LIFETIME_S
        else:
            principal = key_principal(password, state, now)
            lifetime = None
    elif grant == "zenml-external":
        header = request.headers.get("authorization", "")
        scheme, _, credential = header.partition(" ")
        if scheme.lower() != "bearer" or not credential.strip():
            raise OSSError(
                401,
                "CredentialsNotValid",
                "Authentication error: zenml-external needs "
                "'Authorization: Bearer <Pro token or ZENPROKEY_ key>'",
            )
        identity = bridge.authorize_external(workspace_id, credential.strip())
        principal = external_principal(identity, state, now)
        lifetime = PRO_TOKEN_LIFETIME_S
    else:
        raise PlainError(400, f"Unsupported grant type: {grant}")
    state.last_user_activity = now
    return token_response(issue_token(principal, state, now, lifetime), lifetime)
