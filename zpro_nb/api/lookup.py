"""Names or ids: find the one record a person means, or say clearly why not.

Every method that takes a workspace, user, team, role, service account or key accepts its name or
its id. An id matches exactly; a name matches case-insensitively on the record's name-like fields.
None found raises :class:`NameNotFound` (a ``NotFound`` without a status: the lookup is ours, no
server said 404) with the names that are close enough to be what was meant; several found raises
:class:`AmbiguousName` (a ``ValueError``) listing them with their ids.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..errors import AmbiguousName, NameNotFound

__all__ = ["AmbiguousName", "NameNotFound", "RecordIndex", "close_matches", "resolve"]

#: how alike (difflib's ratio) a name must be to be suggested; below it a suggestion is noise
NAME_CUTOFF = 0.65
#: for emails, the part before the @ ...
LOCAL_PART_CUTOFF = 0.75
#: ... and the domain, compared on their own: one shared domain must not make two people look alike
DOMAIN_CUTOFF = 0.8


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def _email_score(wanted: str, name: str) -> float:
    """How alike two emails are: their local parts, provided the domains are (nearly) the same."""
    local, _, domain = wanted.rpartition("@")
    other_local, _, other_domain = name.rpartition("@")
    if _ratio(domain, other_domain) < DOMAIN_CUTOFF:
        return 0.0
    score = _ratio(local, other_local)
    return score if score >= LOCAL_PART_CUTOFF else 0.0


def close_matches(text: str, names: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` names that look like ``text`` (case-insensitive), best first; none when none is close.

    An email is compared with emails only, part by part: ``ghost@acme.example`` is not "close" to
    ``alice@acme.example`` just because most of both is the domain.
    """
    folded: dict[str, str] = {}
    for name in names:
        folded.setdefault(name.casefold(), name)
    wanted = text.strip().casefold()
    if "@" in wanted:
        scored = [(_email_score(wanted, name), name) for name in folded if "@" in name]
        return [folded[name] for score, name in sorted(scored, key=lambda p: -p[0]) if score > 0][:n]
    return [folded[m] for m in difflib.get_close_matches(wanted, list(folded), n=n, cutoff=NAME_CUTOFF)]


def resolve(
    records: Sequence[Mapping[str, Any]],
    text: str,
    noun: str,
    *,
    keys: Sequence[str] = ("name",),
    where: str = "",
    ambiguity_hint: str = "pass the id instead",
    listing: str | None = None,
) -> Mapping[str, Any]:
    """The record whose ``id`` is ``text``, else the one whose ``keys`` match it (ignoring case).

    ``noun`` and ``where`` (e.g. ``" in organization acme-ml"``) shape the error messages;
    ``ambiguity_hint`` says how to pick one when several match; ``listing`` (e.g. ``s.workspaces()``)
    is the call that lists the right names, offered when none matches. Many texts asked of the same
    records: :class:`RecordIndex`.
    """
    index = RecordIndex(records, keys=keys)
    return index.resolve(text, noun, where=where, ambiguity_hint=ambiguity_hint, listing=listing)


class RecordIndex:
    """Records found by id and by name, each text by a dict read (:func:`resolve` for many texts).

    Naming 50 workspaces among an organization's 300 by a pass over every record per name took
    12 ms, while the workspaces' first answers waited to be read.
    """

    def __init__(self, records: Sequence[Mapping[str, Any]], *, keys: Sequence[str] = ("name",)) -> None:
        self._records = records
        self._keys = tuple(keys)
        self._ids: dict[str, list[Mapping[str, Any]]] = {}
        self._names: dict[str, list[Mapping[str, Any]]] = {}
        for record in records:
            record_id = record.get("id")
            if isinstance(record_id, str):  # only a text can equal the text asked for
                self._ids.setdefault(record_id, []).append(record)
            for folded in {text.casefold() for k in self._keys if (text := _text(record.get(k)))}:
                self._names.setdefault(folded, []).append(record)

    def resolve(
        self,
        text: str,
        noun: str,
        *,
        where: str = "",
        ambiguity_hint: str = "pass the id instead",
        listing: str | None = None,
    ) -> Mapping[str, Any]:
        """The record ``text`` names (see :func:`resolve`), or the error that says why there is none."""
        wanted = text.strip()
        if not wanted:
            # An empty text matched every record without a name in one of the keys (a workspace
            # without a display name), and one such record was silently taken for it.
            raise NameNotFound(f"no {noun} called {text!r}{where}", fix=f"pass the name or id of the {noun}")
        by_id = self._ids.get(wanted, [])
        if len(by_id) == 1:
            return by_id[0]
        found = self._names.get(wanted.casefold(), [])
        if len(found) == 1:
            return found[0]
        if found:
            candidates = [f"{self._label(r)} ({r.get('id')})" for r in found]
            raise AmbiguousName(
                f"{len(found)} {noun}s{where} are called {text!r}: {', '.join(candidates)}; {ambiguity_hint}",
                candidates=candidates,
            )
        names = [v for r in self._records for k in self._keys if (v := _text(r.get(k)))]
        suggestions = close_matches(wanted, names)
        hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        fix = "check the spelling, or pass the id" + (f"; {listing} lists the {noun}s" if listing else "")
        raise NameNotFound(f"no {noun} called {text!r}{where}{hint}", suggestions=suggestions, fix=fix)

    def _label(self, record: Mapping[str, Any]) -> str:
        return next((v for k in self._keys if (v := _text(record.get(k)))), str(record.get("id", "?")))
