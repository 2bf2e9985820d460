"""The sandbox as a separate process over real HTTP: start, announce, serve, stop cleanly."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import httpx
import pytest
from fixtures_sandbox import SandboxServer, bearer, new_app, start_sandbox_server, stop_sandbox_server

from zpro_nb.emulator.server import main


def test_first_line_is_the_json_announcement(sandbox_server: SandboxServer) -> None:
    assert sandbox_server.url.startswith("http://127.0.0.1:")
    assert set(sandbox_server.tokens) == set(sandbox_server.api_keys) == {"admin", "manager", "viewer"}
    assert "ZENPROKEY_" not in repr(sandbox_server)


def test_the_show_admin_lists_organizations(sandbox_server: SandboxServer) -> None:
    response = httpx.get(
        f"{sandbox_server.url}/organizations", headers=bearer(sandbox_server.tokens["admin"])
    )
    assert response.status_code == 200
    assert [o["name"] for o in response.json()] == ["acme-ml", "acme-research"]


def test_the_show_viewer_cannot_create_a_workspace(sandbox_server: SandboxServer) -> None:
    viewer = bearer(sandbox_server.tokens["viewer"])
    org_id = httpx.get(f"{sandbox_server.url}/organizations/acme-ml", headers=viewer).json()["id"]
    response = httpx.post(
        f"{sandbox_server.url}/workspaces",
        headers=viewer,
        json={"name": "from-viewer", "organization_id": org_id},
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": ["IllegalOperationError", "This needs the Organization Manager or Organization Admin role."]
    }


def test_api_key_login_and_workspace_lifecycle_over_http(sandbox_server: SandboxServer) -> None:
    with httpx.Client(base_url=sandbox_server.url, timeout=10) as client:
        login = client.post("/auth/login", data={"password": sandbox_server.api_keys["manager"]})
        assert login.status_code == 200
        client.headers.update(bearer(login.json()["access_token"]))
        org_id = client.get("/organizations/acme-ml").json()["id"]
        created = client.post("/workspaces", json={"name": "over-http", "organization_id": org_id}).json()
        assert created["status"] == "pending"
        moved = client.post(
            "/_sandbox/clock", json={"advance_s": 1}, headers=bearer(sandbox_server.tokens["admin"])
        )
        assert moved.status_code == 200
        ready = client.get(f"/workspaces/{created['id']}").json()
        assert ready["status"] == "available"
        server_url = ready["zenml_service"]["status"]["server_url"]
        assert server_url == f"{sandbox_server.url}/ws/{created['id']}"
        # The workspace's own API answers under its server URL.
        assert client.get(f"{server_url}/health").status_code == 200
        assert client.delete(f"/workspaces/{created['id']}").status_code == 204


def test_docs_are_served(sandbox_server: SandboxServer) -> None:
    assert httpx.get(f"{sandbox_server.url}/docs").status_code == 200
    assert "/workspaces" in httpx.get(f"{sandbox_server.url}/openapi.json").json()["paths"]


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_stops_cleanly_on_signals(stop_signal: signal.Signals) -> None:
    server = start_sandbox_server(
        "--seed", "3", "--scale", "demo", "--latency-ms", "0", "--token-lifetime", "60"
    )
    assert httpx.get(f"{server.url}/health").json() == "OK"
    server.process.send_signal(stop_signal)
    # its stderr is the test's own (captured by pytest, shown if this fails)
    assert server.process.wait(timeout=15) == 0


def test_options_reach_the_sandbox() -> None:
    server = start_sandbox_server("--token-lifetime", "120", "--error-rate", "1", "--seed", "5")
    try:
        login = httpx.post(f"{server.url}/auth/login", data={"password": server.api_keys["admin"]})
        assert login.status_code in (500, 502, 503)
        assert httpx.get(f"{server.url}/health").status_code == 200
        headers = bearer(server.tokens["admin"])
        assert (
            httpx.put(f"{server.url}/_sandbox/faults", headers=headers, json={"error_rate": 0}).status_code
            == 200
        )
        login = httpx.post(f"{server.url}/auth/login", data={"password": server.api_keys["admin"]})
        assert login.json()["expires_in"] == 120
    finally:
        assert stop_sandbox_server(server) == 0


def test_refuses_hosts_other_than_loopback() -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--host", "0.0.0.0", "--port", "0"])
    assert exited.value.code == 2


def test_module_entry_point_prints_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "zpro_nb.emulator", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert "--ready-delay" in result.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout.splitlines()[0])


def test_the_listening_socket_is_tcp_so_asyncio_turns_nagle_off() -> None:
    # With Nagle's algorithm on, the second request on a connection waits for a delayed ACK (~40 ms);
    # asyncio sets TCP_NODELAY only on IPPROTO_TCP sockets. Checking the option keeps this timing-free.
    import socket as socket_module

    from zpro_nb.emulator.server import bind_loopback

    sock = bind_loopback(0)
    try:
        assert sock.proto == socket_module.IPPROTO_TCP
    finally:
        sock.close()


def test_the_root_address_answers_with_a_page_that_links_to_the_docs() -> None:
    import asyncio

    async def fetch() -> httpx.Response:
        app = new_app(error_rate=1.0)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sb") as c:
            return await c.get("/")

    answer = asyncio.run(fetch())
    assert answer.status_code == 200  # never faulted
    assert answer.headers["content-type"].startswith("text/html")
    assert 'href="/docs"' in answer.text
