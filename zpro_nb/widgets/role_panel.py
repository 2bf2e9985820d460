"""The role-assignment panel: pick a scope, a role of that scope's level and people; preview, then apply.

Preview builds the same sheet a runbook would (columns ``user``/``team``, ``role``,
``workspace``, ``organization``, ``action``) and hands it to ``Session.plan_role_assignments``;
the plan is shown as a table (who gains which role, who already has it). Apply runs
``plan.apply()`` and shows each row's outcome: assigned / already had / failed and why. The
revoke mode builds the same sheet with ``action = revoke``.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as W
import pandas as pd

from .panel import Panel
from .plain_errors import USER_ERRORS, plain_error
from .session_protocol import PanelSession
from .theme import message, table

#: A scope is (level, organization, workspace); workspace is "" for the organization itself.
Scope = tuple[str, str, str]
#: A principal is ("user", email-or-username) or ("team", name).
Principal = tuple[str, str]

# (revoking?, plan status) -> words; (revoking?, outcome) -> words
_PLAN_WORDS = {
    (False, "to add"): "gains the role",
    (False, "already in place"): "already has it",
    (True, "to remove"): "loses the role",
    (True, "already in place"): "does not have it",
}
_OUTCOME_WORDS = {
    (False, "done"): "assigned",
    (False, "already"): "already had",
    (True, "done"): "revoked",
    (True, "already"): "already without",
    (False, "not run"): "not done yet",
    (True, "not run"): "not done yet",
}
_ROW_CLASS = {
    "to add": "add",
    "to remove": "remove",
    "already in place": "already",
    "error": "error",
    "done": "done",
    "already": "already",
    "failed": "failed",
    "not run": "already",
}


def _text(value: Any) -> str:
    return (
        "" if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA else str(value)
    )


class RolePanel(Panel):
    """Assign (or revoke) one role to many users and teams at once, with a preview before anything changes."""

    kind = "role"
    title = "Assign roles"

    def __init__(self, session: PanelSession) -> None:
        super().__init__()
        self.session = session
        self.plan: Any = None
        self.result_frame: pd.DataFrame | None = None
        self._chosen: set[Principal] = set()
        self._all_members: list[tuple[str, Principal]] = []
        self._refreshing = False

        wide = {"description_width": "7em"}
        self.mode = W.ToggleButtons(
            options=[("Assign", "assign"), ("Revoke", "revoke")],
            value="assign",
            tooltips=["give the role to everyone chosen", "take the role away from everyone chosen"],
        )
        self.mode.add_class("zpro-role-mode")
        self.scope = W.Dropdown(description="Scope", style=wide, layout=W.Layout(width="32em"))
        self.scope.add_class("zpro-role-scope")
        self.role = W.Dropdown(description="Role", style=wide, layout=W.Layout(width="32em"))
        self.role.add_class("zpro-role-role")
        self.search = W.Text(description="Find", placeholder="filter users and teams", style=wide)
        self.search.add_class("zpro-role-search")
        self.members = W.SelectMultiple(description="Who", rows=8, style=wide, layout=W.Layout(width="32em"))
        self.members.add_class("zpro-role-members")
        self.chosen = W.HTML()
        self.chosen.add_class("zpro-role-chosen")
        self.preview = W.Button(description="Preview", icon="eye")
        self.preview.add_class("zpro-role-preview")
        self.apply = W.Button(description="Apply", button_style="primary", icon="check", disabled=True)
        self.apply.add_class("zpro-role-apply")
        self.status = W.HTML()
        self.status.add_class("zpro-role-status")
        self.plan_view = W.HTML()
        self.plan_view.add_class("zpro-role-plan")
        self.result_view = W.HTML()
        self.result_view.add_class("zpro-role-result")

        self._set_body(
            self.mode,
            self.scope,
            self.role,
            self.search,
            self.members,
            self.chosen,
            W.HBox([self.preview, self.apply]),
            self.status,
            self.plan_view,
            self.result_view,
        )

        self._load_scopes()
        self.scope.observe(self._on_scope, names="value")
        self.search.observe(self._on_search, names="value")
        self.members.observe(self._on_members, names="value")
        self.role.observe(self._invalidate, names="value")
        self.mode.observe(self._invalidate, names="value")
        self.preview.on_click(self._on_preview)
        self.apply.on_click(self._on_apply)
        self._on_scope()

    # -- what is chosen ------------------------------------------------------------------------

    @property
    def selected(self) -> list[Principal]:
        """Every chosen user and team, including ones the current filter hides (sorted)."""
        return sorted(self._chosen)

    def select(self, *labels_or_names: str) -> None:
        """Choose people by label fragment, email, username or team name (what a click does, for runbooks)."""
        for wanted in labels_or_names:
            key = wanted.casefold()
            matches = [
                p for label, p in self._all_members if key == p[1].casefold() or key in label.casefold()
            ]
            if not matches:
                raise ValueError(f"no user or team matches {wanted!r}")
            self._chosen.update(matches[:1] if any(key == p[1].casefold() for p in matches) else matches)
        self._show_members()

    # -- loading -------------------------------------------------------------------------------

    def _load_scopes(self) -> None:
        options: list[tuple[str, Scope]] = []
        try:
            orgs = self.session.organizations()
            for org in (str(n) for n in orgs["name"].dropna()):
                options.append((f"{org} — whole organization", ("organization", org, "")))
                workspaces = self.session.workspaces(organization=org)
                for ws in sorted(str(n) for n in workspaces["name"].dropna()):
                    options.append((f"{org} / workspace {ws}", ("workspace", org, ws)))
        except USER_ERRORS as exc:
            self.status.value = message(plain_error(exc), "error")
        self.scope.options = options

    def _on_scope(self, _change: dict[str, Any] | None = None) -> None:
        self._invalidate()
        scope: Scope | None = self.scope.value
        if scope is None:
            self.role.options = []
            return
        level, org, _ws = scope
        try:
            roles = self.session.roles(organization=org, level=level)
            self.role.options = sorted(str(n) for n in roles["name"].dropna())
            self._load_members(org)
        except USER_ERRORS as exc:
            self.status.value = message(plain_error(exc), "error")

    def _load_members(self, org: str) -> None:
        users = self.session.users()
        teams = self.session.teams(organization=org)
        members: list[tuple[str, Principal]] = []
        for row in users.itertuples(index=False):
            email, username, name = _text(row.email), _text(row.username), _text(getattr(row, "name", ""))
            ident = email or username
            if not ident:
                continue
            label = f"user: {name} <{ident}>" if name and name != ident else f"user: {ident}"
            members.append((label, ("user", ident)))
        for team in sorted(_text(n) for n in teams["name"].dropna()):
            members.append((f"team: {team}", ("team", team)))
        self._all_members = members
        known = {p for _label, p in members}
        self._chosen &= known
        self._show_members()

    # -- filtering and choosing ----------------------------------------------------------------

    def _on_search(self, _change: dict[str, Any]) -> None:
        self._show_members()

    def _show_members(self) -> None:
        needle = self.search.value.strip().casefold()
        visible = [(label, p) for label, p in self._all_members if not needle or needle in label.casefold()]
        self._refreshing = True
        try:
            self.members.options = visible
            self.members.value = tuple(p for _label, p in visible if p in self._chosen)
        finally:
            self._refreshing = False
        self._show_chosen()

    def _on_members(self, change: dict[str, Any]) -> None:
        if self._refreshing:
            return
        visible = {p for _label, p in self.members.options}
        self._chosen = (self._chosen - visible) | set(change["new"])
        self._invalidate()
        self._show_chosen()

    def _show_chosen(self) -> None:
        if not self._chosen:
            self.chosen.value = message("Nobody chosen yet.", "info")
            return
        names = ", ".join(("team " if kind == "team" else "") + ident for kind, ident in self.selected)
        self.chosen.value = message(f"{len(self._chosen)} chosen: {names}", "info")

    def _invalidate(self, _change: dict[str, Any] | None = None) -> None:
        self.plan = None
        self.apply.disabled = True

    # -- preview and apply ---------------------------------------------------------------------

    def sheet(self) -> pd.DataFrame:
        """The change sheet the panel's choices make: what Preview hands to ``plan_role_assignments``."""
        scope: Scope | None = self.scope.value
        level, org, ws = scope if scope is not None else ("organization", "", "")
        rows = [
            {
                "user": ident if kind == "user" else "",
                "team": ident if kind == "team" else "",
                "role": self.role.value or "",
                "workspace": ws if level == "workspace" else "",
                "organization": org,
                "action": self.mode.value,
            }
            for kind, ident in self.selected
        ]
        columns = ["user", "team", "role", "workspace", "organization", "action"]
        return pd.DataFrame(rows, columns=columns, dtype="string")

    def _on_preview(self, _button: W.Button | None = None) -> None:
        self.result_view.value = ""
        self._invalidate()
        if not self._chosen:
            self.status.value = message("Choose at least one user or team.", "warn")
            return
        if not self.role.value:
            self.status.value = message("Choose a role.", "warn")
            return
        try:
            plan = self.session.plan_role_assignments(self.sheet())
        except USER_ERRORS as exc:
            self.status.value = message(plain_error(exc), "error")
            self.plan_view.value = ""
            return
        self.plan = plan
        self.plan_view.value = self._plan_table(plan.frame)
        problems = [str(p) for p in plan.errors]
        if problems:
            text = "The plan has problems; nothing can be applied: " + "; ".join(problems)
            self.status.value = message(text, "error")
            return
        counts = plan.counts()
        to_do = counts["to add"] + counts["to remove"]
        text = f"{to_do} to change, {counts['already in place']} already in place."
        self.status.value = message(text + (" Press Apply to run it." if to_do else ""), "info")
        self.apply.disabled = to_do == 0

    def _on_apply(self, _button: W.Button | None = None) -> None:
        plan = self.plan
        if plan is None:
            return
        self.apply.disabled = True  # no double apply
        self.status.value = message("Applying…", "info")
        try:
            result: pd.DataFrame = plan.apply()
        except USER_ERRORS as exc:
            # What was done stays done (the plan tracks each row); Apply again completes the rest.
            self.result_view.value = self._result_table(plan.results)
            self.status.value = message(plain_error(exc) + " Press Apply again to finish.", "error")
            self.apply.disabled = False
            return
        self.result_frame = result
        self.result_view.value = self._result_table(result)
        failed = int((result["outcome"] == "failed").sum())
        text = f"Done: {len(result) - failed} row(s) in place, {failed} failed."
        self.status.value = message(text, "error" if failed else "ok")
        self.plan = None

    # -- tables --------------------------------------------------------------------------------

    @staticmethod
    def _who(row: pd.Series) -> str:
        team = _text(row.get("team"))
        return f"team {team}" if team else _text(row.get("user"))

    @staticmethod
    def _scope(row: pd.Series) -> str:
        ws = _text(row.get("workspace"))
        return f"workspace {ws}" if ws else f"organization {_text(row.get('organization'))}".strip()

    def _plan_table(self, frame: pd.DataFrame) -> str:
        rows, classes = [], []
        for _i, row in frame.iterrows():
            status = _text(row.get("status"))
            revoking = _text(row.get("action")) == "revoke"
            words = _PLAN_WORDS.get((revoking, status), status)
            if status == "error":
                words = f"error: {_text(row.get('problem'))} — {_text(row.get('fix'))}"
            rows.append([self._who(row), _text(row.get("role")), self._scope(row), words])
            classes.append(_ROW_CLASS.get(status, "error"))
        return table(["who", "role", "scope", "change"], rows, classes, css_class="zpro-plan-table")

    def _result_table(self, frame: pd.DataFrame) -> str:
        rows, classes = [], []
        for _i, row in frame.iterrows():
            outcome = _text(row.get("outcome"))
            revoking = _text(row.get("action")) == "revoke"
            words = _OUTCOME_WORDS.get((revoking, outcome), outcome)
            if outcome == "failed":
                reason = _text(row.get("reason"))
                words = f"failed: {reason}" if reason else "failed"
            rows.append([self._who(row), _text(row.get("role")), self._scope(row), words])
            classes.append(_ROW_CLASS.get(outcome, "already"))
        return table(["who", "role", "scope", "result"], rows, classes, css_class="zpro-result-table")
