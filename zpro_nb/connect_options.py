"""The connection settings, defined once for ``connect``, ``connect_async``, ``connect_workspace``
and ``connect_workspace_async``, and the transport built from them."""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING, TypedDict

from ._core.limits import Limits
from ._core.transport import Transport
from .arguments import require_number

if TYPE_CHECKING:
    import httpx

    from ._core.bounds import ReadBounds
    from ._core.clock import Clock
    from ._core.retry import RetryPolicy

__all__ = ["API_URL_ENV", "DEFAULT_PRO_API_URL", "ConnectOptions", "new_transport", "resolve_api_url"]

DEFAULT_PRO_API_URL = "https://cloudapi.zenml.io"
API_URL_ENV = "ZENML_PRO_API_URL"


class ConnectOptions(TypedDict, total=False):
    """How a session talks to its servers (keyword arguments of every connect function).

    ``allow_insecure`` (default False): allow plain ``http://`` to a host that is not loopback.
    ``max_concurrency`` (16): requests in flight at once, over every API the session reaches.
    ``rate_limit`` (None): requests per second at most. ``transport`` (None: the network): an
    ``httpx`` transport to send through instead (e.g. ``httpx.ASGITransport``). ``retry`` (None: the
    default policy): which failures are retried and how. ``clock`` (None: the system clock): the
    clock retries and expiry read. ``request_timeout`` (30.0): seconds one request may take.
    ``bounds`` (None: the defaults): a ``ReadBounds`` capping what one call may read.
    """

    allow_insecure: bool
    max_concurrency: int
    rate_limit: float | None
    transport: httpx.AsyncBaseTransport | None
    retry: RetryPolicy | None
    clock: Clock | None
    request_timeout: float
    bounds: ReadBounds | None


def resolve_api_url(url: str | None = None) -> str:
    """The Pro API root: the argument, else ``ZENML_PRO_API_URL``, else ``https://cloudapi.zenml.io``.

    A self-hosted control plane's root ends in ``/api/v1``; it is used as given.
    """
    chosen = url or os.environ.get(API_URL_ENV, "").strip() or DEFAULT_PRO_API_URL
    return chosen.rstrip("/")


def new_transport(options: ConnectOptions, loop: asyncio.AbstractEventLoop | None) -> Transport:
    """The shared transport ``options`` describe (an unknown option is a ``TypeError``, as it would
    be for a function that listed them one by one)."""
    unknown = sorted(set(options) - set(ConnectOptions.__annotations__))
    if unknown:
        raise TypeError(f"unexpected keyword argument {unknown[0]!r}")
    timeout = options.get("request_timeout", 30.0)
    require_number("request_timeout", timeout, strict=True)
    clock = options.get("clock")
    return Transport(
        limits=Limits(options.get("max_concurrency", 16), options.get("rate_limit"), clock=clock),
        retry=options.get("retry"),
        transport=options.get("transport"),
        timeout=timeout,
        clock=clock,
        loop=loop,
        bounds=options.get("bounds"),
    )
