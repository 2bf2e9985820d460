"""Statuses no API sends are not taken for an answer (the hostile server cannot send a final 1xx)."""

from __future__ import annotations

import httpx
import pytest

from core.pro_fakes import make_transport
from zpro_nb._core.clock import ManualClock
from zpro_nb._core.errors import UnexpectedResponse

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("method", "status", "message"),
    [
        ("POST", 103, r"103 Early Hints, an interim answer, as if it were final: whether the POST was"),
        ("DELETE", 205, r"205 Reset Content, which neither API sends.*whether the DELETE was carried out"),
        ("GET", 206, r"206 Partial Content, which neither API sends.*answered in full"),
        ("PUT", 304, r"304 Not Modified \(no Location\) to PUT: zpro_nb does not follow"),
        ("GET", 300, r"300 Multiple Choices \(Location: /a\) to GET, which is not an answer"),
    ],
)
async def test_odd_statuses_are_unexpected(
    clock: ManualClock, method: str, status: int, message: str
) -> None:
    headers = {"location": "/a"} if status == 300 else {}
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.method)
        return httpx.Response(status, headers=headers, json={"id": "x"})

    api = make_transport(handler, clock).client("https://h", None)
    with pytest.raises(UnexpectedResponse, match=message):
        await api.request(method, "/x")
    assert sent == [method]  # never resent: it says nothing about what the server did


async def test_a_redirect_location_is_shown_without_its_secrets(clock: ManualClock) -> None:
    api = make_transport(
        lambda r: httpx.Response(307, headers={"location": "https://other.example/x?token=s3cr3t-value"}),
        clock,
    ).client("https://h", None)
    with pytest.raises(UnexpectedResponse, match="another host") as caught:
        await api.get("/x")
    assert "s3cr3t-value" not in str(caught.value)
