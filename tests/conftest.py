"""Suite-wide fixtures."""

import os
import tempfile

import pytest

# connect() reads the Pro login ZenML's CLI stored in its config directory: every test (and every
# process a test starts) gets an empty one of its own, so no test ever reads a real user's files.
os.environ["ZENML_CONFIG_PATH"] = tempfile.mkdtemp(prefix="zpro-nb-tests-zenml-config-")
os.environ.pop("ZENML_DISABLE_CREDENTIALS_DISK_CACHING", None)

# Canary secrets searched for in every output (canary_plugin); shared fixtures that start real
# servers: the sandbox as a separate process, and a real ZenML OSS server.
pytest_plugins = ["canary_plugin", "fixtures_sandbox", "fixtures_oss"]


@pytest.fixture
def anyio_backend() -> str:
    # httpx and our background loop are asyncio-based; trio is not a target.
    return "asyncio"
