"""Names or ids: find the one record a person means, or say clearly why not.

Every method that takes a workspace, user, team, role, service account or key accepts its name or
its id. An id matches exactly; a name matches case-insensitively on the record's name-like fields.
None found raises :class:`NameNotFound` (a ``NotFound``) with the closest names; several found
raises :class:`AmbiguousName` (a ``ValueError``) listing them with their ids.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._core.errors import NotFound, ZProError

__all__ = ["AmbiguousName", "NameNotFound", "close_matches", "resolve"]


class NameNotFound(NotFound):
    """No record has this name or id; ``suggestions`` holds the closest names."""

    def __init__(self, message: str, *, suggestions: Sequence[str] = (), **fields: Any) -> None:
        fields.setdefault("status", 404)
        super().__init__(message, **fields)
        self.suggestions = list(suggestions)


class AmbiguousName(ZProError, ValueError):
    """Several records share this name; ``candidates`` holds ``"name (id)"`` for each."""

    def __init__(self, message: str, *, candidates: Sequence[str] = (), **fields: Any) -> None:
        super().__init__(message, **fields)
        self.candidates = list(candidates)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def close_matches(text: str, names: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` names that look like ``text`` (case-insensitive), best first."""
    folded: dict[str, str] = {}
    for name in names:
        folded.setdefault(name.casefold(), name)
    return [folded[m] for m in difflib.get_close_matches(text.casefold(), list(folded), n=n, cutoff=0.5)]


def resolve(
    records: Sequence[Mapping[str, Any]],
    text: str,
    noun: str,
    *,
    keys: Sequence[str] = ("name",),
    where: str = "",
    ambiguity_hint: str = "pass the id instead",
) -> Mapping[str, Any]:
    """The record whose ``id`` is ``text``, else the one whose ``keys`` match it (ignoring case).

    ``noun`` and ``where`` (e.g. ``" in organization acme-ml"``) shape the error messages;
    ``ambiguity_hint`` says how to pick one when several match.
    """
    wanted = text.strip()
    by_id = [r for r in records if r.get("id") == wanted]
    if len(by_id) == 1:
        return by_id[0]
    folded = wanted.casefold()
    found = [r for r in records if any((_text(r.get(k)) or "").casefold() == folded for k in keys)]
    if len(found) == 1:
        return found[0]

    def label(record: Mapping[str, Any]) -> str:
        return next((v for k in keys if (v := _text(record.get(k)))), str(record.get("id", "?")))

    if found:
        candidates = [f"{label(r)} ({r.get('id')})" for r in found]
        raise AmbiguousName(
            f"{len(found)} {noun}s{where} are called {text!r}: {', '.join(candidates)}; {ambiguity_hint}",
            candidates=candidates,
        )
    names = [v for r in records for k in keys if (v := _text(r.get(k)))]
    suggestions = close_matches(wanted, names)
    hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    raise NameNotFound(f"no {noun} called {text!r}{where}{hint}", suggestions=suggestions)
