"""The exceptions zpro_nb raises (one hierarchy under ``ZProError``)."""

from ._core.credentials import TokenExpiryWarning
from ._core.errors import (
    AuthenticationError,
    Conflict,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    TransportError,
    ValidationFailed,
    ZProError,
)

__all__ = [
    "AuthenticationError",
    "Conflict",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
    "ServerError",
    "TokenExpiryWarning",
    "TransportError",
    "ValidationFailed",
    "ZProError",
]
