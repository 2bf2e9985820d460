"""role_assignments reads workspace roles per workspace, as ZenML's own examples do.

An unscoped ``GET /roles/{id}/assignments`` is not documented to return every workspace's
assignments, so the client must not depend on it: each workspace role is asked about per workspace.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
from fixtures_sandbox import new_app

import zpro_nb
from zpro_nb._core.in_process import InProcessTransport


class Recording(InProcessTransport):
    def __init__(self, app: object) -> None:
        super().__init__(app=app)  # type: ignore[arg-type]
        self.urls: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        return await super().handle_async_request(request)


def test_workspace_roles_are_read_per_workspace() -> None:
    app = new_app()
    transport = Recording(app)
    s = zpro_nb.connect(
        url="http://sandbox.localhost",
        token=app.state.demo_credentials["tokens"]["admin"],
        transport=transport,
    )
    try:
        frame = s.role_assignments(progress=False)
        roles = s.roles()
        workspaces = s.workspaces()
    finally:
        s.close()
    level_of = dict(zip(roles["id"], roles["level"], strict=True))
    scopes: dict[str, set[str | None]] = {}
    for url in transport.urls:
        parts = urlsplit(url)
        if parts.path.startswith("/roles/") and parts.path.endswith("/assignments"):
            role_id = parts.path.split("/")[2]
            scopes.setdefault(role_id, set()).add(parse_qs(parts.query).get("workspace_id", [None])[0])
    workspace_roles = [r for r, level in level_of.items() if level == "workspace"]
    assert workspace_roles
    for role_id in workspace_roles:
        assert None not in scopes[role_id]  # never an unscoped read of a workspace role
        assert len(scopes[role_id]) >= 2  # one read per workspace of the role's organization
    assert set(frame["workspace_id"].dropna()) <= set(workspaces["id"])
    assert frame["workspace_id"].notna().any()  # workspace assignments were found
    assert frame["workspace_id"].isna().any()  # and organization ones
