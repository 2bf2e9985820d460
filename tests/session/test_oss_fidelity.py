"""What the workspace session shows, held to a real ZenML 0.98 server's own answers.

Each test makes its objects on the real server through its REST API (as ZenML's client does), reads
them back raw, and compares with what the session shows.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fixtures_oss import oss_venv_path

import zpro_nb
from zpro_nb.errors import InvalidArgument, NameNotFound
from zpro_nb.workspace_session import WorkspaceSession

pytestmark = pytest.mark.oss


@pytest.fixture(scope="module")
def ws(oss_server: Any) -> Iterator[WorkspaceSession]:
    with zpro_nb.connect_workspace(
        oss_server.url, username=oss_server.admin_username, password=oss_server.admin_password
    ) as session:
        yield session


@pytest.fixture(scope="module")
def raw(oss_server: Any) -> Iterator[httpx.Client]:
    token = httpx.post(
        f"{oss_server.url}/api/v1/login",
        data={"username": oss_server.admin_username, "password": oss_server.admin_password},
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"{oss_server.url}/api/v1", headers=headers) as client:
        yield client


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_tagged_counts_are_the_servers(ws: WorkspaceSession, raw: httpx.Client) -> None:
    once, twice, unused = unique("once"), unique("twice"), unique("unused")
    ok(raw.post("/tags", json={"name": unused, "color": "teal"}))
    project = ok(raw.get("/projects/default"))["id"]
    ok(raw.post("/pipelines", json={"name": unique("p"), "project": project, "tags": [once, twice]}))
    ok(raw.post("/pipelines", json={"name": unique("p"), "project": project, "tags": [twice]}))

    frame = ws.tags()
    shown = dict(zip(frame["name"], frame["tagged_count"], strict=True))
    assert (shown[once], shown[twice], shown[unused]) == (1, 2, 0)
    held = ok(raw.get("/tags", params={"hydrate": True, "size": 1000}))["items"]
    assert shown == {t["name"]: t["metadata"]["tagged_count"] for t in held}
    assert frame["tagged_count"].notna().all()


def test_secrets_show_their_value_names_never_their_values(ws: WorkspaceSession, raw: httpx.Client) -> None:
    value = "canary-" + uuid.uuid4().hex  # made at run time, never a real secret
    name, empty = unique("db"), unique("empty")
    ok(raw.post("/secrets", json={"name": name, "values": {"password": value, "user": value, "host": value}}))
    ok(raw.post("/secrets", json={"name": empty, "values": {}}))

    frame = ws.secrets()
    assert "scope" not in frame.columns  # ZenML 0.98's secrets have no scope
    shown = dict(zip(frame["name"], frame["value_names"], strict=True))
    # What the real server says a secret holds: the keys of its values in GET /secrets/{id}.
    held = {
        s["name"]: ", ".join(sorted(ok(raw.get(f"/secrets/{s['id']}"))["body"]["values"]))
        for s in ok(raw.get("/secrets", params={"size": 1000}))["items"]
    }
    assert shown[name] == "host, password, user"
    assert shown == held
    assert shown[empty] == ""  # known to be empty, unlike a secret whose values were not read:
    assert ws.secrets(value_names=False)["value_names"].isna().all()
    assert value not in repr(frame.zpro.raw) + frame.to_string()
    one = ws.get("secrets", name)
    assert one.value_names == ["host", "password", "user"]
    assert value not in repr(one) + one._repr_html_()


def test_a_rotated_key_keeps_its_description(ws: WorkspaceSession, raw: httpx.Client) -> None:
    account = unique("sa")
    ws.create_service_account(account)
    created = ws.create_api_key(account, "k", description="nightly ETL key")
    rotated = ws.rotate_api_key(account, "k", retain_minutes=5)
    assert rotated.show_key() != created.show_key()
    assert rotated.service_account is not None
    held = ok(raw.get(f"/service_accounts/{rotated.service_account['id']}/api_keys/{rotated.id}"))
    assert rotated.description == held["metadata"]["description"] == "nightly ETL key"
    assert rotated.retain_period_minutes == held["metadata"]["retain_period_minutes"] == 5
    assert rotated.last_rotated is not None


PIPELINE = """
from zenml import pipeline, step


