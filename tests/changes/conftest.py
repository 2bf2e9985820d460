"""Fixtures for the bulk-change tests."""

from __future__ import annotations

from typing import Any

import pytest

from zpro_nb.changes.session_methods import AsyncChangesMixin
from zpro_nb.models.pro import User

from .frame_source import FrameSource, demo_source


class SheetSession(FrameSource, AsyncChangesMixin):
    """The changes mixin over frames built in the test (planning only: nothing is ever sent)."""

    pro: Any = None

    async def whoami(self, refresh: bool = False) -> User:
        return User(id="u-admin", username="admin", email="admin@acme.example")


@pytest.fixture
def session() -> SheetSession:
    base = demo_source()
    return SheetSession(**{k: getattr(base, k) for k in base.__dataclass_fields__})
