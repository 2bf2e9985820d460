"""The Pro half as the workspace half sees it (:class:`~zpro_nb.emulator.contracts.ProBridge`)."""

from __future__ import annotations

from ..contracts import BridgeError, ExternalIdentity
from . import identity as pro_identity
from .errors import ProError
from .lifecycle import settle
from .runtime import ProRuntime


class StoreBridge:
    """Answers the workspace half's questions from the Pro store."""

    def __init__(self, pro: ProRuntime) -> None:
        self._pro = pro

    def workspace_state(self, workspace_id: str) -> tuple[str, str, str] | None:
        ws = self._pro.store.workspaces.get(workspace_id)
        if ws is None:
            return None
        settle(ws, self._pro.clock.now())
        return ws.name, ws.status, ws.organization_id

    def authorize_external(self, workspace_id: str, credential: str) -> ExternalIdentity:
        try:
            _, identity = pro_identity.authorize(self._pro, workspace_id, credential)
        except ProError as exc:
            raise BridgeError(exc.status, exc.exception_name, exc.message) from None
        return identity

    def workspace_members(self, workspace_id: str) -> list[ExternalIdentity]:
        return pro_identity.members(self._pro, workspace_id)

    def now(self) -> float:
        return self._pro.clock.now()
