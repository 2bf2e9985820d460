"""Canary credentials: extra secrets the sandbox accepts as the demo admin, so leak checks can look for them.

A test run (``tests/canary_plugin.py``) builds a canary Pro token and a canary ``ZENPROKEY_`` key at
run time and puts them in ``ZPRO_NB_SANDBOX_CANARIES`` as JSON ``{"token": ..., "api_key": ...}``.
Every sandbox created while it is set (in-process or a server process that inherits the
environment) accepts both as the demo admin and counts the requests they authenticate, so the
run can prove the canaries were really used before it reports that none leaked.
"""

from __future__ import annotations

import hmac
import json
import os
from dataclasses import dataclass, field

CANARIES_ENV = "ZPRO_NB_SANDBOX_CANARIES"


@dataclass
class Canaries:
    """The canary credentials of one sandbox (empty when the variable is not set) and their use count."""

    token: str = field(default="", repr=False)
    api_key: str = field(default="", repr=False)
    uses: int = 0

    @classmethod
    def from_env(cls) -> Canaries:
        """Read ``ZPRO_NB_SANDBOX_CANARIES``; a missing or malformed value gives no canaries."""
        raw = os.environ.get(CANARIES_ENV, "")
        try:
            given = json.loads(raw) if raw else {}
        except json.JSONDecodeError:
            return cls()
        if not isinstance(given, dict):
            return cls()
        token, api_key = given.get("token"), given.get("api_key")
        return cls(
            token=token if isinstance(token, str) else "", api_key=api_key if isinstance(api_key, str) else ""
        )

    def matches(self, credential: str) -> bool:
        """Whether ``credential`` is one of the canaries (counted when it is)."""
        hit = any(
            c and hmac.compare_digest(c.encode(), credential.encode()) for c in (self.token, self.api_key)
        )
        if hit:
            self.uses += 1
        return hit
