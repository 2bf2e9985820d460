"""What the sandbox's Pro half and its workspace half agree on.

The sandbox is one FastAPI app. The Pro management API lives at the root; each workspace's API
(the ZenML OSS server API) lives under ``/ws/{workspace_id}`` so a workspace's ``server_url`` is
``{base_url}/ws/{workspace_id}`` and its endpoints are ``{server_url}/api/v1/...``.

The workspace half never reads the Pro state directly: it asks through :class:`ProBridge`.
This module imports nothing from the rest of ``zpro_nb`` (the sandbox shares no code with the
client side) and nothing beyond the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

Scale = Literal["demo", "large"]


@dataclass(frozen=True)
class SandboxConfig:
    """Everything that shapes one sandbox: its seed data and its faults (all faults off by default)."""

    seed: int = 7
    scale: Scale = "demo"
    #: seconds a workspace stays ``pending`` after create or deploy before it is ``available``
    workspace_ready_delay_s: float = 2.0
    #: lifetime of the tokens the sandbox issues (Pro ``/auth/login`` and the demo tokens)
    token_lifetime_s: int = 3600
    #: added latency per request: fixed part plus a uniformly random part in [0, jitter)
    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    #: per-token requests per second; excess requests get 429 with ``Retry-After``
    rate_limit: float | None = None
    #: share of requests answered with a server error, chosen at random among ``error_statuses``
    error_rate: float = 0.0
    #: the server errors ``error_rate`` draws from (any of 500, 502, 503, 504)
    error_statuses: tuple[int, ...] = (500, 502, 503)
    #: share of requests answered with 429 + ``Retry-After`` regardless of the rate limit
    throttle_rate: float = 0.0
    #: share of requests whose connection is dropped without an answer
    drop_rate: float = 0.0
    #: share of requests that are *processed* but whose answer is then dropped (lost responses)
    lost_response_rate: float = 0.0
    #: seed of the fault dice, separate from the data seed so faults never change the data
    fault_seed: int = 1
    #: how many workspaces every organization may hold, seeded or created through the API (for
    #: benchmarks that build a 100-workspace organization of their own); None keeps the usual
    #: limits: 2 for a new (trial) organization, the seed's own for the seeded ones
    workspace_limit: int | None = None

    def __post_init__(self) -> None:
        # Refuse a bad setting here, naming it, rather than as a 500 on the first request.
        problems = list(_config_problems(self))
        if problems:
            raise ValueError("bad sandbox setting: " + "; ".join(problems))


#: the server errors ``error_rate`` can draw from
KNOWN_ERROR_STATUSES = (500, 502, 503, 504)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _config_problems(config: SandboxConfig) -> list[str]:
    problems: list[str] = []
    for name in ("seed", "fault_seed"):
        if not isinstance(getattr(config, name), int) or isinstance(getattr(config, name), bool):
            problems.append(f"{name} must be an integer")
    if config.scale not in ("demo", "large"):
        problems.append(f"scale must be 'demo' or 'large', not {config.scale!r}")
    for name in ("workspace_ready_delay_s", "latency_ms", "jitter_ms"):
        value = getattr(config, name)
        if not _is_number(value) or value < 0:
            problems.append(f"{name} must be a number >= 0, not {value!r}")
    if not _is_number(config.token_lifetime_s) or config.token_lifetime_s <= 0:
        problems.append(f"token_lifetime_s must be a number of seconds > 0, not {config.token_lifetime_s!r}")
    if config.rate_limit is not None and (not _is_number(config.rate_limit) or config.rate_limit <= 0):
        problems.append(f"rate_limit must be requests per second > 0, or None; not {config.rate_limit!r}")
    for name in ("error_rate", "throttle_rate", "drop_rate", "lost_response_rate"):
        value = getattr(config, name)
        if not _is_number(value) or not 0 <= value <= 1:
            problems.append(f"{name} is a share of requests between 0 and 1, not {value!r}")
    limit = config.workspace_limit
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        problems.append(f"workspace_limit must be an integer >= 1, or None; not {limit!r}")
    statuses = config.error_statuses
    if (
        not isinstance(statuses, tuple | list)
        or not statuses
        or any(isinstance(v, bool) or v not in KNOWN_ERROR_STATUSES for v in statuses)
    ):
        known = ", ".join(map(str, KNOWN_ERROR_STATUSES))
        problems.append(f"error_statuses must be a non-empty tuple drawn from {known}, not {statuses!r}")
    return problems


@dataclass(frozen=True)
class ExternalIdentity:
    """A Pro user (or Pro service account) as a workspace sees it after ``zenml-external`` login."""

    user_id: str
    username: str
    email: str | None
    name: str | None
    is_service_account: bool
    #: the user's effective role in the workspace: a workspace-level role name, or
    #: "Workspace Admin" when an organization admin/owner role implies it
    workspace_role: str
    #: may manage users, service accounts and keys in this workspace
    is_admin: bool


class BridgeError(Exception):
    """Raised by a :class:`ProBridge` method; the workspace half turns it into an OSS error body."""

    def __init__(self, status: int, exception_name: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.exception_name = exception_name
        self.message = message


class ProBridge(Protocol):
    """What the workspace half may ask of the Pro half."""

    def workspace_state(self, workspace_id: str) -> tuple[str, str, str] | None:
        """``(name, status, organization_id)`` of the workspace, or ``None`` when it does not exist."""

    def authorize_external(self, workspace_id: str, credential: str) -> ExternalIdentity:
        """Validate a Pro access token, or a ``ZENPROKEY_`` key, for this workspace.

        Raises :class:`BridgeError` 401 ``CredentialsNotValid`` for an unknown or expired
        credential and 403 ``IllegalOperationError`` when the user has no access to the workspace.
        """

    def workspace_members(self, workspace_id: str) -> list[ExternalIdentity]:
        """Every Pro user with access to the workspace (directly, through a team, or via org role)."""

    def now(self) -> float:
        """The sandbox clock (seconds since the epoch); tests may move it."""
