"""The exceptions zpro_nb raises (one hierarchy under ``ZProError``)."""

from ._core.credentials import TokenExpiryWarning
from ._core.errors import (
    AuthenticationError,
    Conflict,
    InconsistentList,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    TransportError,
    UnexpectedResponse,
    ValidationFailed,
    ZProError,
)

__all__ = [
    "AuthenticationError",
    "Conflict",
    "InconsistentList",
    "InvalidArgument",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
    "ServerError",
    "TokenExpiryWarning",
    "TransportError",
    "UnexpectedResponse",
    "ValidationFailed",
    "ZProError",
]
