"""Names that moved from zpro_nb.session up to zpro_nb.notebook_session say where they live now."""

from __future__ import annotations

import importlib
import importlib.util
import types

import pytest

import zpro_nb
import zpro_nb.session

MOVED = ["Session", "AsyncSession", "connect", "connect_async", "open_sandbox_session"]


@pytest.mark.parametrize("name", MOVED)
def test_a_moved_name_points_to_where_it_lives_now(name: str) -> None:
    with pytest.raises(ImportError) as caught:
        exec(f"from zpro_nb.session import {name}", {})
    message = str(caught.value)
    assert "zpro_nb.Session" in message
    assert f"zpro_nb.notebook_session.{name}" in message
    assert getattr(zpro_nb, name) is getattr(importlib.import_module("zpro_nb.notebook_session"), name)


def test_session_connect_is_not_the_submodule() -> None:
    assert importlib.util.find_spec("zpro_nb.session.connect") is None
    with pytest.raises(ImportError) as caught:
        getattr(zpro_nb.session, "connect")  # noqa: B009 - the attribute access is what is tested
    assert "zpro_nb.connect" in str(caught.value)
    assert not isinstance(vars(zpro_nb.session).get("connect"), types.ModuleType)


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    assert not hasattr(zpro_nb.session, "no_such_name")
