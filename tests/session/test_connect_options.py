"""One definition of the connection settings serves connect, connect_async, connect_workspace and
connect_workspace_async: each takes ``**options: Unpack[ConnectOptions]``, and a setting that is
not one of them is refused as a misspelt keyword would be."""

from __future__ import annotations

import inspect

import pytest

from zpro_nb.connect_options import ConnectOptions, new_transport
from zpro_nb.notebook_session import connect, connect_async
from zpro_nb.workspace import connect_workspace, connect_workspace_async


@pytest.mark.parametrize("function", [connect, connect_async, connect_workspace, connect_workspace_async])
def test_every_connect_function_takes_the_one_set_of_options(function: object) -> None:
    parameters = inspect.signature(function).parameters  # type: ignore[arg-type]
    assert parameters["options"].kind is inspect.Parameter.VAR_KEYWORD
    assert parameters["options"].annotation == "Unpack[ConnectOptions]"
    assert not set(parameters) & set(ConnectOptions.__annotations__)  # never listed twice


def test_an_unknown_option_is_refused_before_anything_is_built() -> None:
    with pytest.raises(TypeError, match="max_concurency"):
        new_transport({"max_concurency": 4}, None)  # type: ignore[typeddict-unknown-key]


def test_options_reach_the_transport() -> None:
    transport = new_transport({"max_concurrency": 3, "rate_limit": 5.0, "request_timeout": 7.0}, None)
    assert transport.limits.max_concurrency == 3
