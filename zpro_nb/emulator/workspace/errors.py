"""The ZenML OSS server's error bodies, reproduced for the sandbox's workspace API.

Three shapes occur on the real server (observed on 0.98.0, see ``docs/contract.md``):

* ZenML exceptions: ``{"detail": ["<ExceptionName>", "<message>"]}``;
* framework errors: ``{"detail": "<message>"}`` (e.g. login form errors, "Not authenticated");
* request validation (FastAPI): a bare list ``["ValueError", "<n> validation error(s): ..."]``.

The app that mounts the workspace router is owned by the Pro half, so the workspace half cannot
register app-wide exception handlers. :class:`OSSRoute` turns the errors of the workspace routes
into these bodies itself.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from ..contracts import BridgeError


class OSSError(Exception):
    """An error the workspace API answers with ``{"detail": [exception_name, message]}``."""

    def __init__(self, status: int, exception_name: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.exception_name = exception_name
        self.message = message


class PlainError(Exception):
    """An error answered with a string ``detail`` (FastAPI ``HTTPException`` style)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def not_found(message: str) -> OSSError:
    """A 404 ``KeyError``; the real server wraps the message in an extra pair of quotes."""
    return OSSError(404, "KeyError", f'"{message}"')


def exists(message: str) -> OSSError:
    """A 409 ``EntityExistsError``."""
    return OSSError(409, "EntityExistsError", message)


def admin_only(action: str) -> OSSError:
    """The 403 a non-admin gets for a user/service-account/key write on the real server."""
    return OSSError(
        403, "IllegalOperationError", f"Only admin users can perform `{action}` without RBAC enabled."
    )


def credentials_not_valid(reason: str) -> OSSError:
    """A 401 ``CredentialsNotValid`` (bad or expired token, bad key)."""
    return OSSError(401, "CredentialsNotValid", f"Authentication error: {reason}")


def filter_error(filter_name: str, message: str, loc: str | None = None, value: object = None) -> OSSError:
    """A 422 for an invalid list filter or ``sort_by``: wrapped in ``detail``, pydantic-style text."""
    location = f"\n{loc}" if loc else ""
    text = (
        f"1 validation error for {filter_name}{location}\n  Value error, {message} "
        f"[type=value_error, input_value={value!r}, input_type={type(value).__name__}]\n"
        "    For further information visit https://errors.pydantic.dev/2.12/v/value_error"
    )
    return OSSError(422, "ValueError", text)


def validation_body(errors: Any, method: str, path: str) -> list[str]:
    """The bare-list 422 body of a request-validation error.

    The real server appends the server-side file path of the handler; the sandbox keeps the
    shape but leaves out the path (there is no file to point at).
    """
    items = list(errors)
    plural = "s" if len(items) != 1 else ""
    lines = "".join(f"  {_plain(error)!r}\n" for error in items)
    return ["ValueError", f"{len(items)} validation error{plural}:\n{lines}\n    {method} {path}"]


def _plain(error: Any) -> Any:
    if isinstance(error, dict):
        return {k: (tuple(v) if k == "loc" else v) for k, v in error.items() if k != "url"}
    return error


def error_response(exc: Exception, request: Request) -> Response | None:
    """The OSS-shaped response for an exception, or ``None`` when it is not one we shape."""
    if isinstance(exc, OSSError):
        return JSONResponse({"detail": [exc.exception_name, exc.message]}, status_code=exc.status)
    if isinstance(exc, BridgeError):
        return JSONResponse({"detail": [exc.exception_name, exc.message]}, status_code=exc.status)
    if isinstance(exc, PlainError):
        return JSONResponse({"detail": exc.message}, status_code=exc.status, headers=exc.headers)
    if isinstance(exc, RequestValidationError):
        return JSONResponse(
            validation_body(exc.errors(), request.method, request.scope.get("route_path", request.url.path)),
            status_code=422,
        )
    return None


class OSSRoute(APIRoute):
    """An ``APIRoute`` whose errors come back in the real server's shapes."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        template = self.path_format

        async def oss_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except (OSSError, BridgeError, PlainError, RequestValidationError) as exc:
                # Report the path as the workspace server sees it (without the sandbox mount prefix).
                request.scope["route_path"] = template.split("{workspace_id}", 1)[-1]
                response = error_response(exc, request)
                assert response is not None
                return response

        return oss_handler
