"""Fixtures for the request core tests."""

from __future__ import annotations

import pytest
from core.pro_fakes import FakePro

from zpro_nb._core.clock import ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake_pro(clock: ManualClock) -> FakePro:
    return FakePro(clock)
