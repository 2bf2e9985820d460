"""Suite-wide fixtures."""

import pytest


@pytest.fixture
def anyio_backend() -> str:
    # httpx and our background loop are asyncio-based; trio is not a target.
    return "asyncio"
