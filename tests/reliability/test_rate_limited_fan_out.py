"""A fan-out that meets the server's rate limit finishes within a small retry budget.

The sandbox here allows 20 requests a second per credential and answers the rest 429 with a
``Retry-After``; the access matrix reads every role's assignments at once, far faster than that.
With one retry per request, the call completes only if a 429 holds back the session's other
requests until the wait is over (so the retry meets a refilled limit rather than one its neighbours
emptied) and the retries go first when it is.
"""

from __future__ import annotations

import pytest
from fixtures_sandbox import new_app
from sandbox_clients import open_async

from zpro_nb._core.retry import RetryPolicy

pytestmark = pytest.mark.anyio


async def test_the_access_matrix_gets_through_a_rate_limit_with_one_retry_per_request() -> None:
    limited = new_app(rate_limit=20)
    s = await open_async(limited, retry=RetryPolicy(max_retries=1))
    try:
        matrix = await s.access_matrix(progress=False)
    finally:
        await s.aclose()
    assert limited.fault_injector.injected["rate_limited"] > 0  # the limit was met: the test means something
    plain = await open_async(new_app())
    try:
        assert matrix.equals(await plain.access_matrix(progress=False))
    finally:
        await plain.aclose()
