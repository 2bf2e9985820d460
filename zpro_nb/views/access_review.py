"""A periodic access review in one call: what changed since last time, who holds power, who holds
roles without using them, invitations nobody answered, API keys nobody rotated.

``review = s.access_review(previous="access-2026-q3.parquet")`` shows as a report in a notebook;
``review.to_html(path)`` writes it as one page and ``review.to_csv(folder)`` as one CSV per table.
``review.snapshot.save(...)`` keeps today's grants for the next review.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..arguments import require_number
from .access_snapshot import DIFF_COLUMNS, AccessSnapshot, access_diff, take_snapshot
from .activity import stale_invitations

if TYPE_CHECKING:
    import pandas as pd

    from .reader import ProReader

__all__ = ["PRIVILEGED_ROLE", "AccessReview", "access_review"]

#: roles that can change what others may do: admins, managers and owners, by name
PRIVILEGED_ROLE = re.compile(r"\b(?:admin|manager|owner)\b", re.IGNORECASE)

#: (attribute, title, what a row is) of each table, in report order
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("diff", "Changes since the previous review", "a grant gained, lost or changed"),
    ("privileged", "Privileged grants", "an admin, manager or owner role held, and how"),
    ("dormant", "Dormant holders", "a user holding roles without a sign-in for the set days"),
    ("stale_invitations", "Stale invitations", "an invitation unanswered for the set days"),
    ("stale_keys", "Stale API keys", "an active service-account key not created or rotated for the set days"),
)


@dataclass
class AccessReview:
    """The review's tables (DataFrames) and the snapshots they were computed from."""

    snapshot: AccessSnapshot
    previous: AccessSnapshot | None
    diff: pd.DataFrame
    privileged: pd.DataFrame
    dormant: pd.DataFrame
    stale_invitations: pd.DataFrame
    stale_keys: pd.DataFrame
    settings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        """One line per table: its title and how many rows it has."""
        since = (
            f" since {self.previous.taken_at:%Y-%m-%d %H:%M} UTC"
            if self.previous
            else " (no previous review)"
        )
        lines = [
            f"Access review of {self.snapshot.organization} at {self.snapshot.taken_at:%Y-%m-%d %H:%M} UTC"
            f"{since}: {len(self.snapshot.grants)} grants"
        ]
        lines += [f"- {title}: {len(getattr(self, name))}" for name, title, _ in SECTIONS]
        left_out = self.stale_keys.zpro.errors
        if len(left_out):
            names = ", ".join(str(w) for w in left_out["workspace"])
            lines.append(
                f"- API keys not read in {len(left_out)} workspace(s): {names} (stale_keys.zpro.errors)"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()

    def _html(self, max_rows: int | None) -> str:
        parts = [f"<h2>{html.escape(self.summary().splitlines()[0])}</h2>"]
        for name, title, row in SECTIONS:
            frame = getattr(self, name)
            parts.append(
                f"<h3>{html.escape(title)} ({len(frame)})</h3><p><i>One row: {html.escape(row)}.</i></p>"
            )
            parts.append(_table(frame, max_rows) if len(frame) else "<p>None.</p>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return f"<div>{self._html(max_rows=20)}</div>"

    def to_html(self, path: str | Path) -> Path:
        """Write the whole review (every row of every table) as one HTML page."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        title = html.escape(self.summary().splitlines()[0])
        body = self._html(max_rows=None)
        target.write_text(
            f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body>{body}</body></html>\n",
            encoding="utf-8",
        )
        return target

    def to_csv(self, folder: str | Path) -> list[Path]:
        """Write one CSV per table (``diff.csv``, ``privileged.csv`` ...) into ``folder``."""
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for name, _, _ in SECTIONS:
            path = target / f"{name}.csv"
            getattr(self, name).to_csv(path, index=False)
            written.append(path)
        return written


def _table(frame: pd.DataFrame, max_rows: int | None) -> str:
    # As zpro_nb frames show in a notebook: names first, ids last, times to the minute, blanks.
    from ..frames.display import readable  # lazy: frames load pandas

    return readable(frame).to_html(escape=False, index=False, max_rows=max_rows, border=1)


def _days(now: pd.Timestamp, then: pd.Series) -> pd.Series:
    days: pd.Series = ((now - then).dt.total_seconds() / 86400).round(1).astype("Float64")
    return days


def dormant_holders(grants: pd.DataFrame, now: pd.Timestamp, days: float) -> pd.DataFrame:
    """Users holding roles whose last sign-in is ``days`` old or older (or who never signed in)."""
    import pandas as pd  # lazy: pandas

    cutoff = now - pd.Timedelta(days=days)
    old = grants[grants["last_login"].isna() | (grants["last_login"] < cutoff)]
    where = old["role"] + " @ " + old["workspace"].where(old["scope"] == "workspace", old["organization"])
    rows = (
        old.assign(held=where)
        .groupby("user_id", dropna=False, sort=False)
        .agg(
            username=("username", "first"),
            email=("email", "first"),
            user_active=("user_active", "first"),
            last_login=("last_login", "first"),
            grants=("held", "size"),
            roles=("held", lambda held: "; ".join(sorted(set(held)))),
        )
        .reset_index()
    )
    frame = rows[["username", "email", "user_id", "user_active", "last_login", "grants", "roles"]].copy()
    frame["days_since_login"] = _days(now, frame["last_login"])
    frame["grants"] = frame["grants"].astype("Int64")
    frame = frame.astype({"username": "string", "email": "string", "user_id": "string", "roles": "string"})
    return frame.sort_values(["last_login", "username"], na_position="first", ignore_index=True)


def stale_keys(keys: pd.DataFrame, now: pd.Timestamp, days: float) -> pd.DataFrame:
    """Active keys whose latest rotation (or creation, if never rotated) is ``days`` old or older."""
    import pandas as pd  # lazy: pandas

    since = keys["last_rotated"].fillna(keys["created"])
    active = keys["active"].fillna(True).astype(bool)
    old = keys[active & (since < now - pd.Timedelta(days=days))].copy()
    old["age_days"] = _days(now, since[old.index])
    # The index labels stay those of ``keys``: ``.zpro.raw`` and ``.zpro.errors`` keep working.
    return old.sort_values("age_days", ascending=False)


async def access_review(
    session: ProReader,
    previous: str | Path | AccessSnapshot | None = None,
    *,
    dormant_days: float = 90,
    invitation_days: float = 30,
    key_days: float = 90,
    organization: str | None = None,
    progress: bool = True,
    now: dt.datetime | None = None,
) -> AccessReview:
    """Take a snapshot and compute the review's tables (see :class:`AccessReview`).

    ``now``: the moment ages are counted from (default: the session's clock; a sandbox whose clock
    was moved passes its own time).
    """
    import pandas as pd  # lazy: pandas

    for name, value in (
        ("dormant_days", dormant_days),
        ("invitation_days", invitation_days),
        ("key_days", key_days),
    ):
        require_number(name, value)
    before = AccessSnapshot.load(previous) if isinstance(previous, str | Path) else previous
    snap = await take_snapshot(session, organization, progress=progress, now=now)
    moment = pd.Timestamp(snap.taken_at)
    grants = snap.grants
    privileged = grants[grants["role"].fillna("").str.contains(PRIVILEGED_ROLE)].reset_index(drop=True)
    invitations = await stale_invitations(
        session, invitation_days, organization=organization, now=snap.taken_at
    )
    keys = await session.api_keys(organization=organization, progress=progress)
    stale = stale_keys(keys, moment, key_days)
    diff = (
        access_diff(before, snap)
        if before is not None
        else pd.DataFrame(columns=DIFF_COLUMNS, dtype="string")
    )
    return AccessReview(
        snapshot=snap,
        previous=before,
        diff=diff,
        privileged=privileged,
        dormant=dormant_holders(grants, moment, dormant_days),
        stale_invitations=invitations.reset_index(drop=True),
        stale_keys=stale,
        settings={"dormant_days": dormant_days, "invitation_days": invitation_days, "key_days": key_days},
    )
