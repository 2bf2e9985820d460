"""Users, service accounts and API keys of a sandbox workspace (``/api/v1/users``, ``/service_accounts``).

Users are the workspace's Pro members (from the bridge, mirrored as accounts whose
``external_user_id`` is the Pro user id) plus any local users. Writes need an admin and answer a
non-admin with the real server's 403 ``IllegalOperationError``.

Deliberate difference (see ``docs/contract.md``): a real Pro workspace server refuses local user
creation/deactivation and workspace-level service-account/key creation; the sandbox allows them
(with OSS semantics) so the client's user and key management can be exercised end to end.
"""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from ..json_response import FastJSONResponse
from .bodies import (
    ApiKeyCreate,
    ApiKeyRotate,
    ApiKeyUpdate,
    ServiceAccountCreate,
    ServiceAccountUpdate,
    UserCreate,
    UserUpdate,
)
from .context import Caller, WorkspaceService
from .errors import OSSError, exists, not_found
from .filters import FieldSpec, ListParams, list_params, page_of
from .models import (
    api_key_json,
    service_account_json,
    user_json,
)
from .state import Account, ApiKey, WorkspaceState, find_by_name_or_id, new_id
from .tokens import encode_api_key, new_key_secret

USER_FIELDS: dict[str, FieldSpec[Account]] = {
    "id": FieldSpec("uuid", lambda a: a.id),
    "created": FieldSpec("datetime", lambda a: a.created),
    "updated": FieldSpec("datetime", lambda a: a.updated),
    "name": FieldSpec("str", lambda a: a.name),
    "full_name": FieldSpec("str", lambda a: a.full_name),
    "email": FieldSpec("str", lambda a: a.email),
    "active": FieldSpec("bool", lambda a: a.active),
    "email_opted_in": FieldSpec("bool", lambda a: None),
    "external_user_id": FieldSpec("uuid", lambda a: a.external_user_id),
}
SERVICE_ACCOUNT_FIELDS: dict[str, FieldSpec[Account]] = {
    "id": FieldSpec("uuid", lambda a: a.id),
    "created": FieldSpec("datetime", lambda a: a.created),
    "updated": FieldSpec("datetime", lambda a: a.updated),
    "name": FieldSpec("str", lambda a: a.name),
    "description": FieldSpec("str", lambda a: a.description),
    "active": FieldSpec("bool", lambda a: a.active),
    "external_user_id": FieldSpec("uuid", lambda a: a.external_user_id),
}
API_KEY_FIELDS: dict[str, FieldSpec[ApiKey]] = {
    "id": FieldSpec("uuid", lambda k: k.id),
    "created": FieldSpec("datetime", lambda k: k.created),
    "updated": FieldSpec("datetime", lambda k: k.updated),
    "name": FieldSpec("str", lambda k: k.name),
    "description": FieldSpec("str", lambda k: k.description),
    "active": FieldSpec("bool", lambda k: k.active),
    "last_login": FieldSpec("datetime", lambda k: k.last_login),
    "last_rotated": FieldSpec("datetime", lambda k: k.last_rotated),
}


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def visible_users(caller: Caller) -> list[Account]:
    """Local users plus the workspace's current Pro members (former members stay stored, unlisted)."""
    state = caller.state
    members = state.sync_members(caller.ws.bridge.workspace_members(caller.ws.workspace_id), caller.now)
    return [
        a
        for a in state.accounts.values()
        if not a.is_service_account and (a.external_user_id is None or a.id in members)
    ]


def visible_service_accounts(caller: Caller) -> list[Account]:
    """Workspace service accounts plus Pro service accounts that are members."""
    state = caller.state
    members = state.sync_members(caller.ws.bridge.workspace_members(caller.ws.workspace_id), caller.now)
    return [
        a
        for a in state.accounts.values()
        if a.is_service_account and (a.external_user_id is None or a.id in members)
    ]


