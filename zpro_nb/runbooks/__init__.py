"""Runbooks: the session a notebook should use, and headless notebook execution.

Two halves:

* :func:`open_session` is the first call of every runbook. With no credentials in the environment
  it opens the sandbox and says so in a visible :class:`Banner`, so a runbook can never touch a
  real organization by accident; with ``ZENML_PRO_API_TOKEN`` or ``ZENML_PRO_API_KEY`` set it
  signs in for real (unless ``ZPRO_NB_SANDBOX_URL`` says the credentials belong to a sandbox that
  ``zpro-nb lab`` or Binder started).
* :func:`execute_notebook` runs a notebook with nbclient, papermill-style parameters injected
  after the cell tagged ``parameters``; :func:`notebook_to_html` renders the result.
  ``zpro-nb run`` is a thin shell around both.

Jupyter packages (nbclient, nbformat, nbconvert) come with the ``lab`` extra and are imported
only when a notebook is executed or rendered.
"""

from __future__ import annotations

from .environment import HEADLESS_ENV, KEY_ENV, SANDBOX_URL_ENV, SECRET_ENV, TOKEN_ENV, URL_ENV
from .parameters import INJECTED_TAG, PARAMETERS_TAG, inject_parameters, notebook_parameters, parse_parameter
from .redaction import redact_notebook, secrets_from_environment, strip_ansi
from .runner import (
    CellFailure,
    RunResult,
    _this_python_kernel_manager,
    execute_notebook,
    notebook_to_html,
    write_notebook,
)
from .sandbox_server import SandboxServer, die_with_parent, start_sandbox_server
from .session_choice import Banner, open_session

__all__ = [
    "HEADLESS_ENV",
    "INJECTED_TAG",
    "KEY_ENV",
    "PARAMETERS_TAG",
    "SANDBOX_URL_ENV",
    "SECRET_ENV",
    "TOKEN_ENV",
    "URL_ENV",
    "Banner",
    "CellFailure",
    "RunResult",
    "SandboxServer",
    "_this_python_kernel_manager",
    "die_with_parent",
    "execute_notebook",
    "inject_parameters",
    "notebook_parameters",
    "notebook_to_html",
    "open_session",
    "parse_parameter",
    "redact_notebook",
    "secrets_from_environment",
    "start_sandbox_server",
    "strip_ansi",
    "write_notebook",
]
