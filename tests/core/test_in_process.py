"""In-process drops look like network drops to the client, so retries behave the same."""

import httpx
import pytest

from zpro_nb._core.in_process import InProcessTransport


async def dropping_app(scope: dict, receive: object, send: object) -> None:
    raise ConnectionResetError("dropped")


@pytest.mark.anyio
async def test_connection_error_becomes_remote_protocol_error() -> None:
    async with httpx.AsyncClient(transport=InProcessTransport(app=dropping_app), base_url="http://x") as c:
        with pytest.raises(httpx.RemoteProtocolError) as info:
            await c.get("/", headers={"Authorization": "Bearer canary-in-process"})
    assert "canary-in-process" not in str(info.value)


def test_sandbox_drop_is_retried_in_process() -> None:
    import zpro_nb

    s = zpro_nb.sandbox(drop_rate=0.3, fault_seed=3)
    try:
        # With 30 % of requests dropped, 20 reads only succeed if dropped ones are retried.
        for _ in range(20):
            assert len(s.organizations()) == 2
    finally:
        s.close()
