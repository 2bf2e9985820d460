"""Fixtures for the reliability tests: the run's canary credentials."""

from __future__ import annotations

import pytest
from canary_plugin import CanaryCredentials, canary_credentials


@pytest.fixture(scope="session")
def canaries() -> CanaryCredentials:
    """The canary token and API key of this run (the sandbox accepts both as the demo admin)."""
    return canary_credentials()
