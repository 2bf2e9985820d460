"""``/auth/login`` (API key -> access token) and ``/users/authorize_server`` (token -> workspace user)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from ..tokens import API_KEY_PREFIX
from . import identity as pro_identity
from .auth import bearer_credential, runtime
from .errors import credentials_not_valid

Json = dict[str, Any]

router = APIRouter(tags=["auth"])


async def _form(request: Request) -> dict[str, str]:
    # Parsed by hand: the form parser FastAPI would use needs python-multipart, which we do not ship.
    if "multipart/" in request.headers.get("content-type", ""):
        return {}
    parsed = parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
    return {name: values[-1] for name, values in parsed.items()}


@router.post(
    "/auth/login",
    summary="Exchange a ZENPROKEY_ key (form field password, or bearer header) for an access token",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {"password": {"type": "string"}, "grant_type": {"type": "string"}},
                    }
                }
            }
        }
    },
)
async def login(request: Request) -> JSONResponse:
    pro = runtime(request)
    form = await _form(request)
    if form.get("grant_type") == "urn:ietf:params:oauth:grant-type:device_code":
        return JSONResponse(
            {
                "error": "unsupported_grant_type",
                "error_description": "The sandbox does not run the device flow; log in with an API key.",
                "error_uri": None,
            },
            status_code=400,
        )
    key = form.get("password") or ""
    if not key.startswith(API_KEY_PREFIX):
        header = bearer_credential(request) or ""
        key = header if header.startswith(API_KEY_PREFIX) else key
    if not key:
        return JSONResponse({"detail": "Invalid request: password is required."}, status_code=400)
    if not key.startswith(API_KEY_PREFIX):
        raise credentials_not_valid("Only ZENPROKEY_ API keys can log in to the sandbox.")
    user = pro.user_for_credential(key)
    token, lifetime = pro.issue_token(user)
    user.last_login = pro.clock.now()
    return JSONResponse(
        {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": lifetime,
            "device_id": None,
            "device_metadata": None,
        },
        headers={"Cache-Control": "no-store"},
    )


@router.get("/users/authorize_server", tags=["users"], summary="Map a Pro credential to a workspace user")
async def authorize_server(request: Request, server_id: Annotated[str, Query()]) -> Json:
    pro = runtime(request)
    credential = bearer_credential(request)
    if credential is None:
        raise credentials_not_valid("No credential: send Authorization: Bearer <token or key>.")
    user, _ = pro_identity.authorize(pro, server_id, credential)
    return {
        "id": user.id,
        "username": user.username,
        "email": user.email,
        "name": user.name,
        "is_superuser": user.is_superuser,
        "is_service_account": user.is_service_account,
        "avatar_url": user.avatar_url,
        "oidc_claims": None,
    }
