"""Which session a runbook runs on: the sandbox unless real credentials are set, and a banner
that says which.
"""

from __future__ import annotations

import contextlib
import html
import os
from dataclasses import dataclass
from typing import Any, Literal

from ..notebook_session import Session, connect, open_sandbox_session
from .environment import HEADLESS_ENV, KEY_ENV, SANDBOX_URL_ENV, TOKEN_ENV


@dataclass(frozen=True)
class Banner:
    """What a runbook is connected to, shown at its top: sandbox or a real organization."""

    mode: Literal["sandbox", "real"]
    api_url: str
    message: str
    #: False in a headless run (``zpro-nb run``): pass it as ``progress=`` to long calls
    interactive: bool = True

    @property
    def is_sandbox(self) -> bool:
        """True when nothing this runbook does can reach a real organization."""
        return self.mode == "sandbox"

    def __str__(self) -> str:
        return f"[{self.mode.upper()}] {self.message}"

    def __repr__(self) -> str:
        # The plain-text form (terminals, text reports) must say sandbox or real just as loudly.
        return str(self)

    def _repr_html_(self) -> str:
        # Sandbox in calm blue, real in amber: the difference must be visible at a glance.
        colour, label = ("#1565c0", "SANDBOX") if self.is_sandbox else ("#b45309", "REAL ORGANIZATION")
        return (
            f'<div class="zpro-banner zpro-banner-{self.mode}" style="border-left:6px solid {colour};'
            f'padding:8px 12px;margin:4px 0;background:{colour}14">'
            f'<b style="color:{colour}">{label}</b> &mdash; {html.escape(self.message)}</div>'
        )


def _same_url(a: str, b: str) -> bool:
    return a.rstrip("/").lower() == b.rstrip("/").lower()


def _interactive_tables_if_installed() -> None:
    from ..frames.display import interactive_tables, register_display  # lazy: frames load pandas

    # Only inside IPython; without the optional extra the tables stay readable and static.
    if register_display():
        with contextlib.suppress(ImportError):
            interactive_tables(True)


def open_session(**sandbox_options: Any) -> tuple[Session, Banner]:
    """Open the session a runbook should use and a banner saying what it is.

    * neither ``ZENML_PRO_API_TOKEN`` nor ``ZENML_PRO_API_KEY`` set: the in-process sandbox
      (``zpro_nb.sandbox(**sandbox_options)``: ``seed=``, ``as_user=`` ...), banner mode ``"sandbox"``;
    * credentials set and ``ZPRO_NB_SANDBOX_URL`` equal to the API URL (``zpro-nb lab``,
      Binder): that sandbox server, banner mode ``"sandbox"``;
    * otherwise the organization behind ``ZENML_PRO_API_URL`` (``zpro_nb.connect()``), banner
      mode ``"real"``: changes made by the runbook are real.

    Example:
        ```python
        from zpro_nb.runbooks import open_session
        s, banner = open_session()
        banner          # shows SANDBOX or REAL ORGANIZATION
        ```
    """
    interactive = os.environ.get(HEADLESS_ENV) != "1"
    if interactive:
        _interactive_tables_if_installed()
    if not (os.environ.get(TOKEN_ENV) or os.environ.get(KEY_ENV)):
        s = open_sandbox_session(**sandbox_options)
        message = (
            f"No token configured ({TOKEN_ENV} or {KEY_ENV}): this runbook runs on the in-process "
            "sandbox. Nothing here touches a real organization."
        )
        return s, Banner("sandbox", s.api_url, message, interactive)

    s = connect()
    url = s.api_url
    sandbox_url = os.environ.get(SANDBOX_URL_ENV)
    if sandbox_url and _same_url(sandbox_url, url):
        message = (
            f"No token configured: runbooks run on the sandbox at {url}. "
            "Nothing here touches a real organization."
        )
        return s, Banner("sandbox", url, message, interactive)
    me = s.whoami()
    who = me.email or me.username or me.name or "?"
    message = f"Signed in to {url} as {who}. Changes made by this runbook are real."
    return s, Banner("real", url, message, interactive)
