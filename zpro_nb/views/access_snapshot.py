"""Who holds which role where, at one moment, kept in a file; and what changed between two moments.

``snap = s.access_snapshot()`` reads every grant (organization and workspace roles, held directly
or through a team) with each holder's last sign-in; ``snap.save(path)`` writes it as Parquet with
the time it was taken and the organization in the file's metadata; ``AccessSnapshot.load(path)``
gives it back with the same dtypes; ``access_diff(old, new)`` lists every grant gained, lost or
changed.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidArgument
from .access import _access

if TYPE_CHECKING:
    import pandas as pd

    from .reader import ProReader

__all__ = ["DIFF_COLUMNS", "GRANT_DTYPES", "AccessSnapshot", "access_diff", "take_snapshot"]

#: one row per grant: a user holding a role in the organization or in a workspace, directly or via a team
GRANT_DTYPES: dict[str, str] = {
    "username": "string",
    "email": "string",
    "user_id": "string",
    "organization": "string",
    "scope": "string",
    "workspace": "string",
    "workspace_id": "string",
    "role": "string",
    "via": "string",
    "user_active": "boolean",
    "last_login": "datetime64[ns, UTC]",
}

#: a grant is the same grant when these agree; the role is what may change
GRANT_KEY = ["user_id", "organization", "scope", "workspace_id", "via"]

DIFF_COLUMNS = [
    "change",
    "username",
    "email",
    "user_id",
    "organization",
    "scope",
    "workspace",
    "workspace_id",
    "via",
    "old_role",
    "new_role",
]

_META_KEY = b"zpro_nb.access_snapshot"


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd  # lazy: pandas

    out = frame.reindex(columns=list(GRANT_DTYPES))
    for name, dtype in GRANT_DTYPES.items():
        if dtype.startswith("datetime"):
            out[name] = pd.to_datetime(out[name], utc=True).dt.as_unit("ns")
    return out.astype({k: v for k, v in GRANT_DTYPES.items() if not v.startswith("datetime")}).reset_index(
        drop=True
    )


@dataclass
class AccessSnapshot:
    """Every grant at ``taken_at`` (UTC) in ``organization`` (a name, or several joined by ``, ``)."""

    grants: pd.DataFrame
    taken_at: dt.datetime
    organization: str

    def save(self, path: str | Path) -> Path:
        """Write the snapshot as a Parquet file (``taken_at`` and ``organization`` in its metadata)."""
        # lazy: pyarrow (optional)
        import pyarrow as pa
        import pyarrow.parquet as pq

        target = Path(path)
        table = pa.Table.from_pandas(_typed(self.grants), preserve_index=False)
        meta = {"taken_at": self.taken_at.isoformat(), "organization": self.organization, "version": 1}
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), _META_KEY: json.dumps(meta)})
        target.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, target)
        return target

    @classmethod
    def load(cls, path: str | Path) -> AccessSnapshot:
        """Read a snapshot written by :meth:`save` (the same frame, with the same dtypes)."""
        import pyarrow.parquet as pq  # lazy: pyarrow (optional)

        source = Path(path)
        if not source.is_file():
            raise InvalidArgument(
                f"previous={str(source)!r}: no such file; pass the path a snapshot was saved to"
            )
        table = pq.read_table(source)
        raw = (table.schema.metadata or {}).get(_META_KEY)
        if raw is None:
            raise InvalidArgument(
                f"{source} is a Parquet file but not an access snapshot (no snapshot metadata)"
            )
        meta = json.loads(raw)
        return cls(
            grants=_typed(table.to_pandas()),
            taken_at=dt.datetime.fromisoformat(meta["taken_at"]),
            organization=str(meta["organization"]),
        )

    def __repr__(self) -> str:
        return (
            f"AccessSnapshot({len(self.grants)} grants, organization={self.organization!r}, "
            f"taken_at={self.taken_at.isoformat(timespec='minutes')})"
        )

    def _repr_html_(self) -> str:
        head = html.escape(repr(self))
        from ..frames.display import readable  # lazy: frames load pandas

        table = readable(self.grants).to_html(escape=False, index=False, max_rows=20, border=1)
        return f"<div><b>{head}</b>{table}</div>"


async def take_snapshot(
    session: ProReader,
    organization: str | None = None,
    *,
    progress: bool = True,
    now: dt.datetime | None = None,
) -> AccessSnapshot:
    """Every grant of ``organization`` (all of yours when ``None``) with each holder's last sign-in.

    ``now``: the time to record (default: the session's clock).
    """
    import pandas as pd  # lazy: pandas

    moment = now or dt.datetime.fromtimestamp(session.transport.clock.time(), dt.UTC)
    table, _ = await _access(session, organization, progress, organization_roles=True)
    users = await session.users()
    known = users.drop_duplicates("id").set_index("id")
    ids = table["user_id"].astype(object)
    table["user_active"] = pd.array(ids.map(known["is_active"]).tolist(), dtype="boolean")
    table["last_login"] = pd.to_datetime(ids.map(known["last_login"]), utc=True)
    names = sorted({str(o) for o in table["organization"].dropna() if str(o)})
    where = organization or ", ".join(names)
    ordered = table.sort_values(["organization", "scope", "workspace", "username", "role", "via"])
    return AccessSnapshot(_typed(ordered), moment, where)


def _roles(frame: pd.DataFrame) -> dict[tuple[str, ...], tuple[dict[str, Any], set[str]]]:
    held: dict[tuple[str, ...], tuple[dict[str, Any], set[str]]] = {}
    for found in frame.to_dict("records"):
        row = {str(k): v for k, v in found.items()}
        key = tuple("" if row[k] is None or row[k] != row[k] else str(row[k]) for k in GRANT_KEY)
        entry = held.setdefault(key, (row, set()))
        entry[1].add(str(row["role"]))
    return held


def access_diff(old: AccessSnapshot | pd.DataFrame, new: AccessSnapshot | pd.DataFrame) -> pd.DataFrame:
    """Every grant gained, lost or changed from ``old`` to ``new`` (snapshots or their grants frames).

    A grant is a user's hold on a scope (the organization or one workspace) by one way (directly or
    through one team); ``changed`` means the same hold with other roles (``old_role`` -> ``new_role``,
    several joined by ``; ``). One row per grant gained or lost, one per grant changed.
    """
    import pandas as pd  # lazy: pandas

    before = _roles(_typed(old.grants if isinstance(old, AccessSnapshot) else old))
    after = _roles(_typed(new.grants if isinstance(new, AccessSnapshot) else new))
    rows: list[dict[str, Any]] = []
    for key in sorted(set(before) | set(after)):
        was, now = before.get(key), after.get(key)
        who = (now or was)[0]  # type: ignore[index]
        base = {c: who[c] for c in DIFF_COLUMNS if c in who}
        old_roles, new_roles = (was[1] if was else set()), (now[1] if now else set())
        if old_roles == new_roles:
            continue
        if not old_roles:
            rows += [{**base, "change": "gained", "new_role": r} for r in sorted(new_roles)]
        elif not new_roles:
            rows += [{**base, "change": "lost", "old_role": r} for r in sorted(old_roles)]
        else:
            joined = {"old_role": "; ".join(sorted(old_roles)), "new_role": "; ".join(sorted(new_roles))}
            rows.append({**base, "change": "changed", **joined})
    return pd.DataFrame(rows, columns=DIFF_COLUMNS).astype("string")
