"""Every workspace frame held against ZenML's own ``Client`` on the real ZenML 0.98 server.

The data is ZenML's: the contract pipeline (``conftest._run_real_pipeline``: a two-step run with a
model and a schedule), then ``tests/judge/client_frames.py``, which adds with the ``Client`` a
failed run, a tagged run, an exclusive coloured tag, a secret, a second stack, a deactivated user
and a deactivated API key, with ``tests/judge/frames_data.py`` run metadata, a second project with
its own run, runs in every status a client may set and steps in every status a step may start in,
and answers with its own lists (all pages, hydrated), for the default project and the second one.
Each frame must hold the same rows in the same order and, column by column, the values ZenML's
response models carry (timestamps to the second).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fixtures_oss import OssServer
from zenml_judge import run_in_zenml

import zpro_nb
from zpro_nb.errors import InvalidArgument, NameNotFound
from zpro_nb.workspace_session import WorkspaceSession

from .conftest import Target

pytestmark = pytest.mark.oss

#: the frames whose default order is newest first (the others list as the server does: by created)
NEWEST_FIRST = {"runs": "desc:created", "artifact_versions": "desc:created"}

#: Columns zpro_nb computes, not fields of ZenML's models (the judge does not read them): the
#: ``duration`` of runs and steps (end_time - start_time), the run's name on each step (filled in
#: from the run asked for).
COMPUTED: dict[str, set[str]] = {"runs": {"duration"}, "steps": {"duration", "run_name"}}

#: Columns not compared: none today (a column named here is skipped, with its reason beside it).
NOT_COMPARED: dict[str, set[str]] = {}


@pytest.fixture(scope="module")
def ws(oss_target: Target, oss_server: OssServer) -> Iterator[WorkspaceSession]:
    with zpro_nb.connect_workspace(
        oss_target.url,
        username=oss_server.admin_username,
        password=oss_server.admin_password,
        allow_insecure=True,
    ) as session:
        yield session


@pytest.fixture(scope="module")
def judged(
    oss_target: Target,
    oss_server: OssServer,
    ws: WorkspaceSession,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, Any]]:
    """ZenML's Client answer (after it added its data), logged in as the server's admin.

    The admin, because only admins may create API keys and see every user on a server without
    RBAC; the frames are read as the same admin. The session logs in first, so that the login does
    not change what the Client read (a login stamps the user's ``updated``). What the judge added
    is deleted afterwards but for the failed run: the other contract tests count users, projects,
    stacks, tags, secrets and keys on the same server.
    """
    ws.whoami()
    account = oss_target.admin.get(f"/api/v1/service_accounts/{oss_target.service_account_id}").json()
    answer: dict[str, Any] = run_in_zenml(
        "client_frames.py",
        {
            "suffix": oss_target.suffix,
            "service_account": account["name"],
            "sort": NEWEST_FIRST,
            "project_frames": PROJECT_FRAMES,
        },
        config_dir=Path(tmp_path_factory.mktemp("client-frames")),
        env={
            "ZENML_STORE_URL": oss_target.url,
            "ZENML_STORE_USERNAME": oss_server.admin_username,
            "ZENML_STORE_PASSWORD": oss_server.admin_password,
            "ZENML_ACTIVE_PROJECT_ID": oss_target.admin.get("/api/v1/projects/default").json()["id"],
        },
    )
    assert not answer["errors"], json.dumps(answer["errors"], indent=1)
    answer["service_account"] = account["name"]
    yield answer
    _delete_what_the_judge_added(oss_target, answer)


def _delete_what_the_judge_added(target: Target, answer: dict[str, Any]) -> None:
    frames = answer["frames"]
    paths = {
        "stacks": "/api/v1/stacks",
        "projects": "/api/v1/projects",
        "users": "/api/v1/users",
        "secrets": "/api/v1/secrets",
        "tags": "/api/v1/tags",
        "api_keys": f"/api/v1/service_accounts/{target.service_account_id}/api_keys",
    }
    for frame, path in paths.items():
        for record in frames[frame]:
            if record["name"].startswith("frames-") and target.suffix in record["name"]:
                deleted = target.admin.delete(f"{path}/{record['id']}")
                assert deleted.status_code == 200, deleted.text


def _frame(ws: WorkspaceSession, name: str, judged: dict[str, Any], project: str | None) -> pd.DataFrame:
    if name.startswith("steps of "):
        return ws.steps(name.removeprefix("steps of "), project=project)
    if name == "api_keys":
        return ws.api_keys(judged["service_account"])
    frame: pd.DataFrame = getattr(ws, name)(project=project) if project else getattr(ws, name)()
    return frame


def _ours(value: Any) -> Any:
    """A frame cell as the judge writes it: NA as None, times in UTC to the second, intervals in s."""
    if value is None or (not isinstance(value, str | list) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_convert("UTC").floor("s").isoformat()
    if isinstance(value, pd.Timedelta):
        return value.total_seconds()
    if hasattr(value, "item"):  # numpy scalars (bool_, int64)
        return value.item()
    return value


def _theirs(column: str, value: Any, dtype: str) -> Any:
    if value is None:
        return None
    if dtype.startswith("datetime64"):
        return pd.Timestamp(value).tz_convert("UTC").floor("s").isoformat()
    if value == "" and column == "tags":
        # ZenML's empty tag list; the frame's ``names`` rule joins an empty list to "" too.
        return ""
    return value


FRAMES = [
    "users", "service_accounts", "api_keys", "projects", "pipelines", "runs", "stacks", "components",
    "tags", "secrets", "artifacts", "artifact_versions", "models", "model_versions", "steps", "schedules",
]  # fmt: skip


@pytest.mark.parametrize("name", FRAMES)
def test_frame_holds_what_zenml_client_answers(
    ws: WorkspaceSession, judged: dict[str, Any], name: str
) -> None:
    if name == "steps":
        # Every run's steps: the successful contract runs and the failed one.
        assert len(judged["steps"]) >= 2
        assert any(judged["steps"].values())
        for run, expected in judged["steps"].items():
            _compare(ws, judged, f"steps of {run}", expected)
    else:
        assert judged["frames"][name], f"ZenML's Client lists no {name}: the contract data should make some"
        _compare(ws, judged, name, judged["frames"][name])


#: the project-scoped frames the judge lists again in the second project (``schedules``: none there)
#: the project-scoped frames, compared again for the second project (the judge is told them)
PROJECT_FRAMES = [
    "pipelines",
    "runs",
    "artifacts",
    "artifact_versions",
    "models",
    "model_versions",
    "schedules",
]


@pytest.mark.parametrize("name", [*PROJECT_FRAMES, "steps"])
def test_second_project_frame_holds_what_zenml_client_answers(
    ws: WorkspaceSession, judged: dict[str, Any], name: str
) -> None:
    project = judged["project"]
    if name == "steps":
        assert any(project["steps"].values())
        for run, expected in project["steps"].items():
            _compare(ws, judged, f"steps of {run}", expected, project["name"])
        # By name, without project=, the server looks in the default project only, and says so.
        with pytest.raises(NameNotFound, match="project= looks in another"):
            ws.steps(next(iter(project["steps"])))
        # By id no project is needed: the run says where its steps are.
        for run in project["frames"]["runs"]:
            assert list(ws.steps(run["id"])["id"]) == [s["id"] for s in project["steps"][run["name"]]]
    else:
        assert project["frames"][name] or name == "schedules"
        _compare(ws, judged, name, project["frames"][name], project["name"])


def test_an_unknown_project_is_refused_naming_the_servers_projects(
    ws: WorkspaceSession, judged: dict[str, Any]
) -> None:
    # The real server answers an unknown project filter 404; the session names what it knows.
    with pytest.raises(InvalidArgument, match="project must be a project") as refused:
        ws.runs(project=f"not-{judged['project']['name']}")
    assert judged["project"]["name"] in str(refused.value)
    assert "default" in str(refused.value)


def test_a_run_read_by_id_is_checked_against_the_named_project(
    ws: WorkspaceSession, judged: dict[str, Any]
) -> None:
    # The real server reads the named project by itself (name or id); only a miss lists them all.
    project = judged["project"]
    project_id = next(p["id"] for p in judged["frames"]["projects"] if p["name"] == project["name"])
    run = project["frames"]["runs"][0]
    for named in (project["name"], project_id):
        assert ws.get("runs", run["id"], project=named).id == run["id"]
    with pytest.raises(NameNotFound, match="it is in another project"):
        ws.get("runs", run["id"], project="default")
    with pytest.raises(InvalidArgument, match="project must be a project") as refused:
        ws.get("runs", run["id"], project=f"not-{project['name']}")
    assert project["name"] in str(refused.value)
    assert "default" in str(refused.value)


def _compare(
    ws: WorkspaceSession,
    judged: dict[str, Any],
    name: str,
    expected: list[dict[str, Any]],
    project: str | None = None,
) -> None:
    frame = _frame(ws, name, judged, project)
    assert list(frame["id"]) == [r["id"] for r in expected], f"{name}: rows or their order differ"
    if not expected:
        return
    # Every column is read from ZenML but the ones zpro_nb computes.
    skipped = NOT_COMPARED.get(name.split(" ")[0], set())
    computed = COMPUTED.get(name.split(" ")[0], set())
    unread = set(frame.columns) - computed - skipped - set(expected[0])
    assert not unread, f"{name}: columns the judge does not read from ZenML: {sorted(unread)}"
    differences = {}
    for column in expected[0]:
        if column in skipped:
            continue
        assert column in frame.columns, f"{name} has no column {column!r}"
        dtype = str(frame[column].dtype)
        ours = [_ours(v) for v in frame[column]]
        theirs = [_theirs(column, r[column], dtype) for r in expected]
        if ours != theirs:
            differences[column] = {"frame": ours, "zenml": theirs}
    assert not differences, f"{name}: " + json.dumps(differences, indent=1, default=str)


def test_the_compared_data_has_what_the_judge_added(judged: dict[str, Any]) -> None:
    # Guards the comparison against passing on data that lacks the cases it is meant to cover.
    frames = judged["frames"]
    assert {"completed", "failed"} <= {r["status"] for r in frames["runs"]}
    assert any(r["tags"] for r in frames["runs"])
    assert False in {r["active"] for r in frames["users"]}
    assert False in {r["active"] for r in frames["api_keys"]}
    assert any(r["exclusive"] and r["color"] == "yellow" for r in frames["tags"])
    assert any(r["description"] for r in frames["projects"])
    assert len(frames["stacks"]) >= 2
    assert any(r["value_names"] == "token, user" for r in frames["secrets"]), frames["secrets"]
    failed_steps = [s["status"] for steps in judged["steps"].values() for s in steps]
    assert "failed" in failed_steps


def test_the_compared_data_has_every_status_zenml_lets_a_client_set(judged: dict[str, Any]) -> None:
    # ZenML's rules (its run schema's ``update_status``, its store's step checks) refuse cached,
    # skipped, retrying and retried for runs; retrying, retried, cancelling and queued for new steps.
    every = set(judged["execution_statuses"])  # read from the installed zenml by the judge
    runs = {r["status"] for r in judged["frames"]["runs"]}
    assert runs == every - {"cached", "skipped", "retrying", "retried"}, sorted(runs)
    latest = {p["latest_run_status"] for p in judged["frames"]["pipelines"]}
    assert latest == runs, sorted(latest)
    steps = {s["status"] for steps in judged["steps"].values() for s in steps}
    assert steps >= every - {"retrying", "retried", "cancelling", "queued"}, sorted(steps)


def test_the_compared_data_has_run_metadata_and_a_second_project(judged: dict[str, Any]) -> None:
    frames, project = judged["frames"], judged["project"]
    for name in ("runs", "artifact_versions", "model_versions"):
        assert any(r["metadata_keys"] for r in frames[name]), name
        assert any(r["metadata_keys"] for r in project["frames"][name]), name
    assert any(s["metadata_keys"] for steps in project["steps"].values() for s in steps)
    assert project["frames"]["runs"]
    assert project["frames"]["models"]
    assert not {r["id"] for r in project["frames"]["runs"]} & {r["id"] for r in frames["runs"]}
