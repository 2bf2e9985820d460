"""Opening a session of any class built on :class:`~zpro_nb.session.core.SessionCore`: the API root,
the credential chain, the transport on the right loop, and closing again when the credential fails.

``zpro_nb.connect()`` and ``zpro_nb.connect_async()`` (in :mod:`zpro_nb.notebook_session`) pass the
composed notebook session's class; nothing here knows which areas it has.
"""

from __future__ import annotations

import asyncio
from typing import TypeVar

from .._core.credentials import resolve_pro_credentials
from .._core.loop import background_loop, run_sync
from ..connect_options import ConnectOptions, new_transport, resolve_api_url
from .core import SessionCore

__all__ = ["open_async", "open_on_background_loop"]

S = TypeVar("S", bound=SessionCore)


def open_on_background_loop(
    session_class: type[S], token: str | None, api_key: str | None, url: str | None, options: ConnectOptions
) -> S:
    """A ``session_class`` on zpro_nb's loop thread, signed in (or showing the paste field)."""
    api_url = resolve_api_url(url)
    credential = resolve_pro_credentials(token, api_key, api_url=api_url)
    core = new_transport(options, background_loop())
    aio = session_class(core, api_url, allow_insecure=options.get("allow_insecure", False))
    if credential is None:
        aio.await_paste()
        return aio
    try:
        run_sync(aio.use_credential(credential))
    except BaseException:
        run_sync(aio.aclose())
        raise
    return aio


async def open_async(
    session_class: type[S], token: str | None, api_key: str | None, url: str | None, options: ConnectOptions
) -> S:
    """A ``session_class`` on the running loop, signed in."""
    api_url = resolve_api_url(url)
    credential = resolve_pro_credentials(token, api_key, api_url=api_url)
    core = new_transport(options, asyncio.get_running_loop())
    aio = session_class(core, api_url, allow_insecure=options.get("allow_insecure", False))
    try:
        await aio.use_credential(credential)
    except BaseException:
        await aio.aclose()
        raise
    return aio
