"""The exceptions zpro_nb raises (one hierarchy under ``ZProError``)."""

from ._core.credentials import TokenExpiryWarning
from ._core.errors import (
    AuthenticationError,
    Conflict,
    ConnectionFailed,
    InconsistentList,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    UnexpectedResponse,
    ValidationFailed,
    ZProError,
)

__all__ = [
    "AuthenticationError",
    "Conflict",
    "ConnectionFailed",
    "InconsistentList",
    "InvalidArgument",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
    "ServerError",
    "TokenExpiryWarning",
    "UnexpectedResponse",
    "ValidationFailed",
    "ZProError",
]
