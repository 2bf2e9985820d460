"""Helpers for Session tests: an in-process sandbox app, a session on it, and raw reads of what it holds.

The raw reads go straight through httpx (no zpro_nb code), so a list can be checked against what
the sandbox really holds.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI

import zpro_nb
from zpro_nb._core.clock import ManualClock
from zpro_nb.emulator import SandboxConfig, create_app
from zpro_nb.session import AsyncSession

URL = "http://sandbox.localhost"


class SandboxClock(ManualClock):
    """The client's clock tied to the sandbox's: waiting on it moves the sandbox's time, never sleeps."""

    def __init__(self, app: FastAPI) -> None:
        import time

        super().__init__(start=time.time())
        self.app = app

    async def sleep(self, seconds: float) -> None:
        await super().sleep(seconds)
        self.app.state.clock.advance(seconds)


@dataclass
class Raw:
    """Raw reads of a sandbox app (in-process, or a server's URL), as a given demo user."""

    client: httpx.AsyncClient
    token: str = field(repr=False)  # never in a failure report

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def get(self, path: str, **params: Any) -> Any:
        response = await self.client.get(path, params=params, headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()

    async def all(self, path: str, **params: Any) -> list[dict[str, Any]]:
        """Every item of a Pro list (offset/limit pages of 100)."""
        items: list[dict[str, Any]] = []
        while True:
            page = await self.get(path, offset=len(items), limit=100, **params)
            items += page
            if len(page) < 100:
                return items

    async def org(self, name: str = "acme-ml") -> dict[str, Any]:
        found: dict[str, Any] = await self.get(f"/organizations/{name}")
        return found


def new_app(**config: Any) -> FastAPI:
    return create_app(SandboxConfig(**config))


async def open_async(app: FastAPI, who: str = "admin", **options: Any) -> AsyncSession:
    token = app.state.demo_credentials["tokens"][who]
    return await zpro_nb.connect_async(
        url=URL, token=token, transport=httpx.ASGITransport(app=app), **options
    )


async def raw_reader(app: FastAPI, who: str = "admin") -> AsyncIterator[Raw]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=URL) as client:
        yield Raw(client, app.state.demo_credentials["tokens"][who])
