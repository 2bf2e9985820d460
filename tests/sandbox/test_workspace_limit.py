"""``workspace_limit`` / ``--workspace-limit N``: how many workspaces an organization may hold."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fixtures_sandbox import ProClient, asgi_client, new_app

from zpro_nb.emulator import SandboxConfig
from zpro_nb.emulator.server import build_parser, config_from_args

pytestmark = pytest.mark.anyio


async def _pro(config: SandboxConfig) -> AsyncIterator[ProClient]:
    app = new_app(config)
    async with asgi_client(app) as client:
        yield ProClient(app, client)


@pytest.fixture
async def lifted() -> AsyncIterator[ProClient]:
    async for pro in _pro(SandboxConfig(workspace_limit=12)):
        yield pro


@pytest.fixture
async def usual() -> AsyncIterator[ProClient]:
    async for pro in _pro(SandboxConfig()):
        yield pro


async def _own_organization(pro: ProClient) -> str:
    # The demo admin already owns acme-ml; the manager owns nothing yet.
    created = await pro.post("/organizations", who="manager", json={"name": "bench-org"})
    assert created.status_code == 200, created.text
    org_id: str = created.json()["id"]
    return org_id


async def _create_workspaces(pro: ProClient, org_id: str, count: int) -> list[int]:
    statuses = []
    for i in range(count):
        response = await pro.post(
            "/workspaces", who="manager", json={"name": f"ws-{i}", "organization_id": org_id}
        )
        statuses.append(response.status_code)
    return statuses


async def test_a_new_organization_holds_two_workspaces_by_default(usual: ProClient) -> None:
    org_id = await _own_organization(usual)
    assert await _create_workspaces(usual, org_id, 3) == [200, 200, 402]


async def test_the_limit_lets_a_new_organization_hold_that_many_workspaces(lifted: ProClient) -> None:
    org_id = await _own_organization(lifted)
    assert await _create_workspaces(lifted, org_id, 13) == [200] * 12 + [402]
    entitlement = await lifted.get(f"/organizations/{org_id}/entitlement/workspace", who="manager")
    assert entitlement.status_code == 402  # all 12 used


async def test_the_limit_applies_to_the_seeded_organizations_without_changing_their_data(
    lifted: ProClient, usual: ProClient
) -> None:
    for name, usual_limit in (("acme-ml", 25), ("acme-research", 3)):
        org_id = await lifted.org_id(name)
        got = (await lifted.get(f"/organizations/{org_id}/entitlement/workspace")).json()
        assert got["limit"] == 12
        before = (await usual.get(f"/organizations/{org_id}/entitlement/workspace")).json()
        assert before["limit"] == usual_limit
        assert got["usage"] == before["usage"]
    assert list(lifted.app.state.pro.store.assignments) == list(usual.app.state.pro.store.assignments)


def test_the_server_flag_sets_the_limit_and_refuses_nonsense(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    assert config_from_args(parser.parse_args(["--workspace-limit", "100"])).workspace_limit == 100
    assert config_from_args(parser.parse_args([])).workspace_limit is None
    for bad in ("0", "-3", "many"):
        with pytest.raises(SystemExit):
            parser.parse_args(["--workspace-limit", bad])
    assert "--workspace-limit" in capsys.readouterr().err
    for value in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="workspace_limit"):
            SandboxConfig(workspace_limit=value)  # type: ignore[arg-type]
