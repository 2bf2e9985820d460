"""The workspace-creation panel: organization, name (validated live), display name, description, Create.

Each change of name or organization is checked at once against the API's rules, then — once
typing pauses — by the server (``Session.validate_workspace_name``). Create is enabled only for
a name the server accepted, is disabled the moment it is pressed (no double create), and the
new workspace is followed with ``Session.get_workspace`` on a timer (never blocking the kernel)
until it is available (its URL is shown) or failed (the reason is shown). Errors appear inline,
in plain words, and the input is kept.
"""

from __future__ import annotations

import html
import threading
from typing import Any

import ipywidgets as W

from .._core.durations import format_duration
from .panel import Panel
from .plain_errors import USER_ERRORS, plain_error
from .scheduling import Debouncer, Repeater, Scheduler, ThreadScheduler
from .session_protocol import PanelSession
from .theme import link, message
from .workspace_name_rules import display_name_from, workspace_name_problem

_WAITING = {"pending", "not_initialized"}


class WorkspacePanel(Panel):
    """Create a workspace in a few fields; ``workspace`` holds the created workspace (a model) once made.

    ``scheduler`` is injectable so tests run the debounce and the polling without waiting.
    """

    kind = "workspace"
    title = "Create a workspace"

    def __init__(
        self,
        session: PanelSession,
        *,
        scheduler: Scheduler | None = None,
        debounce_seconds: float = 0.4,
        poll_seconds: float = 2.0,
        max_wait_seconds: float = 900.0,
    ) -> None:
        super().__init__()
        self.session = session
        self.workspace: Any = None
        self._lock = threading.Lock()
        self._generation = 0
        self._valid = False
        self._busy = False
        self._prefilling = False
        self._display_touched = False
        self._polls = 0
        self._poll_seconds = poll_seconds
        self._max_polls = max(1, int(max_wait_seconds / poll_seconds))

        self.organization = W.Dropdown(description="Organization", style={"description_width": "8em"})
        self.organization.add_class("zpro-ws-org")
        self.name = W.Text(
            description="Name", placeholder="e.g. fraud-detection", style={"description_width": "8em"}
        )
        self.name.add_class("zpro-ws-name")
        self.name_status = W.HTML()
        self.name_status.add_class("zpro-ws-name-status")
        self.display_name = W.Text(description="Display name", style={"description_width": "8em"})
        self.display_name.add_class("zpro-ws-display-name")
        self.description = W.Textarea(
            description="Description", style={"description_width": "8em"}, layout=W.Layout(width="36em")
        )
        self.description.add_class("zpro-ws-description")
        self.create = W.Button(description="Create workspace", button_style="primary", disabled=True)
        self.create.add_class("zpro-ws-create")
        # A deployment has no known length: a spinner with the state and the time waited, not a bar.
        self.progress = W.HTML(layout=W.Layout(display="none"))
        self.progress.add_class("zpro-ws-progress")
        self.result = W.HTML()
        self.result.add_class("zpro-ws-result")

        self._set_body(
            self.organization,
            W.HBox([self.name, self.name_status]),
            self.display_name,
            self.description,
            self.create,
            self.progress,
            self.result,
        )

        sched = scheduler or ThreadScheduler()
        self._debouncer = Debouncer(sched, debounce_seconds, self._check_on_server)
        self._poller = Repeater(sched, poll_seconds, self._poll)
        self._stop_on_close(self._debouncer.cancel)
        self._stop_on_close(self._poller.stop)

        self._load_organizations()
        self.name.observe(self._on_input, names="value")
        self.organization.observe(self._on_input, names="value")
        self.display_name.observe(self._on_display_name, names="value")
        self.create.on_click(self._on_create)

    # -- state ---------------------------------------------------------------------------------

    @property
    def valid(self) -> bool:
        """Whether the current name and organization were accepted by the server."""
        return self._valid

    def _load_organizations(self) -> None:
        try:
            orgs = self.session.organizations()
        except USER_ERRORS as exc:
            self.result.value = message(plain_error(exc), "error")
            return
        names = [str(n) for n in orgs["name"].dropna()] if "name" in orgs else []
        self.organization.options = names
        if names:
            self.organization.value = names[0]

    # -- validation ----------------------------------------------------------------------------

    def _on_input(self, change: dict[str, Any]) -> None:
        from_name = change.get("owner") is self.name
        if from_name and not self._display_touched:
            self._prefilling = True
            try:
                self.display_name.value = display_name_from(self.name.value.strip())
            finally:
                self._prefilling = False
        with self._lock:
            self._generation += 1
            self._valid = False
            busy = self._busy
        if not busy:
            self.result.value = ""  # the last workspace's outcome is not about this name
        self._refresh_create()
        name = self.name.value.strip()
        problem = workspace_name_problem(name)
        if problem is not None:
            self._debouncer.cancel()
            self.name_status.value = message(problem, "warn" if name else "info")
            return
        if not self.organization.value:
            self.name_status.value = message("Choose an organization.", "warn")
            return
        self.name_status.value = message("Checking…", "info")
        self._debouncer.trigger()

    def _check_on_server(self) -> None:
        with self._lock:
            generation = self._generation
        name, org = self.name.value.strip(), self.organization.value
        try:
            self.session.validate_workspace_name(name, organization=org)
        except USER_ERRORS as exc:
            if self._is_current(generation):
                self.name_status.value = message(plain_error(exc), "error")
            return
        with self._lock:
            if generation != self._generation:
                return  # the input changed while the server answered: its own check follows
            self._valid = True
        self.name_status.value = message(f"✓ {name} is available", "ok")
        self._refresh_create()

    def _is_current(self, generation: int) -> bool:
        with self._lock:
            return generation == self._generation

    def _on_display_name(self, _change: dict[str, Any]) -> None:
        if not self._prefilling:
            self._display_touched = bool(self.display_name.value)

    def _refresh_create(self) -> None:
        self.create.disabled = self._busy or not self._valid

    # -- creation ------------------------------------------------------------------------------

    def _on_create(self, _button: W.Button | None = None) -> None:
        with self._lock:
            if self._busy or not self._valid:
                return
            self._busy = True
        self.create.disabled = True
        name = self.name.value.strip()
        self.result.value = message(f"Creating workspace {name}…", "info")
        try:
            workspace = self.session.create_workspace(
                name,
                organization=self.organization.value,
                display_name=self.display_name.value.strip() or None,
                description=self.description.value.strip() or None,
                wait=False,
            )
        except USER_ERRORS as exc:
            with self._lock:
                self._busy = False
                self._valid = False
            self._on_input({"owner": self.organization})  # check again: the error may be gone on retry
            self.result.value = message(plain_error(exc), "error")
            return
        self.workspace = workspace
        self._polls = 0
        self._show(workspace)

    def _poll(self) -> bool:
        if self.closed or self.workspace is None:
            return False
        self._polls += 1
        try:
            workspace = self.session.get_workspace(str(self.workspace.id))
        except USER_ERRORS as exc:
            if self._polls < self._max_polls:
                text = f"Could not check the workspace ({plain_error(exc)}); still trying."
                self.result.value = message(text, "warn")
                return True
            self._finish()
            text = (
                f"Could not check the workspace ({plain_error(exc)}); gave up. "
                f"Look for {self.workspace.name} in the ZenML Pro dashboard later."
            )
            self.result.value = message(text, "error")
            return False
        self.workspace = workspace
        return self._show(workspace)

    def _show(self, workspace: Any) -> bool:
        """Show the workspace's state; returns whether to keep polling."""
        name = html.escape(str(workspace.name or self.name.value))
        status = str(workspace.status or "")
        if status in _WAITING:
            if self._polls >= self._max_polls:
                self._finish()
                self.result.value = message(
                    f"Workspace {workspace.name} is still {status}; look for it in the ZenML Pro "
                    "dashboard later.",
                    "warn",
                )
                return False
            waited = int(self._polls * self._poll_seconds)
            self.progress.layout.display = "flex"
            self.progress.value = (
                '<span class="zpro-msg zpro-msg-info"><i class="fa fa-spinner fa-spin"></i> '
                f"{html.escape(status)} · {format_duration(waited)} waited</span>"
            )
            self.result.value = (
                f'<div class="zpro-msg zpro-msg-info">Workspace <b>{name}</b> is being deployed '
                f"({html.escape(status)}, {html.escape(format_duration(waited))})…</div>"
            )
            self._poller.start()
            return True
        self._finish()
        if status == "available":
            url = getattr(workspace, "url", None)
            where = link(url) if url else "<i>no URL reported yet</i>"
            self.result.value = (
                f'<div class="zpro-msg zpro-msg-ok">Workspace <b>{name}</b> is available: {where}</div>'
            )
        elif status == "failed":
            reason = workspace.state_reason or "no reason given"
            self.result.value = message(f"Workspace {workspace.name} failed to deploy: {reason}", "error")
        else:
            self.result.value = message(f"Workspace {workspace.name} is {status}.", "warn")
        return False

    def _finish(self) -> None:
        self.progress.layout.display = "none"
        with self._lock:
            self._busy = False
            # the name is taken now; Create comes back when the input changes and is checked again
            self._valid = False
        self._refresh_create()
