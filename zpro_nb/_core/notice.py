"""Telling the user something: a log line on "zpro_nb", and in a notebook a visible notice.

IPython is never imported here: if it is already loaded we are probably in a kernel and use it;
otherwise the log line is all there is.
"""

from __future__ import annotations

import html
import logging
import sys
from typing import Any

from .redaction import redact_text

logger = logging.getLogger("zpro_nb")


def _shell() -> Any:
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    try:
        return ipython.get_ipython()
    except Exception:  # IPython's code, not ours: anything it raises means no shell (test_guards.py)
        return None


def in_notebook_kernel() -> bool:
    """True inside a Jupyter kernel (not a terminal IPython, not a plain script)."""
    shell = _shell()
    return shell is not None and getattr(shell, "kernel", None) is not None


def kernel_accepts_input() -> bool:
    """True when a person's frontend drives the kernel.

    A notebook run headless (nbclient, papermill, CI) executes with ``allow_stdin=False``;
    JupyterLab and Notebook send ``allow_stdin=True``.
    """
    shell = _shell()
    kernel = getattr(shell, "kernel", None) if shell is not None else None
    if kernel is None:
        return False
    return bool(getattr(kernel, "_allow_stdin", False))


def announce(message: str, *, level: int = logging.INFO) -> None:
    """Log ``message`` and, in a notebook kernel, show it under the running cell."""
    message = redact_text(message)
    logger.log(level, message)
    if not in_notebook_kernel():
        return
    display_module = sys.modules.get("IPython.display")
    if display_module is None:
        return
    try:
        display_module.display(
            {"text/plain": f"zpro_nb: {message}", "text/html": _notice_html(message)}, raw=True
        )
    except Exception:  # a notice must never break a request, whatever the display raises (test_guards.py)
        logger.debug("could not display a notebook notice", exc_info=False)


def _notice_html(message: str) -> str:
    return (
        '<div style="font-size:90%;color:#8a5300;background:#fff8e6;padding:2px 6px;'
        f'border-left:3px solid #e0a000">zpro_nb: {html.escape(message)}</div>'
    )
