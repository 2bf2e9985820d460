"""The sync Session and WorkspaceSession: same names as the async ones, each a thin run on the loop thread."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import pytest

import zpro_nb
from zpro_nb.notebook_session import AsyncSession, Session
from zpro_nb.workspace_session import AsyncWorkspaceSession, WorkspaceSession

RESOURCE_METHODS = [
    "organizations",
    "workspaces",
    "users",
    "members",
    "teams",
    "team_members",
    "roles",
    "role_assignments",
    "invitations",
    "get_organization",
    "get_workspace",
    "get_user",
    "get_team",
    "get_role",
    "workspace",
    "validate_workspace_name",
    "create_workspace",
    "update_workspace",
    "deactivate_workspace",
    "redeploy_workspace",
    "delete_workspace",
    "invite_user",
    "assign_role",
    "revoke_role",
    "create_team",
    "add_team_member",
    "remove_team_member",
    "deactivate_user",
    "access_matrix",
    "access_table",
    "workspace_inventory",
    "stale_invitations",
    "inactive_users",
    # across workspaces, and access reviews
    "runs",
    "pipelines",
    "stacks",
    "service_accounts",
    "api_keys",
    "artifacts",
    "models",
    "access_snapshot",
    "access_review",
]


@pytest.fixture(scope="module")
def s() -> Iterator[Session]:
    with zpro_nb.sandbox() as session:
        yield session


@pytest.mark.parametrize("name", RESOURCE_METHODS)
def test_sync_and_async_have_the_same_methods_and_parameters(name: str) -> None:
    sync, aio = getattr(Session, name), getattr(AsyncSession, name)
    assert inspect.iscoroutinefunction(aio)
    assert not inspect.iscoroutinefunction(sync)
    assert list(inspect.signature(sync).parameters) == list(inspect.signature(aio).parameters)


def test_workspace_sessions_have_the_same_methods() -> None:
    public = [
        n
        for n in dir(AsyncWorkspaceSession)
        if not n.startswith("_") and callable(getattr(AsyncWorkspaceSession, n))
    ]
    for name in public:
        if name == "aclose":
            continue
        assert hasattr(WorkspaceSession, name), name
        aio = getattr(AsyncWorkspaceSession, name)
        assert list(inspect.signature(getattr(WorkspaceSession, name)).parameters) == list(
            inspect.signature(aio).parameters
        ), name


def test_sync_lists_and_the_workspace_hop(s: Session) -> None:
    orgs = s.organizations()
    assert set(orgs["name"]) == {"acme-ml", "acme-research"}
    ws = s.workspace("production")
    assert isinstance(ws, WorkspaceSession)
    runs = ws.runs(max_items=5)
    assert len(runs) == 5
    assert "production" in repr(ws)


def test_sync_calls_work_inside_a_running_event_loop(s: Session) -> None:
    import asyncio

    async def inside() -> int:
        return len(s.workspaces())  # a notebook cell: a loop is running on this thread

    assert asyncio.run(inside()) == len(s.workspaces())


def test_connect_workspace_needs_a_url_and_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("ZENML_STORE_URL", "ZENML_STORE_API_KEY", "ZENML_STORE_API_TOKEN", "ZENML_STORE_USERNAME"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(ValueError, match="ZENML_STORE_URL"):
        zpro_nb.connect_workspace()
    with pytest.raises(zpro_nb.AuthenticationError, match="ZENML_STORE_API_KEY"):
        zpro_nb.connect_workspace("http://127.0.0.1:9")
