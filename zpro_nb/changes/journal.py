"""The journal: every change made through a session, with who made it, when, and how to undo it.

Entries hold ids, names and emails only; every text is passed through the core's redaction on the way
in, so a token pasted into a cell by mistake cannot reach a journal file.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from .._core.redaction import redact_text
from ..errors import InvalidArgument
from .change import CHANGE_KINDS, Change
from .journal_entry import JournalEntry
from .rendering import journal_html

if TYPE_CHECKING:
    import os

    import pandas as pd

    from .plan import AsyncPlan, Plan

__all__ = ["JOURNAL_COLUMNS", "AsyncJournal", "Journal", "JournalBase", "JournalEntry", "JournalStore"]

JOURNAL_COLUMNS = (
    "time",
    "actor",
    "action",
    "description",
    "organization",
    "role",
    "user",
    "team",
    "workspace",
    "email",
    "undo_action",
    "source",
    "plan_id",
    "entry_id",
)


def _clean(change: Change) -> Change:
    values = {k: redact_text(v) for k, v in change.to_record().items() if k != "kind"}
    return Change(kind=change.kind, **values)


@dataclass
class JournalStore:
    """The entries one session shares between its sync and async faces."""

    entries: list[JournalEntry] = field(default_factory=list)
    actor: str = ""
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))


class JournalBase:
    """What the sync :class:`Journal` and the :class:`AsyncJournal` share: recording, reading, files."""

    def __init__(self, store: JournalStore | None = None) -> None:
        self._store = store if store is not None else JournalStore()

    # -- recording -----------------------------------------------------------------------------
    def record(
        self,
        change: Change | str,
        *,
        actor: str | None = None,
        source: str = "single",
        plan_id: str = "",
        note: str = "",
        **fields: str,
    ) -> JournalEntry:
        """Add one change that was made; returns the entry.

        ``change`` is a :class:`Change`, or its kind (``"assign_role"``, ``"revoke_role"``,
        ``"add_team_member"``, ``"remove_team_member"``, ``"invite_user"``, ``"cancel_invitation"``) with
        the :class:`Change` fields as keywords (``role_id=``, ``role=``, ``user_id=``, ``user=``,
        ``team_id=``, ``team=``, ``workspace_id=``, ``workspace=``, ``organization_id=``, ``organization=``,
        ``email=``, ``invitation_id=``). ``actor`` defaults to the session's signed-in user.
        """
        if isinstance(change, str):
            if change not in CHANGE_KINDS:
                raise InvalidArgument(
                    f"unknown change kind {change!r}; expected one of {', '.join(CHANGE_KINDS)}"
                )
            change = Change.from_record({"kind": change, **fields})
        elif fields:
            raise InvalidArgument("pass either a Change or a kind with its fields, not both")
        entry = JournalEntry(
            id=uuid.uuid4().hex,
            time=self._store.now(),
            actor=redact_text(actor if actor is not None else self._store.actor),
            change=_clean(change),
            source=source,
            plan_id=plan_id,
            note=redact_text(note),
        )
        self._store.entries.append(entry)
        return entry

    @property
    def actor(self) -> str:
        """Who entries are recorded for when no actor is given (the session's signed-in user)."""
        return self._store.actor

    @actor.setter
    def actor(self, value: str) -> None:
        self._store.actor = redact_text(value)

    # -- reading -------------------------------------------------------------------------------
    @property
    def entries(self) -> list[JournalEntry]:
        """The entries, oldest first (a copy)."""
        return list(self._store.entries)

    def __len__(self) -> int:
        return len(self._store.entries)

    def __iter__(self) -> Iterator[JournalEntry]:
        return iter(list(self._store.entries))

    @property
    def frame(self) -> pd.DataFrame:
        """The journal as a DataFrame, one row per change (columns: :data:`JOURNAL_COLUMNS`)."""
        import pandas as pd  # lazy: pandas

        rows = [
            {
                "time": e.time,
                "actor": e.actor,
                "action": e.change.kind,
                "description": e.change.describe(),
                "organization": e.change.organization,
                "role": e.change.role,
                "user": e.change.user,
                "team": e.change.team,
                "workspace": e.change.workspace,
                "email": e.change.email,
                "undo_action": e.inverse.kind,
                "source": e.source,
                "plan_id": e.plan_id,
                "entry_id": e.id,
            }
            for e in self._store.entries
        ]
        frame = pd.DataFrame(rows, columns=list(JOURNAL_COLUMNS))
        frame["time"] = pd.to_datetime(frame["time"], utc=True)
        for column in JOURNAL_COLUMNS[1:]:
            frame[column] = frame[column].astype("string")
        return frame

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} changes)"

    def _repr_html_(self) -> str:
        return journal_html(self.entries)

    # -- files ---------------------------------------------------------------------------------
    def to_jsonl(self, path: str | os.PathLike[str]) -> Path:
        """Write the journal to ``path`` as JSON Lines (one entry per line); returns the path."""
        target = Path(path).expanduser()
        with target.open("w", encoding="utf-8") as handle:
            for entry in self._store.entries:
                handle.write(json.dumps(entry.to_json(), ensure_ascii=False) + "\n")
        return target

    def load(self, path: str | os.PathLike[str]) -> Self:
        """Add the entries of a JSON Lines journal file (ones already here are skipped); returns ``self``."""
        known = {e.id for e in self._store.entries}
        for entry in _read_jsonl(Path(path).expanduser()):
            if entry.id not in known:
                self._store.entries.append(entry)
                known.add(entry.id)
        self._store.entries.sort(key=lambda e: e.time)
        return self

    # -- undo ----------------------------------------------------------------------------------
    def undo_changes(
        self, *, last: int | None = None, plan: AsyncPlan | Plan | str | None = None
    ) -> list[Change]:
        """The changes that restore the state from before the chosen entries (newest undone first).

        ``last=n`` picks the last n entries; ``plan=`` the entries a plan made (a plan or its id).
        """
        chosen = self._choose(last=last, plan=plan)
        earliest: dict[tuple[str, ...], Change] = {}
        order: list[tuple[str, ...]] = []
        for entry in reversed(chosen):
            target = entry.change.target
            if target not in earliest:
                order.append(target)
            # the state before the window is the inverse of the earliest entry for each target
            earliest[target] = entry.inverse
        return [earliest[t] for t in order]

    def _choose(self, *, last: int | None, plan: AsyncPlan | Plan | str | None) -> Sequence[JournalEntry]:
        entries = self._store.entries
        if (last is None) == (plan is None):
            raise InvalidArgument("say what to undo: undo(last=n) or undo(plan=plan)")
        if plan is not None:
            plan_id = plan if isinstance(plan, str) else plan.id
            chosen = [e for e in entries if e.plan_id == plan_id]
            if not chosen:
                raise InvalidArgument(f"the journal has no changes made by plan {plan_id}")
            return chosen
        assert last is not None
        if last < 1:
            raise InvalidArgument("last must be at least 1")
        return entries[-last:]


