"""What every area of ``AsyncWorkspaceSession`` stands on: the workspace's API client, who is
signed in, and how a session shows itself."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn, Self

from .._core.credentials import Auth
from .._core.transport import ApiClient, Transport
from ..api.workspace import users as users_api
from ..models.workspace import WorkspaceUser
from .records_only import hand_over, records_asked

if TYPE_CHECKING:
    from types import TracebackType

    import pandas as pd

    from ..frames.schema import FrameSchema

__all__ = ["UUID", "WorkspaceCore", "api_root", "frame_schema", "pickle_refused"]

UUID = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")


def frame_schema(name: str) -> FrameSchema:
    """The declared frame schema ``name``; frames (and pandas) load on the first list, not at
    ``import zpro_nb``."""
    from ..frames import SCHEMAS  # lazy: frames load pandas

    return SCHEMAS[name]


def api_root(server_url: str) -> str:
    """``{server_url}/api/v1`` (a URL that already ends in ``/api/v1`` is kept)."""
    url = server_url.rstrip("/")
    return url if url.endswith("/api/v1") else f"{url}/api/v1"


def pickle_refused(self: object) -> NoReturn:
    """``__reduce__`` of every workspace session: it holds live credentials."""
    raise TypeError(f"a {type(self).__name__} cannot be pickled: it holds live credentials")


class WorkspaceCore:
    """One workspace's API client and the signed-in user."""

    def __init__(
        self,
        transport: Transport,
        server_url: str,
        auth: Auth,
        *,
        name: str | None = None,
        workspace_id: str | None = None,
        allow_insecure: bool = False,
        owns_transport: bool = False,
    ) -> None:
        self.transport = transport
        self.server_url = server_url.rstrip("/")
        self.name = name
        self.workspace_id = workspace_id
        self.client: ApiClient = transport.client(api_root(server_url), auth, allow_insecure=allow_insecure)
        self._owns_transport = owns_transport
        self._me: WorkspaceUser | None = None

    # --- identity ------------------------------------------------------------------------------

    async def whoami(self, refresh: bool = False) -> WorkspaceUser:
        """The signed-in workspace user (``GET /current-user``), cached after the first call."""
        if self._me is None or refresh:
            self._me = await users_api.get_current_user(self.client)
        return self._me

    async def _frame(
        self, schema: str, records: list[dict[str, Any]], **values: Sequence[Any]
    ) -> pd.DataFrame:
        """``records`` laid out under the frame schema ``schema``: the last step of every list method.

        A list method returns this frame as it is: asked across workspaces (``records_only``), the
        method ends here and the records go to one frame built from every workspace's, so anything
        done to the frame afterwards would be missing from that one.
        """
        if records_asked(schema):
            hand_over(schema, records, values)
        return frame_schema(schema).build(records, values=values or None)

    @property
    def _where(self) -> str:
        return f" in workspace {self.name or self.server_url}"

    # --- display and lifecycle -----------------------------------------------------------------

    def _describe(self) -> list[tuple[str, str]]:
        rows = [("url", self.server_url)]
        if self.name:
            rows.insert(0, ("workspace", self.name))
        if self._me is not None:
            rows.append(("user", self._me.label()))
        auth = self.client.auth
        rows.append(("credential", str(getattr(auth, "description", "token"))))
        return rows

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{k}={v!r}" for k, v in self._describe()) + ")"

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
            f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
            for k, v in self._describe()
        )
        return f"<div><b>ZenML workspace session</b><table>{body}</table></div>"

    __reduce__ = pickle_refused

    async def aclose(self) -> None:
        """Close the connections if this session owns them (one reached through Pro shares them)."""
        if self._owns_transport:
            await self.transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
