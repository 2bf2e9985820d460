"""The OSS response shapes of workspace entities (pipelines, runs and run templates are in
:mod:`.pipeline_json`, the request bodies the routes accept in :mod:`.bodies`).

Shapes were taken from a real ZenML OSS 0.98.0 server (see ``docs/contract.md``): every response
is ``{body, metadata, resources, id, permission_denied[, name]}``; timestamps are naive ISO-8601
UTC with microseconds. ``metadata`` is only filled when hydrated; ``resources`` is filled on
lists too for the resources whose real responses do that (stacks, components, pipelines, runs,
tags, secrets).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from .state import (
    Account,
    ApiKey,
    Component,
    Project,
    Secret,
    Stack,
    Tag,
    WorkspaceState,
)

Json = dict[str, Any]
FLAVOR_LOGO = "https://public-flavor-logos.s3.eu-central-1.amazonaws.com/{type}/local.{ext}"


#: one entry per distinct timestamp; 20,000 runs carry about 60,000 of them
ISO_CACHE_SIZE = 1 << 18
#: renderings shared by the items of one list response, by (kind, id)
NestedMemo = dict[tuple[str, Hashable], Any]


@lru_cache(maxsize=ISO_CACHE_SIZE)
def iso(ts: float | None) -> str | None:
    """A timestamp as the real server writes it: naive UTC, always with microseconds.

    Memoized: a timestamp always formats the same, and ``strftime`` was most of the cost of a
    1,000-run page (8 timestamps a run, formatted again on every page).
    """
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def _once(nested: NestedMemo | None, key: tuple[str, Hashable], make: Callable[[], Any]) -> Any:
    """``make()``, rendered only once per response when ``nested`` is given."""
    if nested is None:
        return make()
    if key not in nested:
        nested[key] = make()
    return nested[key]


def _envelope(
    entity_id: str, name: str | None, body: Json, metadata: Json | None, resources: Json | None
) -> Json:
    out: Json = {"body": body, "metadata": metadata, "resources": resources, "id": entity_id}
    out["permission_denied"] = False
    if name is not None:
        out["name"] = name
    return out


def user_json(account: Account, hydrate: bool) -> Json:
    """``UserResponse`` (humans; ``current-user`` also uses it for service accounts)."""
    body = {
        "created": iso(account.created),
        "updated": iso(account.updated),
        "active": account.active,
        # The real server shows a token after deactivation; tokens never leave the sandbox.
        "activation_token": None,
        "full_name": account.full_name,
        "email_opted_in": None,
        "is_service_account": account.is_service_account,
        "is_admin": account.is_admin,
        "default_project_id": None,
        "avatar_url": None,
    }
    metadata: Json | None = (
        {
            "password_changed_at": None,
            "email": account.email,
            "external_user_id": account.external_user_id,
            "user_metadata": {},
            "oidc_claims": {},
        }
        if hydrate
        else None
    )
    return _envelope(account.id, account.name, body, metadata, None)


def user_ref(state: WorkspaceState, user_id: str | None) -> Json | None:
    """The nested, unhydrated user of a resource's ``resources.user``."""
    account = state.accounts.get(user_id) if user_id else None
    return user_json(account, hydrate=False) if account else None


def service_account_json(account: Account, hydrate: bool) -> Json:
    """``ServiceAccountResponse``."""
    body = {
        "created": iso(account.created),
        "updated": iso(account.updated),
        "full_name": account.full_name,
        "active": account.active,
        "avatar_url": None,
    }
    metadata: Json | None = (
        {"description": account.description, "external_user_id": account.external_user_id}
        if hydrate
        else None
    )
    return _envelope(account.id, account.name, body, metadata, None)


def api_key_json(key: ApiKey, account: Account, hydrate: bool, secret: str | None = None) -> Json:
    """``APIKeyResponse``; ``secret`` (the ``ZENKEY_`` value) only right after create and rotate."""
    body = {
        "created": iso(key.created),
        "updated": iso(key.updated),
        "key": secret,
        "active": key.active,
        "service_account": service_account_json(account, hydrate=False),
    }
    metadata: Json | None = (
        {
            "description": key.description,
            "retain_period_minutes": key.retain_period_minutes,
            "last_login": iso(key.last_login),
            "last_rotated": iso(key.last_rotated),
        }
        if hydrate
        else None
    )
    return _envelope(key.id, key.name, body, metadata, None)


