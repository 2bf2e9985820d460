"""Fixtures for the request core tests."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from core.pro_fakes import FakePro, assert_no_secret_in_logs
from zpro_nb._core.clock import ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake_pro(clock: ManualClock) -> FakePro:
    return FakePro(clock)


@pytest.fixture(autouse=True)
def no_secrets_logged(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Across every core test: capture all logs at DEBUG (httpx and httpcore too) and look for canaries."""
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "zpro_nb"):
        caplog.set_level(logging.DEBUG, logger=name)
    yield
    assert_no_secret_in_logs(caplog.records)
