"""Access snapshots, their files, their diffs and the access review, on the in-process sandbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pandas as pd
import pyarrow.parquet as pq
import pytest
from fastapi import FastAPI
from fixtures_sandbox import URL, Raw, SandboxClock, new_app, raw_reader

import zpro_nb
from zpro_nb.errors import InvalidArgument
from zpro_nb.notebook_session import AsyncSession
from zpro_nb.views.access_snapshot import DIFF_COLUMNS, GRANT_DTYPES, AccessSnapshot, access_diff

from .across_support import Counting

pytestmark = pytest.mark.anyio


@pytest.fixture
def app() -> FastAPI:
    return new_app()


@pytest.fixture
def counting(app: FastAPI) -> Counting:
    return Counting(httpx.ASGITransport(app=app))


@pytest.fixture
async def s(app: FastAPI, counting: Counting) -> AsyncIterator[AsyncSession]:
    token = app.state.demo_credentials["tokens"]["admin"]
    session = await zpro_nb.connect_async(url=URL, token=token, transport=counting, clock=SandboxClock(app))
    yield session
    await session.aclose()


@pytest.fixture
async def raw(app: FastAPI) -> AsyncIterator[Raw]:
    async for reader in raw_reader(app):
        yield reader


def _direct_workspace_grant(snap: AccessSnapshot) -> pd.Series:
    grants = snap.grants
    direct = grants[(grants["scope"] == "workspace") & (grants["via"] == "direct")]
    return direct[direct["role"] == "Workspace Viewer"].iloc[0]


async def test_a_role_changed_between_two_snapshots_is_exactly_the_diff(s: AsyncSession) -> None:
    before = await s.access_snapshot(progress=False)
    grant = _direct_workspace_grant(before)
    user, workspace = str(grant["user_id"]), str(grant["workspace_id"])
    await s.revoke_role("Workspace Viewer", user=user, workspace=workspace)
    await s.assign_role("Workspace Developer", user=user, workspace=workspace)
    after = await s.access_snapshot(progress=False)
    diff = access_diff(before, after)
    assert list(diff.columns) == DIFF_COLUMNS
    assert diff[["change", "user_id", "workspace_id", "via", "old_role", "new_role"]].values.tolist() == [
        ["changed", user, workspace, "direct", "Workspace Viewer", "Workspace Developer"]
    ]
    assert access_diff(after, after).empty


async def test_gained_and_lost_grants(s: AsyncSession, raw: Raw) -> None:
    before = await s.access_snapshot(progress=False)
    grant = _direct_workspace_grant(before)
    held = {w["name"]: w["id"] for w in await raw.all("/workspaces")}
    mine = set(before.grants[before.grants["user_id"] == grant["user_id"]]["workspace_id"].dropna())
    elsewhere = next(name for name, ws_id in sorted(held.items()) if ws_id not in mine)
    await s.assign_role("Workspace Admin", user=str(grant["user_id"]), workspace=elsewhere)
    await s.revoke_role("Workspace Viewer", user=str(grant["user_id"]), workspace=str(grant["workspace_id"]))
    diff = access_diff(before, await s.access_snapshot(progress=False))
    rows = diff[["change", "workspace_id", "old_role", "new_role"]].astype(object).where(diff.notna(), None)
    assert sorted(rows.values.tolist(), key=str) == sorted(
        [
            ["gained", held[elsewhere], None, "Workspace Admin"],
            ["lost", str(grant["workspace_id"]), "Workspace Viewer", None],
        ],
        key=str,
    )


async def test_a_snapshot_round_trips_through_its_file(s: AsyncSession, tmp_path: Path) -> None:
    snap = await s.access_snapshot(progress=False)
    assert list(snap.grants.columns) == list(GRANT_DTYPES)
    assert {str(c): str(t) for c, t in snap.grants.dtypes.items()} == GRANT_DTYPES
    assert snap.grants["last_login"].notna().any()
    assert snap.grants["user_active"].notna().all()
    assert set(snap.grants["scope"]) == {"organization", "workspace"}
    path = snap.save(tmp_path / "q3" / "access.parquet")
    back = AccessSnapshot.load(path)
    pd.testing.assert_frame_equal(back.grants, snap.grants)
    assert back.taken_at == snap.taken_at
    assert back.organization == snap.organization == "acme-ml, acme-research"
    meta = pq.read_schema(path).metadata[b"zpro_nb.access_snapshot"]
    assert b"taken_at" in meta
    assert b"acme-ml" in meta


async def test_the_snapshot_agrees_with_the_access_table_and_users(s: AsyncSession) -> None:
    snap = await s.access_snapshot(progress=False)
    table = await s.access_table(progress=False)
    workspace_rows = snap.grants[snap.grants["scope"] == "workspace"]
    assert sorted(map(tuple, workspace_rows[list(table.columns)].astype(str).values.tolist())) == sorted(
        map(tuple, table.astype(str).values.tolist())
    )
    users = (await s.users()).set_index("id")
    for row in snap.grants.drop_duplicates("user_id").itertuples():
        expected = users.loc[row.user_id, "last_login"]
        assert (pd.isna(row.last_login) and pd.isna(expected)) or row.last_login == expected


async def test_the_review_a_quarter_later(s: AsyncSession, app: FastAPI, tmp_path: Path) -> None:
    previous = (await s.access_snapshot(progress=False)).save(tmp_path / "before.parquet")
    app.state.clock.advance(91 * 86400)
    now = dt.datetime.fromtimestamp(app.state.clock.now(), dt.UTC)
    token = app.state.pro.issue_token(
        next(u for u in app.state.pro.store.users.values() if u.username == "admin")
    )[0]
    await s.login(token=token)
    await s.assign_role("Workspace Admin", user="viewer", workspace="staging")
    review = await s.access_review(previous=previous, now=now, progress=False)
    assert review.snapshot.taken_at == now
    assert review.diff[["change", "username", "workspace", "new_role"]].values.tolist() == [
        ["gained", "viewer", "staging", "Workspace Admin"]
    ]
    roles = set(review.privileged["role"])
    assert roles
    assert all(("Admin" in r) or ("Manager" in r) for r in roles)
    grants = review.snapshot.grants
    assert len(review.privileged) == grants["role"].str.contains("Admin|Manager").sum()
    stale = grants["last_login"].isna() | (grants["last_login"] < pd.Timestamp(now) - pd.Timedelta(days=90))
    assert sorted(review.dormant["user_id"]) == sorted(set(grants[stale]["user_id"]))
    invitations = await s.invitations()
    unanswered = invitations["status"].isna() | invitations["status"].isin(["pending", "expired"])
    old = invitations[unanswered & (invitations["created"] < pd.Timestamp(now) - pd.Timedelta(days=30))]
    assert sorted(review.stale_invitations["id"]) == sorted(old["id"])
    keys = await s.api_keys(progress=False)
    since = keys["last_rotated"].fillna(keys["created"])
    due = keys[keys["active"].fillna(True) & (since < pd.Timestamp(now) - pd.Timedelta(days=90))]
    assert sorted(review.stale_keys["id"]) == sorted(due["id"])
    assert len(review.stale_keys) > 0
    assert "Changes since the previous review: 1" in repr(review)
    assert "<h3>Stale API keys" in review._repr_html_()


async def test_the_review_exports(s: AsyncSession, tmp_path: Path) -> None:
    review = await s.access_review(progress=False)
    assert review.diff.empty
    assert list(review.diff.columns) == DIFF_COLUMNS
    page = review.to_html(tmp_path / "out" / "review.html").read_text()
    assert page.startswith("<!doctype html>")
    assert "Privileged grants" in page
    written = review.to_csv(tmp_path / "csv")
    assert [p.name for p in written] == [
        "diff.csv",
        "privileged.csv",
        "dormant.csv",
        "stale_invitations.csv",
        "stale_keys.csv",
    ]
    assert len(pd.read_csv(tmp_path / "csv" / "privileged.csv")) == len(review.privileged)


async def test_bad_input_is_refused_before_anything_is_sent(
    s: AsyncSession, counting: Counting, tmp_path: Path
) -> None:
    counting.reset()
    with pytest.raises(InvalidArgument, match="previous="):
        await s.access_review(previous=tmp_path / "missing.parquet", progress=False)
    with pytest.raises(InvalidArgument, match="dormant_days"):
        await s.access_review(dormant_days="ninety", progress=False)  # type: ignore[arg-type]
    not_a_snapshot = tmp_path / "plain.parquet"
    pd.DataFrame({"a": [1]}).to_parquet(not_a_snapshot)
    with pytest.raises(InvalidArgument, match="not an access snapshot"):
        await s.access_review(previous=not_a_snapshot, progress=False)
    assert counting.count() == 0
