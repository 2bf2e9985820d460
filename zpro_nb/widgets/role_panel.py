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

from ..errors import InvalidArgument
from ..models.pro.privilege import is_privileged, ordered_roles
from .panel import Panel
from .people_picker import PeoplePicker, Principal
from .plain_errors import USER_ERRORS, plain_error
from .session_protocol import PanelSession
from .theme import message, table

#: A scope is (level, organization, workspace); workspace is "" for the organization itself.
Scope = tuple[str, str, str]

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
    """Assign (or revoke) one role to many users and teams at once, with a preview before anything changes.

    Nothing is chosen for the user: a new scope (or a new list of roles) clears the role, Preview
    and Apply stay disabled until scope, role and people are all chosen, and granting an admin or
    manager role needs a second, explicit confirmation naming the role and the people.
    """

    kind = "role"
    title = "Assign roles"

    def __init__(self, session: PanelSession) -> None:
        super().__init__()
        self.session = session
        self.plan: Any = None
        self.result_frame: pd.DataFrame | None = None
        self._descriptions: dict[str, str] = {}

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
        self.role_help = W.HTML()
        self.role_help.add_class("zpro-role-help")
        self.people = PeoplePicker(self._invalidate, wide)
        self.search = self.people.search
        self.members = self.people.matches
        self.chosen = self.people.summary
        self.confirm = W.Checkbox(value=False, indent=False, layout=W.Layout(display="none", width="auto"))
        self.confirm.add_class("zpro-role-confirm")
        self.preview = W.Button(description="Preview", icon="eye", disabled=True)
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
            self.role_help,
            *self.people.widgets,
            W.HBox([self.preview, self.apply]),
            self.confirm,
            self.status,
            self.plan_view,
            self.result_view,
        )

        self._load_scopes()
        self.scope.observe(self._on_scope, names="value")
        self.role.observe(self._invalidate, names="value")
        self.mode.observe(self._invalidate, names="value")
        self.confirm.observe(self._on_confirm, names="value")
        self.preview.on_click(self._on_preview)
        self.apply.on_click(self._on_apply)
        self._on_scope()

    # -- what is chosen ------------------------------------------------------------------------

    @property
    def selected(self) -> list[Principal]:
        """Every chosen user and team, including ones the current filter hides (sorted)."""
        return self.people.chosen

    @property
    def role_names(self) -> list[str]:
        """The roles offered for the current scope, least privilege first."""
        return [value for _label, value in self.role.options if value]

    def select(self, *labels_or_names: str) -> None:
        """Choose people by label fragment, email, username or team name (what a click does, for runbooks)."""
        for wanted in labels_or_names:
            matches = self.people.find(wanted)
            if not matches:
                raise InvalidArgument(
                    f"select: no user or team matches {wanted!r}; give an email, username or team name"
                )
            self.people.pick(*matches)

    # -- loading -------------------------------------------------------------------------------

    def _load_scopes(self) -> None:
        options: list[tuple[str, Scope | None]] = [("Choose a scope…", None)]
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
        self.scope.value = None

    def _on_scope(self, _change: dict[str, Any] | None = None) -> None:
        scope: Scope | None = self.scope.value
        # A new scope never carries a role over: the role list changes, and nobody chose a role in it.
        self.role.options = [("Choose a role…", "")]
        self.role.value = ""
        self._descriptions = {}
        if scope is not None:
            level, org, _ws = scope
            try:
                roles = self.session.roles(organization=org, level=level)
                pairs = [
                    (_text(name), _text(description))
                    for name, description in zip(roles["name"], roles["description"], strict=True)
                    if _text(name)
                ]
                self._descriptions = dict(pairs)
                self.role.options = [("Choose a role…", "")] + [(n, n) for n, _d in ordered_roles(pairs)]
                self.role.value = ""
                self._load_members(org)
            except USER_ERRORS as exc:
                self.status.value = message(plain_error(exc), "error")
        self._invalidate()

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
        self.people.set_people(members)

    # -- the state of the choice ---------------------------------------------------------------

    def _missing(self) -> list[str]:
        missing = []
        if self.scope.value is None:
            missing.append("a scope")
        if not self.role.value:
            missing.append("a role")
        if not self.people.chosen:
            missing.append("at least one user or team")
        return missing

    def _invalidate(self, _change: dict[str, Any] | None = None) -> None:
        """Any change of input: the old plan, confirmation and messages no longer hold."""
        self.plan = None
        self.apply.disabled = True
        self.confirm.value = False
        self.confirm.layout.display = "none"
        self.plan_view.value = ""
        self.result_view.value = ""
        role = self.role.value or ""
        description = self._descriptions.get(role, "")
        self.role_help.value = message(description) if description else ""
        missing = self._missing()
        self.preview.disabled = bool(missing)
        if missing:
            self.status.value = message("Choose " + ", ".join(missing) + ", then Preview.")
        else:
            self.status.value = message("Press Preview to see what would change.")

    def _needs_confirmation(self) -> bool:
        return self.mode.value == "assign" and is_privileged(self.role.value or "")

    def _on_confirm(self, _change: dict[str, Any]) -> None:
        if self.plan is not None and self._needs_confirmation():
            self.apply.disabled = not self.confirm.value

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
        if self._missing():
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
        if to_do and self._needs_confirmation():
            who = ", ".join(("team " if kind == "team" else "") + ident for kind, ident in self.selected)
            self.confirm.description = f"Yes, grant the admin role {self.role.value} to {who}"
            self.confirm.layout.display = None
            self.status.value = message(text + " This grants an admin role: tick the box to confirm.", "warn")
            return
        self.status.value = message(text + (" Press Apply to run it." if to_do else ""), "info")
        self.apply.disabled = to_do == 0

    def _on_apply(self, _button: W.Button | None = None) -> None:
        plan = self.plan
        if plan is None or (self._needs_confirmation() and not self.confirm.value):
            return
        self.apply.disabled = True  # no double apply
        self.status.value = message("Applying…", "info")
        try:
            result: pd.DataFrame = plan.apply(
                progress=False
            )  # the panel says "Applying…" itself; a tqdm line would land in the widget log
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