@step
def one() -> int:
    return 1


@pipeline(enable_cache=False)
def fidelity() -> None:
    one()


if __name__ == "__main__":
    fidelity()
"""


@pytest.fixture(scope="module")
def a_real_run(
    oss_server: Any, raw: httpx.Client, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    # Runs can only be made by running a pipeline: ZenML's own client runs one against the server.
    workdir = tmp_path_factory.mktemp("fidelity-pipeline")
    (workdir / "fidelity_pipeline.py").write_text(PIPELINE)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZENML_")}
    env.update(
        {
            "ZENML_CONFIG_PATH": str(workdir / "client"),
            "ZENML_STORE_URL": oss_server.url,
            "ZENML_STORE_USERNAME": oss_server.admin_username,
            "ZENML_STORE_PASSWORD": oss_server.admin_password,
            "ZENML_ACTIVE_PROJECT_ID": ok(raw.get("/projects/default"))["id"],
            "ZENML_ANALYTICS_OPT_IN": "false",
            "ZENML_LOGGING_VERBOSITY": "WARN",
        }
    )
    done = subprocess.run(
        [str(oss_venv_path() / "bin" / "python"), str(Path(workdir) / "fidelity_pipeline.py")],
        env=env,
        cwd=workdir,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, (done.stdout + done.stderr).decode(errors="replace")[-3000:]
    runs = ok(raw.get("/runs", params={"pipeline_name": "fidelity", "size": 10}))["items"]
    assert len(runs) == 1
    run: dict[str, Any] = runs[0]
    return run


def test_time_filters_on_the_real_server(
    ws: WorkspaceSession, raw: httpx.Client, a_real_run: dict[str, Any]
) -> None:
    created = dt.datetime.fromisoformat(a_real_run["body"]["created"]).replace(tzinfo=dt.UTC)
    before, after = created - dt.timedelta(minutes=2), created + dt.timedelta(minutes=2)
    berlin = dt.timezone(dt.timedelta(hours=2))
    # Every form the README and the docstring name: the real server answers each (no 422).
    hits = {
        "30d": ws.runs(since="30d"),
        "12h": ws.runs(since="12h"),
        "2w": ws.runs(since="2w"),
        "90m": ws.runs(since="90m"),
        "timedelta": ws.runs(since=dt.timedelta(days=1)),
        "date": ws.runs(since=before.date()),
        "date text": ws.runs(since=before.date().isoformat()),
        "ISO Z": ws.runs(since=before.strftime("%Y-%m-%dT%H:%M:%SZ")),
        "ISO offset": ws.runs(since=before.astimezone(berlin).isoformat()),
        "naive": ws.runs(since=before.replace(tzinfo=None)),
        "range": ws.runs(since=before, until=after),
    }
    for form, frame in hits.items():
        assert a_real_run["id"] in set(frame["id"]), form
    assert a_real_run["id"] not in set(ws.runs(until=before)["id"])
    assert a_real_run["id"] not in set(ws.runs(since=after.astimezone(berlin))["id"])
    held = ok(raw.get("/runs", params={"created": f"gte:{before:%Y-%m-%d %H:%M:%S}", "size": 1000}))
    assert sorted(hits["naive"]["id"]) == sorted(r["id"] for r in held["items"])
    with pytest.raises(InvalidArgument, match="since"):
        ws.runs(since="30 days")


def test_names_are_found_with_the_real_servers_name_filter(
    ws: WorkspaceSession, raw: httpx.Client, a_real_run: dict[str, Any]
) -> None:
    assert ws.get("runs", a_real_run["name"]).id == a_real_run["id"]
    assert ws.get("runs", a_real_run["name"].upper()).id == a_real_run["id"]  # contains: ignores case
    assert ws.get("runs", a_real_run["id"]).name == a_real_run["name"]
    assert ws.get("pipelines", "fidelity").name == "fidelity"
    assert ws.get("stacks", "DEFAULT").name == "default"
    assert ws.get("projects", "default").name == "default"
    with pytest.raises(NameNotFound) as missing:
        ws.get("pipelines", "fidelitx")
    assert missing.value.suggestions == ["fidelity"]
    account = unique("sa")
    ws.create_service_account(account)
    assert ws.get_service_account(account.upper()).name == account
