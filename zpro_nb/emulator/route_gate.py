"""Requests for a workspace's API go straight to the workspace routes.

The app matches routes in order, one path pattern after another. The workspace routes are included
after every Pro route (their paths never overlap, and the documented API lists the Pro API first),
so each workspace request was tried against some 80 Pro patterns first: ~0.3 ms of the sandbox's
CPU per request, a fifth of its time serving a page of runs. A gate at the head of the list hands
a ``/ws/...`` path to the workspace routes at once; any other path passes it with one prefix test.
The workspace routes stay where they were, so the OpenAPI document is unchanged.
"""

from __future__ import annotations

from starlette.datastructures import URLPath
from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.types import Receive, Scope, Send

__all__ = ["PrefixGate"]


class PrefixGate(BaseRoute):
    """Matches what ``route`` matches, for paths under ``prefix`` only; handles them as ``route``."""

    def __init__(self, prefix: str, route: BaseRoute) -> None:
        self.prefix = prefix
        self.route = route

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """``route``'s match for a path under the prefix, no match for any other."""
        if scope["type"] in ("http", "websocket") and str(scope.get("path", "")).startswith(self.prefix):
            return self.route.matches(scope)
        return Match.NONE, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Served by ``route``."""
        await self.route.handle(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: object) -> URLPath:
        """URLs are built by the routes themselves, where they stand in the list."""
        raise NoMatchFound(name, {k: str(v) for k, v in path_params.items()})
