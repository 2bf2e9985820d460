"""A bad argument is always ``InvalidArgument``, in every layer, before anything is sent.

These places raised a plain ``ValueError`` or ``TypeError`` before; ``InvalidArgument`` is a
``ValueError`` too, so callers that caught that still do. No request is made by any case here: the
checks run before a transport is even needed.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

import zpro_nb
from zpro_nb._core.credentials import resolve_pro_credentials
from zpro_nb._core.limits import Limits, TokenBucket
from zpro_nb._core.paging import fetch_offset_pages
from zpro_nb._core.transport import check_base_url
from zpro_nb.api.workspace.filters import op
from zpro_nb.changes.change import Change
from zpro_nb.errors import InvalidArgument, ValidationFailed
from zpro_nb.runbooks import parse_parameter

CASES: dict[str, tuple[Callable[[], object], str]] = {
    "rate-limit-zero": (lambda: TokenBucket(0), "rate must be positive"),
    "no-concurrency": (lambda: Limits(max_concurrency=0), "max_concurrency must be at least 1"),
    "url-without-scheme": (lambda: check_base_url("pro.example.com"), "http"),
    "token-and-key": (lambda: resolve_pro_credentials("t", "k"), "not both"),
    "unknown-filter-operator": (lambda: op("almost", 1), "unknown filter operator 'almost'"),
    "unknown-change-kind": (lambda: Change.from_record({"kind": "grant_all"}), "unknown change kind"),
    "runbook-parameter-without-name": (lambda: parse_parameter("=3"), "name=value"),
    "workspace-url-not-http": (
        lambda: zpro_nb.connect_workspace(url="ftp://zenml.example", token="t"),
        "not a ZenML server URL",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_argument_is_invalid_argument(case: str) -> None:
    call, says = CASES[case]
    with pytest.raises(InvalidArgument, match=says) as caught:
        call()
    # still what callers caught before: a ValueError, and a ValidationFailed like a server's 422
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, ValidationFailed)
    assert caught.value.status is None  # refused here: no server answered


def test_paging_refuses_a_negative_max_items() -> None:
    import anyio

    async def read() -> object:
        return await fetch_offset_pages(None, "/x", max_items=-1)  # type: ignore[arg-type]

    with pytest.raises(InvalidArgument, match="max_items=-1: pass 0 or more"):
        anyio.run(read)
