"""A people picker that works with thousands of users: search, pick from the matches, see chips.

Only the matches of the current search are listed (at most ``MAX_SHOWN``), so a list of 5,000
users never reaches the browser. Picked people stay picked when the search changes and show as
chips; clicking a chip's button removes that person.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as W

from .theme import message

#: A principal is ("user", email-or-username) or ("team", name).
Principal = tuple[str, str]

MAX_SHOWN = 50


class PeoplePicker:
    """Search box, list of matches and chips; ``on_change`` is called whenever the choice changes."""

    def __init__(self, on_change: Callable[[], None], style: dict[str, str]) -> None:
        self._on_change = on_change
        self._people: list[tuple[str, Principal]] = []
        self._labels: dict[Principal, str] = {}
        self._chosen: set[Principal] = set()
        self._refreshing = False
        self.search = W.Text(description="Find", placeholder="name, email or team", style=style)
        self.search.add_class("zpro-role-search")
        self.matches = W.SelectMultiple(description="Who", rows=8, style=style, layout=W.Layout(width="32em"))
        self.matches.add_class("zpro-role-members")
        self.hint = W.HTML()
        self.hint.add_class("zpro-role-hint")
        self.summary = W.HTML()
        self.summary.add_class("zpro-role-chosen")
        self.chips = W.Box(layout=W.Layout(flex_flow="row wrap"))
        self.chips.add_class("zpro-role-chips")
        self.search.observe(lambda _c: self._show_matches(), names="value")
        self.matches.observe(self._on_matches, names="value")

    @property
    def widgets(self) -> tuple[W.Widget, ...]:
        """What the panel lays out, top to bottom."""
        return (self.search, self.matches, self.hint, self.summary, self.chips)

    @property
    def chosen(self) -> list[Principal]:
        """Everyone picked, including people the current search hides (sorted)."""
        return sorted(self._chosen)

    def set_people(self, people: Sequence[tuple[str, Principal]]) -> None:
        """Offer these ``(label, principal)`` pairs; picked people no longer offered are dropped."""
        self._people = list(people)
        self._labels = {p: label for label, p in people}
        self._chosen &= set(self._labels)
        self._show_matches()
        self._show_chosen()

    def pick(self, *principals: Principal) -> None:
        """Add people to the choice (what choosing them in the list does)."""
        self._chosen.update(p for p in principals if p in self._labels)
        self._show_matches()
        self._changed()

    def remove(self, principal: Principal) -> None:
        """Take one person out of the choice (what the chip's button does)."""
        self._chosen.discard(principal)
        self._show_matches()
        self._changed()

    def find(self, wanted: str) -> list[Principal]:
        """Principals whose id equals ``wanted`` (case-insensitive), else whose label contains it."""
        key = wanted.casefold()
        exact = [p for _label, p in self._people if p[1].casefold() == key]
        return exact or [p for label, p in self._people if key in label.casefold()]

    def _show_matches(self) -> None:
        needle = self.search.value.strip().casefold()
        found = [(label, p) for label, p in self._people if not needle or needle in label.casefold()]
        shown = found[:MAX_SHOWN]
        self._refreshing = True
        try:
            # Clear the selection before the options change, so the browser never selects an
            # option index that the new list no longer has.
            self.matches.value = ()
            self.matches.options = shown
            self.matches.value = tuple(p for _label, p in shown if p in self._chosen)
        finally:
            self._refreshing = False
        if not found:
            self.hint.value = message(f"Nobody matches {self.search.value.strip()!r}.", "warn")
        elif len(found) > len(shown):
            more = len(found) - len(shown)
            self.hint.value = message(f"{len(shown)} shown, {more:,} more: type more of the name to narrow.")
        else:
            self.hint.value = ""

    def _on_matches(self, change: dict[str, Any]) -> None:
        if self._refreshing:
            return
        shown = {p for _label, p in self.matches.options}
        self._chosen = (self._chosen - shown) | set(change["new"])
        self._changed()

    def _changed(self) -> None:
        self._show_chosen()
        self._on_change()

    def _show_chosen(self) -> None:
        if not self._chosen:
            self.summary.value = message("Nobody chosen yet.")
            old, self.chips.children = self.chips.children, ()
            for chip in old:
                chip.close()
            return
        names = ", ".join(_name(p) for p in self.chosen)
        self.summary.value = message(f"{len(self._chosen)} chosen: {names}")
        old, self.chips.children = self.chips.children, tuple(self._chip(p) for p in self.chosen)
        for chip in old:
            chip.close()

    def _chip(self, principal: Principal) -> W.Button:
        chip = W.Button(
            description=_name(principal),
            icon="times",
            tooltip=f"remove {_name(principal)}",
            layout=W.Layout(width="auto", margin="2px"),
        )
        chip.add_class("zpro-role-chip")
        chip.on_click(lambda _b: self.remove(principal))
        return chip


def _name(principal: Principal) -> str:
    kind, ident = principal
    return f"team {ident}" if kind == "team" else ident
