"""One journal entry: a change that was made, by whom, when, and where it came from.

On its own below :mod:`.journal` (which imports the plans it undoes), so what records entries (a
plan's apply) and what shows them (:mod:`.rendering`) name an entry without importing the journal.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .change import Change

__all__ = ["JournalEntry"]


@dataclass(frozen=True)
class JournalEntry:
    """One change that was made: when, by whom, what, and where it came from (plan, single call, undo)."""

    id: str
    time: datetime
    actor: str
    change: Change
    source: str = "single"
    plan_id: str = ""
    note: str = ""

    @property
    def inverse(self) -> Change:
        """The change that undoes this entry."""
        return self.change.inverse()

    def to_json(self) -> dict[str, Any]:
        """The entry as one JSON object (one line of a ``.jsonl`` journal file)."""
        return {
            "id": self.id,
            "time": self.time.isoformat(),
            "actor": self.actor,
            "action": self.change.kind,
            "description": self.change.describe(),
            "change": self.change.to_record(),
            "inverse": self.inverse.to_record(),
            "source": self.source,
            "plan_id": self.plan_id,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JournalEntry:
        """Rebuild an entry from :meth:`to_json` output."""
        when = datetime.fromisoformat(str(data["time"]))
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return cls(
            id=str(data.get("id") or uuid.uuid4().hex),
            time=when,
            actor=str(data.get("actor") or ""),
            change=Change.from_record(dict(data["change"])),
            source=str(data.get("source") or "single"),
            plan_id=str(data.get("plan_id") or ""),
            note=str(data.get("note") or ""),
        )
