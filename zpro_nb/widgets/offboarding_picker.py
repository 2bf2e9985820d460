"""Pick the person to offboard: a search box, the matching users, and their plan once picked.

Only the matches of the current search are listed (at most ``MAX_SHOWN``), so a large organization's
user list never reaches the browser whole. Picking reads what the person holds (a few requests) and
shows the plan's table under the list; ``picker.plan`` is that plan, for the cells below.
"""

from __future__ import annotations

import html
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import ipywidgets as W

from .plain_errors import plain_error

if TYPE_CHECKING:
    import pandas as pd

    from ..changes.offboarding import OffboardingPlan

__all__ = ["MAX_SHOWN", "OffboardingPicker", "PickerSession"]


class PickerSession(Protocol):
    """The ``Session`` methods the picker calls."""

    def users(self, email: str | None = None) -> pd.DataFrame: ...

    def offboarding_plan(self, user: str, *, progress: bool = True) -> OffboardingPlan: ...


MAX_SHOWN = 50


def _label(user: Mapping[Hashable, Any]) -> str:
    name = str(user["name"] or user["username"])
    return f"{name} <{user['email']}>" if user["email"] else name


class OffboardingPicker:
    """Search, pick one user, see their offboarding plan; ``plan`` is ``None`` until someone is picked."""

    def __init__(self, session: PickerSession) -> None:
        self._session = session
        self.plan: OffboardingPlan | None = None
        users = session.users()
        people = users[~users["is_service_account"].fillna(False).astype(bool)]
        self._people: list[tuple[str, str]] = sorted(
            (_label(u), str(u["email"] or u["username"])) for u in people.to_dict("records")
        )
        self.search = W.Text(description="Find", placeholder="name, email or username")
        self.search.add_class("zpro-offboard-search")
        self.matches = W.Select(description="Who", rows=8, layout=W.Layout(width="36em"))
        self.matches.add_class("zpro-offboard-matches")
        self.status = W.HTML()
        self.status.add_class("zpro-offboard-status")
        self.result = W.HTML()
        self.result.add_class("zpro-offboard-result")
        self.widget = W.VBox([self.search, self.matches, self.status, self.result])
        self.widget.add_class("zpro-offboard-picker")
        self._show_matches()
        self.search.observe(lambda _c: self._show_matches(), names="value")
        self.matches.observe(lambda _c: self._picked(), names="value")

    def _show_matches(self) -> None:
        needle = self.search.value.strip().casefold()
        found = [p for p in self._people if needle in p[0].casefold()]
        # value=None first: the old value may not be among the new options.
        self.matches.value = None
        self.matches.options = found[:MAX_SHOWN]
        more = f" (the first {MAX_SHOWN}: type more to narrow)" if len(found) > MAX_SHOWN else ""
        self.status.value = f"{len(found)} match(es){more}. Pick the person who is leaving."

    def pick(self, user: str) -> OffboardingPlan:
        """Pick ``user`` (email or username), as clicking it in the list does; returns their plan."""
        self.matches.options = [p for p in self._people if p[1] == user] or [(user, user)]
        self.matches.value = user
        if self.plan is None:
            raise ValueError(f"{user}: {self.status.value}")
        return self.plan

    def _picked(self) -> None:
        user = self.matches.value
        if not user:
            return
        self.plan = None
        self.status.value = f"Reading what {html.escape(user)} holds…"
        self.result.value = ""
        try:
            plan = self._session.offboarding_plan(user, progress=False)
        except Exception as exc:  # shown in the panel: a callback's exception is otherwise lost
            self.status.value = html.escape(plain_error(exc))
            return
        self.plan = plan
        self.status.value = f"Picked <b>{html.escape(plan.who)}</b>. Nothing has changed yet."
        # Lab's own class for rendered HTML: the table looks like the notebook's other tables.
        self.result.value = f"<div class='jp-RenderedHTMLCommon'>{plan._repr_html_()}</div>"

    def _ipython_display_(self) -> None:
        from IPython.display import display  # lazy: IPython, only inside a notebook

        display(self.widget)  # type: ignore[no-untyped-call]