def _show(plan: object) -> None:
    """Show the reverse plan in a notebook before it runs (only when IPython is already loaded)."""
    ipython = sys.modules.get("IPython")
    if ipython is None or getattr(ipython, "get_ipython", lambda: None)() is None:
        return
    from IPython.display import display  # lazy: IPython, only inside a notebook

    display(plan)  # type: ignore[no-untyped-call]


def _read_jsonl(path: Path) -> list[JournalEntry]:
    entries = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                entries.append(JournalEntry.from_json(json.loads(line)))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}, line {number}: not a journal entry ({exc})") from None
    return entries


class Journal(JournalBase):
    """The journal as the sync ``Session`` shows it (``s.journal``)."""

    def __init__(self, store: JournalStore | None = None, *, session: Any = None) -> None:
        super().__init__(store)
        self._session = session

    @classmethod
    def from_jsonl(cls, path: str | os.PathLike[str]) -> Journal:
        """A journal read from a JSON Lines file (not tied to a session: ``s.journal.load`` it to undo)."""
        journal = cls()
        journal.load(path)
        return journal

    def undo(
        self,
        *,
        last: int | None = None,
        plan: AsyncPlan | Plan | str | None = None,
        confirm: bool = False,
        progress: bool = True,
    ) -> Plan:
        """Build the plan that reverses the chosen changes, diffed against the live state.

        Without ``confirm=True`` the plan is returned for review (``plan.apply()`` runs it); with it,
        the plan is applied at once and returned with its results, with the progress line of
        ``plan.apply()`` unless ``progress=False`` (a headless run).
        """
        if self._session is None:
            raise RuntimeError("this journal is not tied to a session: use s.journal.load(path), then undo")
        changes = self.undo_changes(last=last, plan=plan)
        reverse = self._session.plan_changes(changes, kind="undo")
        if confirm:
            _show(reverse)
            reverse.apply(progress=progress)
        return reverse  # type: ignore[no-any-return]


class AsyncJournal(JournalBase):
    """The journal as the ``AsyncSession`` shows it (``await s.journal.undo(...)``)."""

    def __init__(self, store: JournalStore | None = None, *, session: Any = None) -> None:
        super().__init__(store)
        self._session = session

    @classmethod
    def from_jsonl(cls, path: str | os.PathLike[str]) -> AsyncJournal:
        """A journal read from a JSON Lines file (not tied to a session)."""
        journal = cls()
        journal.load(path)
        return journal

    async def undo(
        self,
        *,
        last: int | None = None,
        plan: AsyncPlan | Plan | str | None = None,
        confirm: bool = False,
        progress: bool = True,
    ) -> AsyncPlan:
        """Async twin of :meth:`Journal.undo`."""
        if self._session is None:
            raise RuntimeError("this journal is not tied to a session: use s.journal.load(path), then undo")
        changes = self.undo_changes(last=last, plan=plan)
        reverse = await self._session.plan_changes(changes, kind="undo")
        if confirm:
            _show(reverse)
            await reverse.apply(progress=progress)
        return reverse  # type: ignore[no-any-return]
