"""Targets for the contract tests: a real ZenML OSS server and a sandbox workspace, both over real HTTP.

Each target is logged in three ways, as the contract needs:

* ``admin``: OSS - the auto-created admin's password login; sandbox - ``zenml-external`` with the
  demo admin's Pro token (a Workspace Admin);
* ``non_admin``: OSS - a user created for the test (``is_admin: false``) logged in with its
  password; sandbox - ``zenml-external`` with the demo *viewer*'s Pro token;
* ``api_key``: on both, a service account and an API key created by the admin, then
  ``POST /login`` with ``grant_type=zenml-api-key``.

Logins use module-level ``httpx.post`` (no cookie jar): the real server sets an auth cookie on
password logins that would otherwise override the ``Authorization`` header of later requests.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fixtures_oss import OssServer, oss_venv_path
from fixtures_sandbox import ServedApp


@dataclass
class Target:
    """One server under contract: its workspace URL and clients for each identity."""

    name: str
    url: str
    admin: httpx.Client
    non_admin: httpx.Client
    api_key: httpx.Client
    #: the response of the ``zenml-api-key`` login (compared across targets)
    api_key_login: httpx.Response
    #: unique per session: names created by the contract tests contain it
    suffix: str
    service_account_id: str
    #: the ``ZENKEY_`` value of the contract key (kept only for the pipeline run below)
    key_value: str

    def close(self) -> None:
        for client in (self.admin, self.non_admin, self.api_key):
            client.close()


def _client(url: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def _token(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def _with_api_key(name: str, url: str, admin: httpx.Client, non_admin: httpx.Client, suffix: str) -> Target:
    # Two service accounts so that page 2 of a size-1 page exists on both targets.
    accounts = [
        admin.post(
            "/api/v1/service_accounts", json={"name": f"contract-sa-{n}-{suffix}", "active": True}
        ).json()
        for n in (1, 2)
    ]
    created = admin.post(
        f"/api/v1/service_accounts/{accounts[0]['id']}/api_keys", json={"name": "contract-key"}
    )
    assert created.status_code == 200, created.text
    login = httpx.post(
        f"{url}/api/v1/login", data={"grant_type": "zenml-api-key", "password": created.json()["body"]["key"]}
    )
    project = admin.post("/api/v1/projects", json={"name": f"contract-{suffix}"})
    assert project.status_code == 200, project.text
    return Target(
        name=name,
        url=url,
        admin=admin,
        non_admin=non_admin,
        api_key=_client(url, _token(login)),
        api_key_login=login,
        suffix=suffix,
        service_account_id=accounts[0]["id"],
        key_value=created.json()["body"]["key"],
    )


PIPELINE_SOURCE = """
from zenml import Model, pipeline, step
from zenml.client import Client
from zenml.models import ScheduleRequest


@step
def make_number() -> int:
    return 1


@step
def add_one(x: int) -> int:
    return x + 1


@pipeline(enable_cache=False, model=Model(name="contract-model", description="contract"))
def training() -> None:
    add_one(make_number())


if __name__ == "__main__":
    training()
    # A schedule cannot come from the local orchestrator: registered in the store, as orchestrators do.
    client = Client()
    client.zen_store.create_schedule(
        ScheduleRequest(
            name="contract-schedule",
            cron_expression="0 2 * * *",
            active=True,
            catchup=False,
            project=client.active_project.id,
            pipeline_id=client.get_pipeline("training").id,
            orchestrator_id=client.active_stack_model.components["orchestrator"][0].id,
        )
    )
"""


def _run_real_pipeline(target: Target, workdir: Path) -> None:
    # Runs and pipelines can only be created by running one: a two-step pipeline with a model (so
    # steps, artifact versions, a model and its version exist), run by the zenml client from the
    # server's venv, authenticated with the contract service account's key; then a schedule.
    script = workdir / "contract_pipeline.py"
    script.write_text(PIPELINE_SOURCE)
    default_project = target.admin.get("/api/v1/projects/default").json()["id"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZENML_")}
    env.update(
        {
            "ZENML_CONFIG_PATH": str(workdir / "client"),
            "ZENML_STORE_URL": target.url,
            "ZENML_STORE_API_KEY": target.key_value,
            "ZENML_ACTIVE_PROJECT_ID": default_project,
            "ZENML_ANALYTICS_OPT_IN": "false",
            "ZENML_LOGGING_VERBOSITY": "WARN",
            "ZENML_LOGGING_COLORS_DISABLED": "true",
        }
    )
    done = subprocess.run(
        [str(oss_venv_path() / "bin" / "python"), str(script)],
        env=env,
        cwd=workdir,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).decode(errors="replace").splitlines()[-30:])
        pytest.fail(f"the contract pipeline failed on the real server:\n{tail}", pytrace=False)


@pytest.fixture(scope="session")
def oss_target(oss_server: OssServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    """The real ZenML OSS server, logged in as admin, as a non-admin user and with an API key."""
    url, username, password = oss_server
    suffix = secrets.token_hex(4)
    admin = _client(
        url, _token(httpx.post(f"{url}/api/v1/login", data={"username": username, "password": password}))
    )
    user_password = secrets.token_urlsafe(12)
    user = admin.post(
        "/api/v1/users",
        json={"name": f"contract-user-{suffix}", "password": user_password, "is_admin": False},
    )
    assert user.status_code == 200, user.text
    login = httpx.post(
        f"{url}/api/v1/login", data={"username": f"contract-user-{suffix}", "password": user_password}
    )
    target = _with_api_key("oss", url, admin, _client(url, _token(login)), suffix)
    _run_real_pipeline(target, tmp_path_factory.mktemp("contract-pipeline"))
    yield target
    target.close()


@pytest.fixture(scope="session")
def sandbox_target(served_sandbox: ServedApp) -> Iterator[Target]:
    """An available sandbox workspace, logged in through Pro tokens (admin, viewer) and an API key."""
    tokens = served_sandbox.app.state.demo_credentials["tokens"]
    workspaces = httpx.get(
        f"{served_sandbox.url}/workspaces", headers={"Authorization": f"Bearer {tokens['admin']}"}
    )
    available = [w for w in workspaces.json() if w["status"] == "available"]
    url = available[0]["zenml_service"]["status"]["server_url"]

    def external(token: str) -> str:
        return _token(httpx.post(f"{url}/api/v1/login", headers={"Authorization": f"Bearer {token}"}))

    target = _with_api_key(
        "sandbox", url, _client(url, external(tokens["admin"])), _client(url, external(tokens["viewer"])),
        secrets.token_hex(4),
    )  # fmt: skip
    yield target
    target.close()


@pytest.fixture(scope="session", params=["oss", "sandbox"])
def target(request: pytest.FixtureRequest) -> Target:
    """Each contract test runs once per target."""
    result: Target = request.getfixturevalue(f"{request.param}_target")
    return result
