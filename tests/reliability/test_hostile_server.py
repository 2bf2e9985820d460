"""A server that misbehaves never makes zpro_nb claim a change it did not make, or read forever.

Each test puts one rule on the hostile server (``hostile_server.py``) in front of a real sandbox and
checks what zpro_nb does: an error that says what happened, in bounded time and memory, and nothing
reported done or journaled that the server did not confirm. Every test carries a pytest-timeout:
before these fixes, several of them hung or read until memory ran out.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pandas as pd
import pytest
from canary_plugin import CanaryCredentials
from fixtures_sandbox import new_app

import zpro_nb
from zpro_nb import ReadBounds
from zpro_nb._core.retry import RetryPolicy
from zpro_nb.errors import ApplyInterrupted, InconsistentList, RateLimited, UnexpectedResponse

from .hostile_server import (
    HostileServer,
    envelopes,
    html_page,
    offset_pages,
    redirect,
    serve,
    status,
    trickle,
    truncated,
)

ORG = "acme-ml"
WORKSPACE_ROLES = ("Workspace Admin", "Workspace Developer", "Workspace Contributor", "Workspace Viewer")
FAST = {"backoff_base": 0.001, "backoff_cap": 0.005, "max_retry_after": 0.01, "deadline": None}


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    with serve(new_app()) as running:
        yield running


@pytest.fixture
def hostile(server: HostileServer) -> Iterator[HostileServer]:
    server.rules.clear()
    server.hosts.clear()
    yield server
    server.rules.clear()


def connect(hostile: HostileServer, canaries: CanaryCredentials, **options: Any) -> zpro_nb.Session:
    options.setdefault("retry", RetryPolicy(**FAST))  # type: ignore[arg-type]
    return zpro_nb.connect(url=hostile.url, token=canaries.token, **options)


def assignments(hostile: HostileServer, token: str) -> list[tuple[str, str, str]]:
    """(role, user, workspace) of every workspace-level assignment, read raw."""
    found: list[tuple[str, str, str]] = []
    with httpx.Client(base_url=hostile.url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as c:
        org_id = c.get(f"/organizations/{ORG}").json()["id"]
        for role in c.get(f"/organizations/{org_id}/roles", params={"limit": 100}).json():
            offset = 0
            while True:
                page = c.get(
                    f"/roles/{role['id']}/assignments", params={"offset": offset, "limit": 100}
                ).json()
                found += [(role["id"], a["user"]["id"], a["workspace_id"]) for a in page if a.get("user")]
                offset += len(page)
                if len(page) < 100:
                    break
    return found


def assignment_sheet(s: zpro_nb.Session, users: int) -> pd.DataFrame:
    emails = sorted(s.users()["email"].dropna())[:users]
    return pd.DataFrame(
        [
            {"user": e, "role": r, "workspace": w}
            for e in emails
            for w in ("production", "staging")
            for r in (*WORKSPACE_ROLES, "Stack Admin")
        ]
    )


# --- writes answered with something that is not an answer ---------------------------------------


@pytest.mark.timeout(120)
def test_a_plan_whose_posts_are_redirected_makes_and_journals_nothing(
    hostile: HostileServer, canaries: CanaryCredentials
) -> None:
    s = connect(hostile, canaries)
    try:
        plan = s.plan_role_assignments(assignment_sheet(s, 30), organization=ORG)
        assert len(plan) == 300
        assert plan.counts()["to add"] >= 250
        before = assignments(hostile, canaries.token)
        rule = hostile.rule(
            r"/roles/[^/]+/assignments",
            redirect(307, lambda scope: f"https://api.elsewhere.example{scope['path']}"),
            methods="POST",
        )
        with pytest.raises(
            ApplyInterrupted, match=r"307 Temporary Redirect \(Location: https://api.elsewhere"
        ):
            plan.apply()
        outcomes = plan.outcomes()
        assert outcomes["done"] == 0
        assert len(s.journal) == 0
        assert assignments(hostile, canaries.token) == before
        assert 0 < rule.hits <= 16  # stopped at the first wave, not 300 redirected POSTs
        reasons = plan.results.loc[plan.results["reason"] != "", "reason"]
        assert reasons.str.contains("not done \\(read back\\): the server answered 307").all()
    finally:
        s.close()


@pytest.mark.timeout(60)
def test_a_post_answered_with_an_html_page_is_not_done(
    hostile: HostileServer, canaries: CanaryCredentials
) -> None:
    s = connect(hostile, canaries)
    try:
        plan = s.plan_role_assignments(assignment_sheet(s, 2), organization=ORG)
        hostile.rule(r"/roles/[^/]+/assignments", html_page(200), methods="POST")
        with pytest.raises(ApplyInterrupted, match="HTML page"):
            plan.apply()
        assert plan.outcomes()["done"] == 0
        assert len(s.journal) == 0
    finally:
        s.close()


# --- redirects of reads -------------------------------------------------------------------------


@pytest.mark.timeout(60)
def test_a_read_redirected_on_its_own_origin_is_followed(
    hostile: HostileServer, canaries: CanaryCredentials
) -> None:
    s = connect(hostile, canaries)
    try:
        expected = s.users()
        rule = hostile.rule("/users", redirect(308), methods="GET", times=3)
        assert s.users().equals(expected)
        assert rule.hits == 3
        hostile.rule("/users", redirect(307), methods="GET")  # a loop
        with pytest.raises(UnexpectedResponse, match="after 5 redirects"):
            s.users()
    finally:
        s.close()


@pytest.mark.timeout(60)
def test_a_read_redirected_to_another_host_is_refused_and_the_token_stays_home(
    hostile: HostileServer, canaries: CanaryCredentials
) -> None:
    s = connect(hostile, canaries)
    try:
        # "localhost" is another origin than 127.0.0.1, although it reaches the same server: had
        # zpro_nb followed, the request (and the token) would show up here under that host.
        elsewhere = f"http://localhost:{hostile.port}/users"
        hostile.rule("/users", redirect(302, elsewhere), methods="GET")
        with pytest.raises(UnexpectedResponse, match=f"302 Found \\(Location: {elsewhere}\\).*another host"):
            s.users()
        assert not [h for h in hostile.hosts if h.startswith("localhost")]
    finally:
        s.close()


# --- bodies that are not what was asked for -----------------------------------------------------


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("answer", "message"),
    [(html_page(200), "200 with an HTML page, not JSON"), (truncated(0.5), "200 with JSON cut short")],
    ids=["html", "truncated"],
)
def test_a_read_answered_with_something_not_json_says_so(
    hostile: HostileServer, canaries: CanaryCredentials, answer: Any, message: str
) -> None:
    s = connect(hostile, canaries)
    try:
        hostile.rule("/users", answer, methods="GET")
        with pytest.raises(UnexpectedResponse, match=message) as caught:
            s.users()
        assert len(str(caught.value)) < 400  # short: no page or body dumped into it
    finally:
        s.close()


@pytest.mark.timeout(60)
def test_a_body_trickled_a_byte_at_a_time_ends_at_the_deadline(
    hostile: HostileServer, canaries: CanaryCredentials
) -> None:
    s = connect(hostile, canaries, bounds=ReadBounds(response_deadline=1.0))
    try:
        assert s.read_bounds.response_deadline == 1.0
        hostile.rule("/users", trickle(interval=0.2), methods="GET")
        with pytest.raises(UnexpectedResponse, match=r"did not finish within 1 s"):
            s.users()
    finally:
        s.close()


@pytest.mark.timeout(60)
def test_a_body_larger_than_the_cap_is_not_read(hostile: HostileServer, canaries: CanaryCredentials) -> None:
    s = connect(hostile, canaries, bounds=ReadBounds(max_response_bytes=64 * 1024))
    try:
        huge = [{"id": str(i), "email": f"u{i}@example.com", "pad": "x" * 100} for i in range(5000)]
        hostile.rule("/users", status(200, body=huge), methods="GET")
        with pytest.raises(UnexpectedResponse, match=r"larger than 65536 bytes"):
            s.users()
        hostile.rule("/organizations", trickle(interval=0.001, announce=10**9), methods="GET")
        with pytest.raises(UnexpectedResponse, match=r"announces 1,000,000,000 bytes"):
            s.organizations()
    finally:
        s.close()


# --- rate limits --------------------------------------------------------------------------------


@pytest.mark.timeout(30)
def test_a_retry_after_beyond_the_clients_wait_gives_up_at_once(
    hostile: HostileServer, canaries: CanaryCredentials
) -> None:
    s = connect(hostile, canaries, retry=RetryPolicy())  # the default: waits at most 120 s
    try:
        rule = hostile.rule("/users", status(429, [("retry-after", "999999")]), methods="GET")
        with pytest.raises(RateLimited, match=r"asks to wait 999,999 s .* gave up at once"):
            s.users()
        assert rule.hits == 1
    finally:
        s.close()


@pytest.mark.timeout(30)
def test_429_forever_ends_within_the_retry_budget(
    hostile: HostileServer, canaries: CanaryCredentials
) -> None:
    s = connect(hostile, canaries, retry=RetryPolicy(max_retries=4, backoff_base=0.01, backoff_cap=0.05))
    try:
        rule = hostile.rule("/users", status(429, [("retry-after", "0")]), methods="GET")
        with pytest.raises(RateLimited, match="after 5 attempts"):
            s.users()
        assert rule.hits == 5
    finally:
        s.close()


# --- lists that never end or contradict themselves ----------------------------------------------


def user(n: int) -> dict[str, Any]:
    return {"id": str(uuid.UUID(int=n + 1)), "email": f"user{n}@example.com", "username": f"user{n}"}


@pytest.mark.timeout(30)
def test_a_pro_list_whose_pages_stay_full_stops_at_the_ceiling(
    hostile: HostileServer, canaries: CanaryCredentials
) -> None:
    s = connect(hostile, canaries, bounds=ReadBounds(max_list_items=1000))
    try:
        rule = hostile.rule("/users", offset_pages(user), methods="GET")
        with pytest.raises(InconsistentList, match=r"more than 1,000 items \(ReadBounds.max_list_items\)"):
            s.users()
        assert rule.hits <= 1001 // 100 + 1 + 8  # to the ceiling, plus at most one wave past it
    finally:
        s.close()


@pytest.mark.timeout(30)
def test_a_pro_list_whose_pages_repeat_items_is_refused(
    hostile: HostileServer, canaries: CanaryCredentials
) -> None:
    s = connect(hostile, canaries)
    try:
        hostile.rule("/users", offset_pages(lambda n: user(n % 250)), methods="GET")
        with pytest.raises(InconsistentList, match=r"offset 200 repeats 50 item"):
            s.users()
    finally:
        s.close()


def pipeline(page: int, i: int) -> dict[str, Any]:
    return {"id": str(uuid.UUID(int=page * 100_000 + i + 1)), "name": f"p{page}-{i}", "body": {}}


def full_page(number: int, size: int, *, total: int, total_pages: int) -> dict[str, Any]:
    items = [pipeline(number, i) for i in range(size)]
    return {"index": number, "max_size": size, "total": total, "total_pages": total_pages, "items": items}


LIES = {
    # ten million pages announced: refused after page 1, with the default bounds
    "ten million pages": (
        lambda n, size: full_page(n, size, total=10**7 * size, total_pages=10**7),
        r"announces 10,000,000,000 items",
    ),
    "totals that change": (
        lambda n, size: full_page(n, size, total=3 * size + n, total_pages=4),
        r"total was 3,001 on page 1 and is 3,002 on page 2",
    ),
    "more items than the total": (
        lambda n, size: full_page(n, size, total=2 * size + 1, total_pages=3),
        r"brings the items to 3,000, more than the 2,001 announced",
    ),
    "oversized pages": (
        lambda n, size: {
            **full_page(n, size, total=3 * size, total_pages=3),
            "items": [pipeline(n, i) for i in range(size + 5)],
        },
        r"page 1 has 1,005 items; pages of 1000",
    ),
    "repeated pages": (
        lambda n, size: full_page(1, size, total=3 * size, total_pages=3) | {"index": n},
        r"page 2 repeats 1000 item",
    ),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("lie", list(LIES))
def test_a_workspace_envelope_that_lies_is_refused_before_memory_grows(
    hostile: HostileServer, canaries: CanaryCredentials, lie: str
) -> None:
    s = connect(hostile, canaries)
    try:
        ws = s.workspace("production")
        build, message = LIES[lie]
        rule = hostile.rule(r"/ws/[^/]+/api/v1/pipelines", envelopes(build), methods="GET")
        with pytest.raises(InconsistentList, match=message):
            ws.pipelines()
        assert rule.hits <= (1 if lie == "ten million pages" else 4)  # the envelope's own page count
    finally:
        s.close()
