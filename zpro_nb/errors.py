"""Every exception and warning zpro_nb raises on purpose, in one hierarchy under ``ZProError``.

The request core raises the HTTP-level ones and defines them in ``zpro_nb._core.errors`` (the core
imports nothing from the layers above it); everything else is defined here. Either way this is the
module to import them from, and ``docs/api/errors.md`` has one table of them all: the class, its
parent, what raises it and what to do. No other module defines a public exception (a test walks the
package to hold that).

This module imports only from ``zpro_nb._core`` (an import-linter contract), so every layer, from
``api`` up to the panels, can raise what it defines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ._core.errors import (
    AuthenticationError,
    Conflict,
    ConnectionFailed,
    InconsistentList,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    TokenExpiryWarning,
    UnexpectedResponse,
    ValidationFailed,
    ZProError,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AmbiguousName",
    "ApplyInterrupted",
    "AuthenticationError",
    "Conflict",
    "ConnectionFailed",
    "InconsistentList",
    "InvalidArgument",
    "NameNotFound",
    "NotFound",
    "PermissionDenied",
    "PlanHasErrors",
    "RateLimited",
    "ServerError",
    "TokenExpiryWarning",
    "UnexpectedResponse",
    "ValidationFailed",
    "WorkspaceDeploymentFailed",
    "WorkspaceUnavailable",
    "WorkspacesLeftOut",
    "ZProError",
]


# --- names and ids (raised by the lookups of every layer) ---------------------------------------


class NameNotFound(NotFound):
    """No record has this name or id; ``suggestions`` holds the names close enough to be meant.

    The lookup is zpro_nb's own, so ``status`` is ``None``: no server said 404.
    """

    def __init__(self, message: str, *, suggestions: Sequence[str] = (), **fields: Any) -> None:
        fields.setdefault("fix", "check the spelling, or pass the id")
        super().__init__(message, **fields)
        self.suggestions = list(suggestions)


class AmbiguousName(ZProError, ValueError):
    """Several records share this name; ``candidates`` holds ``"name (id)"`` for each."""

    def __init__(self, message: str, *, candidates: Sequence[str] = (), **fields: Any) -> None:
        super().__init__(message, **fields)
        self.candidates = list(candidates)


# --- workspaces ----------------------------------------------------------------------------------


class WorkspaceDeploymentFailed(ZProError):
    """A workspace deployment ended in ``failed`` (the message carries the server's reason) or timed out."""


class WorkspaceUnavailable(ZProError):
    """The workspace is not ``available``, so its own API cannot be reached."""


class WorkspacesLeftOut(UserWarning):
    """Some workspaces could not be read; the frame holds the others (see ``df.zpro.errors``)."""


# --- bulk changes --------------------------------------------------------------------------------


class RowProblemLike(Protocol):
    """What :class:`PlanHasErrors` keeps of each problem (``zpro_nb.changes.RowProblem`` is one)."""

    @property
    def row(self) -> int | None: ...

    @property
    def message(self) -> str: ...

    @property
    def fix(self) -> str: ...

    @property
    def column(self) -> str | None: ...


class PlanHasErrors(ZProError, ValueError):
    """Raised by ``apply()`` on a plan that has errors: nothing was changed (a ``ValueError`` too).

    ``problems`` holds each ``RowProblem`` (row, message, fix, column).
    """

    fix = "fix those cells in the sheet and plan again (plan.frame shows every row's problem and fix)"
    cli_fix = panel_fix = "fix those cells in the sheet and plan again"

    def __init__(self, problems: Sequence[RowProblemLike]) -> None:
        self.problems = list(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:50])
        more = f"\n  … and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        noun = "error" if len(self.problems) == 1 else "errors"
        super().__init__(
            f"This plan has {len(self.problems)} {noun} and cannot be applied; nothing was changed:\n"
            f"{shown}{more}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems,))


class ApplyInterrupted(ZProError):
    """``apply()`` stopped before the end; ``results`` says what was and was not done.

    Nothing is lost: call ``apply()`` again (after ``s.login()`` for an expired token) to do the rest;
    ``fix`` says so in Python, ``panel_fix`` in a panel's words.
    """

    results: pd.DataFrame | None = None
    cause: BaseException | None = None