def _user(state: WorkspaceState, name_or_id: str) -> Account:
    humans = {a.id: a for a in state.accounts.values() if not a.is_service_account}
    account = find_by_name_or_id(humans, name_or_id)
    if account is None:
        # The real server words the two cases differently.
        what = "account" if _is_uuid(name_or_id) else "user account"
        raise not_found(f"No {what} with the '{name_or_id}' name or ID was found")
    return account


def _service_account(state: WorkspaceState, name_or_id: str) -> Account:
    accounts = {a.id: a for a in state.accounts.values() if a.is_service_account}
    account = find_by_name_or_id(accounts, name_or_id)
    if account is None:
        raise not_found(f"No service account with the '{name_or_id}' name or ID was found")
    return account


def _api_key(state: WorkspaceState, account: Account, name_or_id: str) -> ApiKey:
    keys = {k.id: k for k in state.api_keys.values() if k.service_account_id == account.id}
    key = find_by_name_or_id(keys, name_or_id)
    if key is None:
        raise not_found(
            f"An API key with ID or name '{name_or_id}' is not configured for service account with ID "
            f"'{account.id}'."
        )
    return key


def _page(items: list[Any], envelope: dict[str, Any]) -> FastJSONResponse:
    # Answered as a ready response: FastAPI would otherwise walk a 1,000-item page through a
    # dict[str, Any] response model first (~19 ms a page, more than building it).
    return FastJSONResponse({**envelope, "items": items})


