"""Errors as the ZenML servers write them: ``{"detail": ["<ExceptionName>", "<message>"]}``."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse


class ProError(Exception):
    """An error answer with its status, the exception name clients key on, and a message."""

    def __init__(self, status: int, exception_name: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.exception_name = exception_name
        self.message = message


def not_found(message: str) -> ProError:
    return ProError(404, "KeyError", message)


def forbidden(message: str) -> ProError:
    return ProError(403, "IllegalOperationError", message)


def conflict(message: str) -> ProError:
    return ProError(409, "EntityExistsError", message)


def invalid(message: str) -> ProError:
    """A request that is well-formed but breaks a rule (bad name, wrong scope, ...)."""
    return ProError(422, "ValueError", message)


def credentials_not_valid(message: str) -> ProError:
    return ProError(401, "CredentialsNotValid", message)


def upgrade_required(message: str) -> ProError:
    return ProError(402, "SubscriptionUpgradeRequiredError", message)


async def pro_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """Render a :class:`ProError` (registered on the app for that class)."""
    assert isinstance(exc, ProError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse(
        {"detail": [exc.exception_name, exc.message]}, status_code=exc.status, headers=headers
    )
