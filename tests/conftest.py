"""Suite-wide fixtures."""

import pytest

# Canary secrets searched for in every output (canary_plugin); shared fixtures that start real
# servers: the sandbox as a separate process, and a real ZenML OSS server.
pytest_plugins = ["canary_plugin", "fixtures_sandbox", "fixtures_oss"]


@pytest.fixture
def anyio_backend() -> str:
    # httpx and our background loop are asyncio-based; trio is not a target.
    return "asyncio"
