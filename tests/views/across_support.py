"""Test parts for calls across workspaces: a transport that takes a workspace down on its first request,
and one that counts requests (both around a real transport: the in-process app or real HTTP)."""

from __future__ import annotations

import httpx

DEACTIVATED = "deactivated"


class DeactivateOnFirstRead(httpx.AsyncBaseTransport):
    """Forwards everything; the first request to ``/ws/{victim}/...`` first deactivates that workspace
    through the sandbox's own control route, so the workspace goes away in the middle of the call
    (after it was listed as available, before its API answers)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, base_url: str, admin_token: str) -> None:
        self.inner = inner
        self.base_url = base_url
        self._token = admin_token
        self.victim: str | None = None
        self.done = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.victim and not self.done and request.url.path.startswith(f"/ws/{self.victim}/"):
            self.done = True
            # Straight through the shared transport: a client of its own would close it on exit.
            control = httpx.Request(
                "PUT",
                f"{self.base_url}/_sandbox/workspaces/{self.victim}/status",
                json={"status": DEACTIVATED},
                headers={"Authorization": f"Bearer {self._token}"},
            )
            answer = await self.inner.handle_async_request(control)
            await answer.aread()
            assert answer.status_code == 200, answer.text
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


class Counting(httpx.AsyncBaseTransport):
    """Counts the requests that reach the app, by path prefix; ``events`` has each one's
    ``("sent", path)`` and ``("answered", path)`` in the order they happened."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.paths: list[str] = []
        self.events: list[tuple[str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        self.events.append(("sent", request.url.path))
        response = await self.inner.handle_async_request(request)
        self.events.append(("answered", request.url.path))
        return response

    def reset(self) -> None:
        self.paths.clear()
        self.events.clear()

    def count(self, containing: str = "") -> int:
        return sum(containing in p for p in self.paths)