def add_account_routes(router: APIRouter, service: WorkspaceService) -> None:
    """Register the user, service-account and API-key routes on ``router``."""
    Auth = Annotated[Caller, Depends(service.caller)]
    Params = Annotated[ListParams, Depends(list_params)]

    # --- users ---------------------------------------------------------------------------------

    @router.get("/api/v1/users")
    async def list_users(caller: Auth, params: Params) -> FastJSONResponse:
        page, envelope = page_of(visible_users(caller), USER_FIELDS, params, "UserFilter")
        return _page([user_json(a, params.hydrate) for a in page], envelope)

    @router.post("/api/v1/users")
    async def create_user(caller: Auth, body: UserCreate) -> dict[str, Any]:
        caller.require_admin("create user")
        state = caller.state
        if any(a.name == body.name and not a.is_service_account for a in state.accounts.values()):
            raise exists(
                f"Unable to create user with name '{body.name}': "
                "Found an existing user account with this name."
            )
        account = Account(
            id=new_id(),
            name=body.name,
            created=caller.now,
            updated=caller.now,
            full_name=body.full_name,
            email=body.email,
            is_admin=body.is_admin,
            active=body.active or bool(body.password),
        )
        state.accounts[account.id] = account
        return user_json(account, hydrate=True)

    @router.get("/api/v1/users/{user_name_or_id}")
    async def get_user(caller: Auth, user_name_or_id: str, hydrate: bool = True) -> dict[str, Any]:
        visible_users(caller)  # mirror members first so a member can be fetched by name
        return user_json(_user(caller.state, user_name_or_id), hydrate)

    @router.put("/api/v1/users/{user_name_or_id}")
    async def update_user(caller: Auth, user_name_or_id: str, body: UserUpdate) -> dict[str, Any]:
        visible_users(caller)
        account = _user(caller.state, user_name_or_id)
        if account.id != caller.principal.account.id:
            caller.require_admin("update other user account")
        elif body.is_admin is not None and body.is_admin != account.is_admin:
            caller.require_admin("change the admin status of a user account")
        if body.active is False and account.id == caller.principal.account.id:
            raise OSSError(403, "IllegalOperationError", "You cannot deactivate your own user account.")
        # A Pro member's name, email and admin flag come from Pro (and are re-synced); only
        # ``active`` is the workspace's own decision.
        fields = (
            ("active",) if account.external_user_id else ("name", "full_name", "email", "active", "is_admin")
        )
        for name in fields:
            value = getattr(body, name)
            if value is not None:
                setattr(account, name, value)
        account.updated = caller.now
        return user_json(account, hydrate=True)

    @router.put("/api/v1/users/{user_name_or_id}/deactivate")
    async def deactivate_user(caller: Auth, user_name_or_id: str) -> dict[str, Any]:
        caller.require_admin("deactivate user")
        visible_users(caller)
        account = _user(caller.state, user_name_or_id)
        if account.id == caller.principal.account.id:
            raise OSSError(403, "IllegalOperationError", "You cannot deactivate your own user account.")
        account.active = False
        account.updated = caller.now
        return user_json(account, hydrate=True)

    @router.delete("/api/v1/users/{user_name_or_id}")
    async def delete_user(caller: Auth, user_name_or_id: str) -> None:
        caller.require_admin("delete user")
        account = _user(caller.state, user_name_or_id)
        if account.id == caller.principal.account.id:
            raise OSSError(
                403,
                "IllegalOperationError",
                "You cannot delete the user account currently used to authenticate to the ZenML server. If "
                "you wish to delete this account, please authenticate with another account or contact your "
                "ZenML administrator.",
            )
        del caller.state.accounts[account.id]

    # --- service accounts ----------------------------------------------------------------------

    @router.get("/api/v1/service_accounts")
    async def list_service_accounts(caller: Auth, params: Params) -> FastJSONResponse:
        accounts = visible_service_accounts(caller)
        page, envelope = page_of(accounts, SERVICE_ACCOUNT_FIELDS, params, "ServiceAccountFilter")
        return _page([service_account_json(a, params.hydrate) for a in page], envelope)

    @router.post("/api/v1/service_accounts")
    async def create_service_account(caller: Auth, body: ServiceAccountCreate) -> dict[str, Any]:
        caller.require_admin("create service account")
        state = caller.state
        if any(a.name == body.name and a.is_service_account for a in state.accounts.values()):
            raise exists(
                f"Unable to create service account with name '{body.name}': Found existing service account "
                "with this name."
            )
        account = Account(
            id=new_id(),
            name=body.name,
            created=caller.now,
            updated=caller.now,
            is_service_account=True,
            active=body.active,
            description=body.description,
            full_name=body.full_name,
        )
        state.accounts[account.id] = account
        return service_account_json(account, hydrate=True)

    @router.get("/api/v1/service_accounts/{service_account_name_or_id}")
    async def get_service_account(
        caller: Auth, service_account_name_or_id: str, hydrate: bool = True
    ) -> dict[str, Any]:
        return service_account_json(_service_account(caller.state, service_account_name_or_id), hydrate)

    @router.put("/api/v1/service_accounts/{service_account_name_or_id}")
    async def update_service_account(
        caller: Auth, service_account_name_or_id: str, body: ServiceAccountUpdate
    ) -> dict[str, Any]:
        caller.require_admin("update service account")
        account = _service_account(caller.state, service_account_name_or_id)
        others = [a for a in caller.state.accounts.values() if a.is_service_account and a is not account]
        if body.name is not None and any(a.name == body.name for a in others):
            raise exists(
                f"Unable to update service account with name '{body.name}': Found an existing service "
                "account with this name."
            )
        for name in ("name", "active", "description", "full_name"):
            value = getattr(body, name)
            if value is not None:
                setattr(account, name, value)
        account.updated = caller.now
        return service_account_json(account, hydrate=True)

    @router.delete("/api/v1/service_accounts/{service_account_name_or_id}")
    async def delete_service_account(caller: Auth, service_account_name_or_id: str) -> None:
        caller.require_admin("delete service account")
        state = caller.state
        account = _service_account(state, service_account_name_or_id)
        for key_id in [k.id for k in state.api_keys.values() if k.service_account_id == account.id]:
            del state.api_keys[key_id]
        del state.accounts[account.id]

    # --- API keys ------------------------------------------------------------------------------

    @router.get("/api/v1/service_accounts/{service_account_id}/api_keys")
    async def list_api_keys(caller: Auth, service_account_id: uuid.UUID, params: Params) -> FastJSONResponse:
        account = _service_account(caller.state, str(service_account_id))
        keys = [k for k in caller.state.api_keys.values() if k.service_account_id == account.id]
        page, envelope = page_of(keys, API_KEY_FIELDS, params, "APIKeyFilter")
        return _page([api_key_json(k, account, params.hydrate) for k in page], envelope)

    @router.post("/api/v1/service_accounts/{service_account_id}/api_keys")
    async def create_api_key(
        caller: Auth, service_account_id: uuid.UUID, body: ApiKeyCreate
    ) -> dict[str, Any]:
        caller.require_admin("create API key")
        state = caller.state
        account = _service_account(state, str(service_account_id))
        if any(k.name == body.name and k.service_account_id == account.id for k in state.api_keys.values()):
            raise exists(
                f"Unable to register API key with name '{body.name}': Found an existing API key with the "
                f"same name configured for the same '{account.name}' service account."
            )
        key = ApiKey(
            id=new_id(),
            service_account_id=account.id,
            name=body.name,
            created=caller.now,
            updated=caller.now,
            secret=new_key_secret(),
            description=body.description,
        )
        state.api_keys[key.id] = key
        return api_key_json(key, account, hydrate=True, secret=encode_api_key(key.id, key.secret))

    @router.get("/api/v1/service_accounts/{service_account_id}/api_keys/{api_key_name_or_id}")
    async def get_api_key(
        caller: Auth, service_account_id: uuid.UUID, api_key_name_or_id: str, hydrate: bool = True
    ) -> dict[str, Any]:
        account = _service_account(caller.state, str(service_account_id))
        return api_key_json(_api_key(caller.state, account, api_key_name_or_id), account, hydrate)

    @router.put("/api/v1/service_accounts/{service_account_id}/api_keys/{api_key_name_or_id}")
    async def update_api_key(
        caller: Auth, service_account_id: uuid.UUID, api_key_name_or_id: str, body: ApiKeyUpdate
    ) -> dict[str, Any]:
        caller.require_admin("update API key")
        account = _service_account(caller.state, str(service_account_id))
        key = _api_key(caller.state, account, api_key_name_or_id)
        for name in ("name", "description", "active"):
            value = getattr(body, name)
            if value is not None:
                setattr(key, name, value)
        key.updated = caller.now
        return api_key_json(key, account, hydrate=True)

    @router.put("/api/v1/service_accounts/{service_account_id}/api_keys/{api_key_name_or_id}/rotate")
    async def rotate_api_key(
        caller: Auth, service_account_id: uuid.UUID, api_key_name_or_id: str, body: ApiKeyRotate
    ) -> dict[str, Any]:
        caller.require_admin("rotate API key")
        account = _service_account(caller.state, str(service_account_id))
        key = _api_key(caller.state, account, api_key_name_or_id)
        key.previous_secret = key.secret
        key.previous_valid_until = caller.now + body.retain_period_minutes * 60
        key.retain_period_minutes = body.retain_period_minutes
        key.secret = new_key_secret()
        key.generation += 1
        key.last_rotated = caller.now
        key.updated = caller.now
        # The real server answers a rotation unhydrated (metadata null), with the new key.
        return api_key_json(key, account, hydrate=False, secret=encode_api_key(key.id, key.secret))

    @router.delete("/api/v1/service_accounts/{service_account_id}/api_keys/{api_key_name_or_id}")
    async def delete_api_key(caller: Auth, service_account_id: uuid.UUID, api_key_name_or_id: str) -> None:
        caller.require_admin("delete API key")
        account = _service_account(caller.state, str(service_account_id))
        del caller.state.api_keys[_api_key(caller.state, account, api_key_name_or_id).id]
