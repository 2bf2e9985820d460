"""Suite-wide fixtures."""

import pytest

# Shared fixtures that start real servers: the sandbox as a separate process, and a real ZenML OSS server.
pytest_plugins = ["fixtures_sandbox", "fixtures_oss"]


@pytest.fixture
def anyio_backend() -> str:
    # httpx and our background loop are asyncio-based; trio is not a target.
    return "asyncio"
