"""The in-memory state of one sandbox workspace: users, service accounts, keys, projects, ML objects.

Entities are plain dataclasses; :mod:`.models` turns them into the OSS response shapes.
Times are seconds since the epoch (UTC), taken from the bridge's clock so tests can move it.
"""

from __future__ import annotations

import random
import secrets
import uuid
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..contracts import ExternalIdentity
from ..list_order_cache import OrderCache, VersionedDict
from .lineage import Lineage


def new_id(rng: random.Random | None = None) -> str:
    """A UUID4 string; deterministic when drawn from ``rng`` (seed data), random otherwise."""
    if rng is None:
        return str(uuid.uuid4())
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


@dataclass
class Account:
    """A user or a service account (the OSS server keeps both in one table)."""

    id: str
    name: str
    created: float
    updated: float
    is_service_account: bool = False
    active: bool = True
    full_name: str = ""
    email: str | None = None
    is_admin: bool = False
    description: str = ""
    #: the Pro user (or Pro service account) id this account mirrors; None for local accounts
    external_user_id: str | None = None


@dataclass
class ApiKey:
    """A service-account API key. Its secret half never shows in reprs (nor in any response but
    the one that creates or rotates it)."""

    id: str
    service_account_id: str
    name: str
    created: float
    updated: float
    secret: str = field(repr=False)
    description: str = ""
    active: bool = True
    retain_period_minutes: int = 0
    last_login: float | None = None
    last_rotated: float | None = None
    #: the secret before the last rotation and until when it still works
    previous_secret: str | None = field(default=None, repr=False)
    previous_valid_until: float | None = None
    generation: int = 1


@dataclass
class Project:
    id: str
    name: str
    created: float
    updated: float
    display_name: str
    description: str = ""


@dataclass
class Component:
    id: str
    name: str
    type: str
    flavor: str
    created: float
    updated: float
    user_id: str | None = None


@dataclass
class Stack:
    id: str
    name: str
    created: float
    updated: float
    component_ids: list[str]
    user_id: str | None = None
    description: str = ""


@dataclass
class Tag:
    id: str
    name: str
    created: float
    updated: float
    color: str
    user_id: str | None
    exclusive: bool = False


@dataclass
class Pipeline:
    id: str
    name: str
    created: float
    updated: float
    project_id: str
    user_id: str | None
    description: str | None = None
    tag_ids: list[str] = field(default_factory=list)


@dataclass
class Run:
    id: str
    name: str
    created: float
    updated: float
    project_id: str
    pipeline_id: str
    stack_id: str
    user_id: str | None
    status: str
    index: int
    start_time: float | None
    end_time: float | None
    template_id: str | None = None
    tag_ids: list[str] = field(default_factory=list)
    #: what ``log_metadata`` logged on the run (key -> JSON value)
    run_metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunTemplate:
    id: str
    name: str
    created: float
    updated: float
    project_id: str
    pipeline_id: str
    stack_id: str
    user_id: str | None
    description: str | None = None
    hidden: bool = False
    runnable: bool = True
    tag_ids: list[str] = field(default_factory=list)


@dataclass
class Secret:
    """A secret's name, owner and the names of its values; the sandbox never keeps the values."""

    id: str
    name: str
    created: float
    updated: float
    user_id: str | None
    private: bool = False
    value_names: list[str] = field(default_factory=list)


E = TypeVar("E")


@dataclass
class WorkspaceState:
    """Everything one workspace holds. Dicts keep insertion (= creation) order."""

    workspace_id: str
    server_id: str
    #: signs this workspace's access tokens; a new sandbox never accepts an old sandbox's tokens
    jwt_secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    accounts: dict[str, Account] = field(default_factory=dict)
    api_keys: dict[str, ApiKey] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    components: dict[str, Component] = field(default_factory=dict)
    stacks: dict[str, Stack] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    #: versioned: the kept run orders read pipeline names (the ``pipeline_name`` filter)
    pipelines: dict[str, Pipeline] = field(default_factory=VersionedDict)
    runs: dict[str, Run] = field(default_factory=VersionedDict)
    run_templates: dict[str, RunTemplate] = field(default_factory=dict)
    secrets: dict[str, Secret] = field(default_factory=dict)
    #: steps, artifacts, models and schedules (:mod:`.lineage`)
    lineage: Lineage = field(default_factory=Lineage)
    last_user_activity: float | None = None
    #: sorted/filtered run orders, kept while :meth:`runs_stamp` holds
    run_orders: OrderCache[Run] = field(default_factory=OrderCache, repr=False, compare=False)

    def runs_stamp(self) -> Hashable:
        """Changes whenever anything a runs list sorts or filters on may have changed.

        Run records are never edited in place (runs are only added, by the seed and by
        ``POST /_sandbox/runs``), so the versions of the two dicts, and their identities in case
        one is replaced, cover it.
        """
        runs, pipelines = self.runs, self.pipelines
        if not (isinstance(runs, VersionedDict) and isinstance(pipelines, VersionedDict)):
            return object()  # a plain dict put in by hand: never reuse an order
        return (id(runs), runs.version, id(pipelines), pipelines.version)

    def default_project(self) -> Project:
        """The ``default`` project (the first one created)."""
        return next(iter(self.projects.values()))

    def default_stack(self) -> Stack:
        """The ``default`` stack (the first one created)."""
        return next(iter(self.stacks.values()))

    def by_external_id(self, external_user_id: str) -> Account | None:
        """The account mirroring a Pro user or Pro service account, if it was materialized."""
        for account in self.accounts.values():
            if account.external_user_id == external_user_id:
                return account
        return None

    def mirror(self, identity: ExternalIdentity, now: float) -> Account:
        """The workspace account of a Pro identity, created on first sight like the real server does.

        Name, email and admin flag follow Pro; ``active`` stays a workspace-local decision.
        """
        account = self.by_external_id(identity.user_id)
        if account is None:
            # The real server adopts a local account with the same name (OSS -> Pro migration).
            account = next(
                (
                    a
                    for a in self.accounts.values()
                    if a.external_user_id is None
                    and a.name == identity.username
                    and a.is_service_account == identity.is_service_account
                ),
                None,
            )
            if account is None:
                account = Account(
                    id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.workspace_id}/{identity.user_id}")),
                    name=identity.username,
                    created=now,
                    updated=now,
                    is_service_account=identity.is_service_account,
                )
                self.accounts[account.id] = account
            account.external_user_id = identity.user_id
        account.name = identity.username
        account.full_name = identity.name or ""
        account.email = identity.email
        account.is_admin = identity.is_admin and not identity.is_service_account
        return account

    def sync_members(self, members: list[ExternalIdentity], now: float) -> set[str]:
        """Mirror every current Pro member; returns the ids of their workspace accounts."""
        return {self.mirror(member, now).id for member in members}


def find_by_name_or_id(items: dict[str, E], name_or_id: str) -> E | None:
    """An entity by id, else by ``name`` (the OSS ``/{name_or_id}`` routes)."""
    if name_or_id in items:
        return items[name_or_id]
    lowered = name_or_id.lower()
    if lowered in items:
        return items[lowered]
    for item in items.values():
        if getattr(item, "name", None) == name_or_id:
            return item
    return None
