"""An ASGI transport for in-process servers that fails the way a network does.

Over real HTTP a server that drops a connection reaches httpx as ``RemoteProtocolError``, which the
retry policy knows. In-process, an app can only raise (the sandbox raises ``ConnectionError``
subclasses for its dropped-connection faults), and ``httpx.ASGITransport`` re-raises that as is.
Turning it into the same httpx error keeps retries, and the tests of them, identical in both modes.
"""

from __future__ import annotations

import httpx


class InProcessTransport(httpx.ASGITransport):
    """``httpx.ASGITransport`` whose connection-level failures surface as httpx transport errors."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except ConnectionError:
            # The message names no header: the request object (with its bearer) stays out of it.
            raise httpx.RemoteProtocolError(
                "the server dropped the connection without a response", request=request
            ) from None
