"""Property test over the published OpenAPI schema: no Pro operation answers 5xx, whatever it is sent.

Schemathesis generates requests (valid and not) for every Pro operation from ``/openapi.json``
and sends them in-process with the admin's token. The workspace half (``/ws/...``) and the
sandbox-only controls (which could switch faults on) are left out.
"""

from __future__ import annotations

import schemathesis
from fixtures_sandbox import new_app
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

APP = new_app(seed=21)
HEADERS = {"Authorization": f"Bearer {APP.state.demo_credentials['tokens']['admin']}"}

schema = schemathesis.openapi.from_asgi("/openapi.json", APP).exclude(path_regex=r"^/(ws|_sandbox)/")


@schema.parametrize()
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_pro_operation_answers_a_server_error(case: schemathesis.Case) -> None:
    case.call_and_validate(headers=HEADERS, checks=[not_a_server_error])
