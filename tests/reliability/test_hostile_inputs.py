"""Odd credentials, names, items and callers against the hostile server: clear errors or right answers.

A token that no HTTP header can carry is refused before anything is sent, naming where the bad
character is and never the token. Names with non-ASCII characters round-trip. Items with fields we
do not know are read; an item without a field zpro_nb needs says which. An ``AsyncSession`` reached
from a second event loop works or says why it cannot, and a sync ``Session`` shared by 50 threads
gives each the right answer.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from canary_plugin import CanaryCredentials
from fixtures_sandbox import new_app

import zpro_nb
from zpro_nb.errors import InvalidArgument, UnexpectedResponse, ZProError

from .hostile_server import HostileServer, reshaped, serve

ORG = "acme-ml"


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


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("where", "char", "kind"),
    [(11, "é", "token"), (1, "\u201c", "token"), (15, "\u200b", "api_key"), (20, " ", "token")],
    ids=["accent", "curly-quote", "zero-width-space", "space"],
)
def test_a_credential_no_header_can_carry_is_refused_before_sending(
    hostile: HostileServer, canaries: CanaryCredentials, where: int, char: str, kind: str
) -> None:
    good = canaries.token if kind == "token" else canaries.api_key
    bad = good[: where - 1] + char + good[where - 1 :]
    with pytest.raises(
        InvalidArgument, match=f"character {where} of {len(bad)} is U\\+{ord(char):04X}"
    ) as caught:
        zpro_nb.connect(url=hostile.url, **{kind: bad})
    text = str(caught.value)
    assert good[:8] not in text  # nothing of the credential itself
    assert good[-8:] not in text
    assert hostile.hosts == []  # nothing was sent


@pytest.mark.timeout(60)
def test_names_with_non_ascii_characters_round_trip(
    hostile: HostileServer, canaries: CanaryCredentials
) -> None:
    s = zpro_nb.connect(url=hostile.url, token=canaries.token)
    try:
        name = "Équipe données ✓ 数据"
        team = s.create_team(name, organization=ORG, description="Zoë's — ünïcode")
        assert team.name == name
        assert s.get_team(name, organization=ORG).id == team.id
        user = sorted(s.users()["email"].dropna())[0]
        s.add_team_member(name, user, organization=ORG)
        assert list(s.team_members(name, organization=ORG)["email"]) == [user]
        assert name in set(s.teams(organization=ORG)["name"])
        assert s.users(email="zoë@exämple.com").empty  # a non-ASCII query value is sent, and finds nobody
    finally:
        s.close()


@pytest.mark.timeout(60)
def test_items_with_extra_fields_are_read_and_a_missing_required_one_is_named(
    hostile: HostileServer, canaries: CanaryCredentials
) -> None:
    s = zpro_nb.connect(url=hostile.url, token=canaries.token)
    try:
        expected = s.users()

        def more_and_less(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return [{k: v for k, v in i.items() if k != "company"} | {"surprise": {"x": [1]}} for i in items]

        hostile.rule("/users", reshaped(more_and_less), methods="GET")
        users = s.users()
        assert list(users["id"]) == list(expected["id"])
        assert "surprise" not in users.columns or users["surprise"].notna().all()
        assert users["company"].isna().all()
        assert s.get_organization(ORG).name == ORG

        def without_id(body: Any) -> Any:
            if isinstance(body, list):
                return [without_id(item) for item in body]
            return {k: v for k, v in body.items() if k != "id"} | {"extra": 1}

        hostile.rule("/organizations(/[^/]+)?", reshaped(without_id), methods="GET")
        with pytest.raises(UnexpectedResponse, match=r"organization cannot be read: 'id' is missing"):
            s.get_organization(ORG)
    finally:
        s.close()


@pytest.mark.timeout(60)
def test_an_async_session_outliving_its_loop_works_from_the_next_one(
    hostile: HostileServer, canaries: CanaryCredentials
) -> None:
    aio = asyncio.run(zpro_nb.connect_async(url=hostile.url, token=canaries.token))
    try:
        first = asyncio.run(aio.users())  # the loop that made it has ended: this one takes over
        second = asyncio.run(aio.users())
        assert list(first["id"]) == list(second["id"])
    finally:
        asyncio.run(aio.aclose())


@pytest.mark.timeout(60)
def test_an_async_session_whose_loop_is_blocked_says_so_instead_of_hanging(
    hostile: HostileServer, canaries: CanaryCredentials
) -> None:
    home = asyncio.new_event_loop()
    thread = threading.Thread(target=home.run_forever, daemon=True)
    thread.start()
    try:
        connecting = zpro_nb.connect_async(url=hostile.url, token=canaries.token)
        aio = asyncio.run_coroutine_threadsafe(connecting, home).result(30)
        assert len(asyncio.run(aio.users())) > 0  # from another loop, while the home loop runs: fine
        aio.transport.home.start_timeout = 0.5
        release = threading.Event()
        home.call_soon_threadsafe(release.wait, 30)  # the home loop's thread blocks, as on a join()
        with pytest.raises(ZProError, match=r"event loop did not take the call within 0\.5 s"):
            asyncio.run(aio.users())
        release.set()
        assert len(asyncio.run(aio.users())) > 0  # and works again once its loop runs
        asyncio.run_coroutine_threadsafe(aio.aclose(), home).result(30)
    finally:
        home.call_soon_threadsafe(home.stop)
        thread.join(30)
        home.close()


@pytest.mark.timeout(120)
def test_a_sync_session_shared_by_50_threads_answers_each_correctly(
    hostile: HostileServer, canaries: CanaryCredentials
) -> None:
    s = zpro_nb.connect(url=hostile.url, token=canaries.token)
    try:
        emails = sorted(s.users()["email"].dropna())
        teams = set(s.teams(organization=ORG)["name"])

        def work(n: int) -> tuple[str, str, bool]:
            email = emails[n % len(emails)]
            found = s.users(email=email)
            return email, str(found["email"].iloc[0]), set(s.teams(organization=ORG)["name"]) == teams

        with ThreadPoolExecutor(max_workers=50) as pool:
            results = list(pool.map(work, range(50)))
        assert all(asked == got and same for asked, got, same in results)
    finally:
        s.close()
