"""zpro_nb's own errors in IPython: one short block instead of a traceback through zpro_nb's insides.

IPython's documented hook for this is ``InteractiveShell.set_custom_exc``: the handler runs when a
cell raises one of the given classes, and ``%tb`` still prints the full traceback because it does
not go through the handler. (``_render_traceback_`` on the class was the other candidate, but
IPython calls it from ``%tb`` too, so the full traceback would be lost.)
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any

from ._core.error_block import error_block
from ._core.errors import ZProError

__all__ = ["DEBUG_ENV", "install_notebook_errors", "short_traceback"]

FULL_STORY = "the full traceback: %tb"
#: set to 1 (``zpro-nb --debug``): no short blocks, IPython's full tracebacks everywhere
DEBUG_ENV = "ZPRO_NB_DEBUG"
#: set by ``zpro-nb run`` for the kernels it runs (``zpro_nb.runbooks.HEADLESS_ENV``)
_HEADLESS_ENV = "ZPRO_NB_HEADLESS"
_HEADLESS_STORY = "`zpro-nb --debug run ...` shows the full traceback"


def short_traceback(
    shell: Any,
    etype: type[BaseException],
    value: BaseException,
    tb: TracebackType | None,
    tb_offset: int | None = None,
) -> list[str]:
    """The custom-exception handler: show the block as the cell's error and keep it for ``%tb``."""
    # What IPython's own showtraceback records, so that %tb and %debug find this exception.
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
    if sys.version_info >= (3, 12):
        sys.last_exc = value
    if isinstance(value, ZProError):
        if os.environ.get(_HEADLESS_ENV) == "1":
            # Run by `zpro-nb run`: nobody can type %tb or call s.login(); say it in CLI terms.
            lines = error_block(value, "cli", full_story=_HEADLESS_STORY)
        else:
            lines = error_block(value, "notebook", full_story=FULL_STORY)
    else:  # not ours after all (the hook is only set for ZProError): IPython's usual traceback
        lines = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    # _showtraceback is where IPython and ipykernel turn a structured traceback into the cell's error
    # output (ipykernel sends it as an "error" message with ename and evalue).
    shell._showtraceback(etype, value, ["\n".join(lines)])
    return []


def install_notebook_errors(shell: Any = None) -> bool:
    """Register :func:`short_traceback` for ``ZProError`` on the running IPython; True when it is set.

    IPython is never imported here. A custom handler someone else registered is left alone.
    """
    if shell is None:
        ipython = sys.modules.get("IPython")
        if ipython is None:
            return False
        try:
            shell = ipython.get_ipython()
        except Exception:  # IPython's code: whatever it raises, there is no shell (tests/core/test_guards.py)
            return False
    if shell is None or not hasattr(shell, "set_custom_exc") or os.environ.get(DEBUG_ENV) == "1":
        return False
    current = tuple(getattr(shell, "custom_exceptions", ()) or ())
    if current and current != (ZProError,):
        return False
    shell.set_custom_exc((ZProError,), short_traceback)
    return True
