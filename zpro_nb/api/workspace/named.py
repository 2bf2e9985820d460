"""Find a workspace object by name with the server's ``name`` filter, never by listing everything.

A workspace may hold tens of thousands of runs: resolving one name must not page through all of
them. The server is asked for that exact name first (``name=equals:<text>``; exact and
case-sensitive), then for names containing it (``contains:`` is case-insensitive), and, only to
suggest close names after a miss, for a bounded page of names sharing its first letters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

from ..._core.transport import ApiClient
from ...errors import NameNotFound
from ..lookup import close_matches, resolve
from .listing import list_items

#: At most this many names are read to suggest close ones after a miss.
SUGGESTION_POOL = 200
#: How many leading characters a suggested name must share with the one given.
SUGGESTION_PREFIX = 3


async def _named(
    client: ApiClient,
    path: str,
    name_filter: str,
    max_items: int | None,
    filters: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    return await list_items(
        client, path, filters={**(filters or {}), "name": name_filter}, max_items=max_items
    )


async def find_named(
    client: ApiClient,
    path: str,
    text: str,
    noun: str,
    *,
    where: str = "",
    filters: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The one record of ``path`` called ``text`` (case-insensitively), read through name filters
    (and ``filters``, e.g. the project, alongside each; ``None`` values are not sent).

    Several called that raise :class:`~zpro_nb.api.lookup.AmbiguousName`; none raise
    :class:`~zpro_nb.api.lookup.NameNotFound` with the closest names the server holds.
    """
    wanted = text.strip()
    exact = await _named(client, path, f"equals:{wanted}", None, filters)
    if exact:
        return dict(resolve(exact, wanted, noun, where=where))
    # A name in another case: ``contains`` matches case-insensitively on ZenML's SQL stores.
    alike = await _named(client, path, f"contains:{wanted}", SUGGESTION_POOL, filters)
    folded = wanted.casefold()
    if any(isinstance(r.get("name"), str) and r["name"].casefold() == folded for r in alike):
        return dict(resolve(alike, wanted, noun, where=where))
    await not_found(client, path, wanted, noun, where=where, seen=alike, filters=filters)


async def not_found(
    client: ApiClient,
    path: str,
    text: str,
    noun: str,
    *,
    where: str = "",
    seen: list[dict[str, Any]] | None = None,
    filters: Mapping[str, Any] | None = None,
) -> NoReturn:
    """Raise ``NameNotFound`` for ``text``, suggesting close names from a bounded, name-filtered read."""
    pool = list(seen or [])
    if not pool and text.strip():
        prefix = text.strip()[:SUGGESTION_PREFIX]
        pool = await _named(client, path, f"startswith:{prefix}", SUGGESTION_POOL, filters)
    names = [r["name"] for r in pool if isinstance(r.get("name"), str)]
    suggestions = close_matches(text, names)
    hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    raise NameNotFound(f"no {noun} called {text!r}{where}{hint}", suggestions=suggestions)