def project_json(project: Project, hydrate: bool) -> Json:
    """``ProjectResponse``."""
    body = {
        "created": iso(project.created),
        "updated": iso(project.updated),
        "display_name": project.display_name,
    }
    metadata = {"description": project.description, "project_metadata": {}} if hydrate else None
    return _envelope(project.id, project.name, body, metadata, None)


def component_json(component: Component, state: WorkspaceState, hydrate: bool, nested: bool = False) -> Json:
    """``ComponentResponse``; ``nested`` is the short form inside a stack."""
    ext = "svg" if component.type == "artifact_store" else "png"
    body = {
        "created": iso(component.created),
        "updated": iso(component.updated),
        "user_id": component.user_id,
        "type": component.type,
        "flavor_name": component.flavor,
        "integration": "built-in",
        "logo_url": FLAVOR_LOGO.format(type=component.type, ext=ext),
    }
    if nested:
        return _envelope(component.id, component.name, body, None, None)
    metadata: Json | None = (
        {
            "configuration": {},
            "environment": {},
            "secrets": [],
            "labels": None,
            "connector_resource_id": None,
            "connector": None,
        }
        if hydrate
        else None
    )
    flavor = _envelope(
        str(_stable_uuid(f"flavor/{component.type}/{component.flavor}")),
        component.flavor,
        {
            "created": iso(component.created),
            "updated": iso(component.updated),
            "user_id": None,
            "type": component.type,
            "display_name": component.flavor.title(),
            "integration": "built-in",
            "source": f"zenml.{component.type}s.{component.flavor}.{component.flavor.title()}Flavor",
            "logo_url": body["logo_url"],
            "is_custom": False,
        },
        None,
        None,
    )
    resources = {"user": user_ref(state, component.user_id), "flavor": flavor}
    return _envelope(component.id, component.name, body, metadata, resources)


def _stable_uuid(text: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"zpro-sandbox/{text}"))


def stack_json(stack: Stack, state: WorkspaceState, hydrate: bool, nested: bool = False) -> Json:
    """``StackResponse``."""
    body: Json = {"created": iso(stack.created), "updated": iso(stack.updated), "user_id": stack.user_id}
    if nested:
        return _envelope(stack.id, stack.name, body, None, None)
    metadata: Json | None = None
    if hydrate:
        by_type: dict[str, list[Json]] = {}
        for component_id in stack.component_ids:
            component = state.components.get(component_id)
            if component is not None:
                by_type.setdefault(component.type, []).append(component_json(component, state, False, True))
        metadata = {
            "components": dict(sorted(by_type.items())),
            "description": stack.description,
            "stack_spec_path": None,
            "environment": {},
            "secrets": [],
            "labels": {},
        }
    return _envelope(stack.id, stack.name, body, metadata, {"user": user_ref(state, stack.user_id)})


def tag_json(tag: Tag, state: WorkspaceState, hydrate: bool) -> Json:
    """``TagResponse``."""
    body = {
        "created": iso(tag.created),
        "updated": iso(tag.updated),
        "user_id": tag.user_id,
        "color": tag.color,
        "exclusive": tag.exclusive,
    }
    metadata: Json | None = None
    if hydrate:
        tagged = sum(tag.id in p.tag_ids for p in state.pipelines.values())
        tagged += sum(tag.id in t.tag_ids for t in state.run_templates.values())
        tagged += sum(tag.id in r.tag_ids for r in state.runs.values())
        metadata = {"tagged_count": tagged}
    return _envelope(tag.id, tag.name, body, metadata, {"user": user_ref(state, tag.user_id)})


def _tags(state: WorkspaceState, tag_ids: list[str], nested: NestedMemo | None = None) -> list[Json]:
    # A page's runs share a few tags: with ``nested`` each is rendered once per response.
    return [
        _once(nested, ("tag", t), functools.partial(tag_json, state.tags[t], state, False))
        for t in tag_ids
        if t in state.tags
    ]


def secret_json(secret: Secret, state: WorkspaceState, hydrate: bool, listed: bool = False) -> Json:
    """``SecretResponse``. A list item's ``values`` is ``{}``, as on the real server; one secret read
    alone names its values with ``null`` for each (the real server's answer to a caller who may not
    read values): the sandbox keeps no secret values."""
    body: Json = {
        "created": iso(secret.created),
        "updated": iso(secret.updated),
        "user_id": secret.user_id,
        "private": secret.private,
        "values": {} if listed else dict.fromkeys(secret.value_names),
    }
    return _envelope(
        secret.id, secret.name, body, {} if hydrate else None, {"user": user_ref(state, secret.user_id)}
    )
