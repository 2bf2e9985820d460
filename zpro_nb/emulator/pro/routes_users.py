"""``/users``: list and read the users you share an organization with, ``/users/me``, deactivation."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from . import lookup
from .auth import Caller, CallerDep
from .errors import conflict, forbidden, invalid
from .paging import Limit, Offset, page
from .state import User

Json = dict[str, Any]
USERNAME_PATTERN = r"^[A-Za-z0-9_.@-]{1,50}$"

router = APIRouter(prefix="/users", tags=["users"])


class UserUpdate(BaseModel):
    """ZenML Pro's UserUpdate; a password is accepted and dropped (the sandbox keeps none)."""

    model_config = ConfigDict(extra="ignore")

    password: str | None = Field(default=None, exclude=True, repr=False)
    password_expired: bool | None = None
    name: str | None = Field(default=None, min_length=1, max_length=50)
    avatar_url: str | None = None
    company: str | None = Field(default=None, min_length=1, max_length=50)
    job_title: str | None = Field(default=None, min_length=1, max_length=50)
    metadata: dict[str, Any] | None = None
    username: str | None = Field(default=None, pattern=USERNAME_PATTERN)
    email: str | None = None
    is_active: bool | None = None
    is_onboarded: bool | None = None


def apply_update(caller: Caller, user: User, body: UserUpdate) -> User:
    store = caller.store
    fields = body.model_fields_set - {"password"}
    if user.oauth_provider and ({"username", "email"} & fields):
        raise invalid("Username and email of an OAuth user cannot change.")
    new_username = (body.username or user.username).lower()
    if new_username != user.username.lower() and new_username in store.users_by_username:
        raise conflict(f"The username '{body.username}' is taken.")
    new_email = (body.email or user.email or "").lower()
    if new_email != (user.email or "").lower() and new_email in store.users_by_email:
        raise conflict(f"The email '{body.email}' is taken.")
    old_username, old_email = user.username, user.email
    for name in fields:
        value = getattr(body, name)
        if value is not None:
            setattr(user, name, value)
    store.reindex_user(user, old_username, old_email)
    user.updated = caller.now
    return user


@router.get("", summary="List the users you share an organization with")
async def list_users(
    caller: CallerDep,
    offset: Offset = 0,
    limit: Limit = 100,
    email: str | None = None,
    username: str | None = None,
    organization_id: str | None = None,
    is_active: bool | None = None,
    is_service_account: bool | None = None,
) -> list[Json]:
    store = caller.store
    if email is not None:
        found = store.users_by_email.get(email.lower())
        candidates: list[User] = [store.users[found]] if found else []
    else:
        candidates = list(store.users.values())
    if organization_id is not None:
        caller.access.require_member(organization_id)
    member_orgs = set(caller.access.member_org_ids())

    def matches(user: User) -> bool:
        if username is not None and user.username != username:
            return False
        if is_active is not None and user.is_active != is_active:
            return False
        if is_service_account is not None and user.is_service_account != is_service_account:
            return False
        orgs = lookup.user_org_ids(caller, user)
        if organization_id is not None:
            return organization_id in orgs
        return user.id == caller.user.id or caller.user.is_superuser or not member_orgs.isdisjoint(orgs)

    return [caller.render.user(u) for u in page((u for u in candidates if matches(u)), offset, limit)]


@router.get("/me", summary="The current user")
async def get_me(caller: CallerDep) -> Json:
    return caller.render.user(caller.user)


@router.patch("/me", summary="Update the current user")
async def update_me(caller: CallerDep, body: UserUpdate) -> Json:
    if caller.user.is_service_account:
        raise invalid("Service accounts cannot update themselves here.")
    return caller.render.user(apply_update(caller, caller.user, body))


@router.get("/{user_id_or_email}", summary="A user by id or email")
async def get_user(caller: CallerDep, user_id_or_email: str) -> Json:
    return caller.render.user(lookup.visible_user(caller, user_id_or_email))


@router.patch("/{user_id}", summary="Update a user (an Organization Admin may deactivate members)")
async def update_user(caller: CallerDep, user_id: str, body: UserUpdate) -> Json:
    user = lookup.visible_user(caller, user_id)
    if user.id != caller.user.id and not caller.user.is_superuser:
        their_orgs = lookup.user_org_ids(caller, user)
        if not any(caller.access.is_admin(o) for o in their_orgs):
            raise forbidden("Only an Organization Admin of one of the user's organizations may change them.")
        if body.model_fields_set - {"is_active"}:
            raise forbidden("Admins may only change another user's is_active.")
    return caller.render.user(apply_update(caller, user, body))


@router.delete("/{user_id}", status_code=204, summary="Delete a user (superusers only)")
async def delete_user(caller: CallerDep, user_id: str) -> Response:
    user = lookup.visible_user(caller, user_id)
    if not caller.user.is_superuser:
        raise forbidden("Only superusers may delete users; deactivate them instead.")
    caller.store.remove_user(user.id)
    return Response(status_code=204)
