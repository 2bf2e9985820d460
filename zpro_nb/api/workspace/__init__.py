"""One workspace's API (the ZenML OSS server API). Clients here have the base URL ``{server_url}/api/v1``."""

from __future__ import annotations

from . import api_keys, filters, listing, resources, service_accounts, users

__all__ = ["api_keys", "filters", "listing", "resources", "service_accounts", "users"]
