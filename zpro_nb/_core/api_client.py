"""``ApiClient``: one base URL and one auth, sending through the shared ``Transport``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

import httpx

from .bounds import ReadBounds
from .decoding import decode
from .limits import Hold

if TYPE_CHECKING:
    from .auth import Auth

__all__ = ["ApiClient", "Sender"]


class Sender(Protocol):
    """What an ``ApiClient`` sends through: ``transport.Transport``, which imports this module, so
    the client names only what it and its readers use, and the import points one way."""

    @property
    def bounds(self) -> ReadBounds:
        """The read bounds every list read through this client keeps to."""
        ...

    async def send(
        self,
        api: ApiClient,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
    ) -> httpx.Response:
        """Send with auth, limits and retries; return the response or raise a ``ZProError``."""
        ...


class ApiClient:
    """A base URL and an auth, sending through the shared Transport (retry, limits, errors)."""

    def __init__(
        self,
        transport: Sender,
        base_url: str,
        auth: Auth | None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.transport = transport
        self.base_url = base_url.rstrip("/")
        self.auth = auth
        self.headers: dict[str, str] = dict(headers or {})
        #: the wait a 429 asked of this client (this credential at this server), kept by all its requests
        self.hold = Hold()

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` (relative to the base URL)."""
        if not path:
            return self.base_url
        return f"{self.base_url}/{path.lstrip('/')}"

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
    ) -> httpx.Response:
        """Send a request; a 2xx comes back as the response, anything else raises a ``ZProError``."""
        return await self.transport.send(
            self, method, path, params=params, json=json, data=data, headers=headers, idempotent=idempotent
        )

    async def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET and return the parsed JSON (``None`` on 204)."""
        return decode(await self.request("GET", path, params=params))

    async def post(
        self,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
    ) -> Any:
        """POST and return the parsed JSON."""
        return decode(await self.request("POST", path, params=params, json=json, data=data))

    async def put(self, path: str, *, params: Mapping[str, Any] | None = None, json: Any = None) -> Any:
        """PUT and return the parsed JSON."""
        return decode(await self.request("PUT", path, params=params, json=json))

    async def patch(self, path: str, *, params: Mapping[str, Any] | None = None, json: Any = None) -> Any:
        """PATCH and return the parsed JSON."""
        return decode(await self.request("PATCH", path, params=params, json=json))

    async def delete(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """DELETE and return the parsed JSON (``None`` on 204 or an empty body)."""
        return decode(await self.request("DELETE", path, params=params))

    def __repr__(self) -> str:
        return f"ApiClient({self.base_url!r}, auth={type(self.auth).__name__ if self.auth else None})"
