"""Authentication for Pro routes: the bearer dependency and the ``Caller`` every route receives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from .rbac import Access
from .render import Renderer
from .runtime import ProRuntime
from .state import ProStore, User


def runtime(request: Request) -> ProRuntime:
    """The app's :class:`ProRuntime`."""
    pro: ProRuntime = request.app.state.pro
    return pro


def bearer_credential(request: Request) -> str | None:
    """The credential in ``Authorization: Bearer ...``, or ``None``."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


@dataclass
class Caller:
    """The authenticated user of one request, with their access and a renderer for answers."""

    user: User
    access: Access
    pro: ProRuntime
    render: Renderer
    now: float

    @property
    def store(self) -> ProStore:
        return self.pro.store


async def authenticated(request: Request) -> Caller:
    """Resolve the caller or answer 401 (FastAPI's plain body when no credential is sent at all)."""
    pro = runtime(request)
    credential = bearer_credential(request)
    if credential is None:
        raise HTTPException(
            status_code=401, detail="Not authenticated", headers={"WWW-Authenticate": "Bearer"}
        )
    user = pro.user_for_credential(credential)
    now = pro.clock.now()
    return Caller(
        user=user,
        access=Access(pro.store, user),
        pro=pro,
        render=Renderer(pro.store, str(request.base_url), now),
        now=now,
    )


CallerDep = Annotated[Caller, Depends(authenticated)]
