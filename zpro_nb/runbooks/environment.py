"""The environment variables runbooks read and set."""

from __future__ import annotations

TOKEN_ENV = "ZENML_PRO_API_TOKEN"
KEY_ENV = "ZENML_PRO_API_KEY"
URL_ENV = "ZENML_PRO_API_URL"
#: Set by ``zpro-nb lab`` and ``binder/start`` next to the sandbox's URL and admin token, so a
#: runbook can tell "signed in to a sandbox server" from "signed in to a real organization".
SANDBOX_URL_ENV = "ZPRO_NB_SANDBOX_URL"

#: Set by :func:`execute_notebook` in the kernel's environment: nobody watches a headless run, so
#: runbooks skip progress bars (their half-drawn text would only clutter the report).
HEADLESS_ENV = "ZPRO_NB_HEADLESS"

#: Environment variables whose values are secrets: scrubbed from executed notebooks and reports.
SECRET_ENV = (TOKEN_ENV, KEY_ENV, "ZENML_STORE_API_KEY", "ZENML_STORE_API_TOKEN", "ZENML_STORE_PASSWORD")
