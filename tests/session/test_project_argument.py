"""``project=`` on a workspace session: an unknown project is refused by name, a known one is used.

Read from the in-process sandbox, which answers an unknown project filter with the real server's
404. The session turns that 404 into ``InvalidArgument`` naming the workspace's projects; a name
lookup (``get``, ``steps``) carries the project to the server's name filter.
"""

from __future__ import annotations

import pytest

from zpro_nb.errors import InvalidArgument, NameNotFound
from zpro_nb.workspace_session import AsyncWorkspaceSession

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    "call",
    ["runs", "pipelines", "run_templates", "artifacts", "artifact_versions", "models", "model_versions",
     "schedules"],
)  # fmt: skip
async def test_an_unknown_project_is_refused_naming_the_known_ones(
    production_ws: AsyncWorkspaceSession, call: str
) -> None:
    with pytest.raises(
        InvalidArgument, match=r"project must be a project in workspace production"
    ) as refused:
        await getattr(production_ws, call)(project="no-such-project")
    assert "(one of: default)" in str(refused.value)
    assert "'no-such-project'" in str(refused.value)


async def test_a_known_project_lists_as_without_one(
    production_ws: AsyncWorkspaceSession,
) -> None:
    everything = await production_ws.runs()
    by_name = await production_ws.runs(project="default")
    project_id = (await production_ws.projects())["id"].iloc[0]
    by_id = await production_ws.runs(project=project_id)
    assert list(by_name["id"]) == list(everything["id"]) == list(by_id["id"])


async def test_name_lookups_take_the_project(
    production_ws: AsyncWorkspaceSession,
) -> None:
    run = (await production_ws.runs(status="completed", max_items=1))["name"].iloc[0]
    assert (await production_ws.get("runs", run, project="default")).name == run
    assert len(await production_ws.steps(run, project="default")) > 0
    with pytest.raises(InvalidArgument, match="one of: default"):
        await production_ws.get("runs", run, project="no-such-project")
    with pytest.raises(InvalidArgument, match="one of: default"):
        await production_ws.steps(run, project="no-such-project")
    with pytest.raises(NameNotFound, match="project default"):
        await production_ws.get("runs", run + "-missing", project="default")
    # Without project= the miss says where the server looked, and how to look elsewhere.
    with pytest.raises(NameNotFound, match=r"\(its default project; project= looks in another\)"):
        await production_ws.get("runs", run + "-missing")
    with pytest.raises(NameNotFound) as stack_miss:
        await production_ws.get("stacks", "no-such-stack")
    assert "project" not in str(stack_miss.value)


async def test_project_is_refused_for_what_belongs_to_no_project(
    production_ws: AsyncWorkspaceSession,
) -> None:
    with pytest.raises(InvalidArgument, match="stacks belong to no project"):
        await production_ws.get("stacks", "default", project="default")


async def test_an_id_lookup_is_refused_for_an_unknown_project(
    production_ws: AsyncWorkspaceSession,
) -> None:
    run_id = (await production_ws.runs(status="completed", max_items=1))["id"].iloc[0]
    assert (await production_ws.get("runs", run_id, project="default")).id == run_id
    with pytest.raises(InvalidArgument, match="one of: default") as refused:
        await production_ws.get("runs", run_id, project="no-such-project")
    assert "'no-such-project'" in str(refused.value)
    with pytest.raises(InvalidArgument, match="one of: default"):
        await production_ws.steps(run_id, project="no-such-project")
    # An id that is nowhere, with an unknown project: the project is what is wrong.
    with pytest.raises(InvalidArgument, match="one of: default"):
        await production_ws.get("runs", "00000000-0000-0000-0000-000000000000", project="no-such-project")


async def test_an_id_in_another_project_is_not_returned_as_in_this_one(
    production_ws: AsyncWorkspaceSession,
) -> None:
    await production_ws.client.post("/projects", json={"name": "other", "display_name": "other"})
    run_id = (await production_ws.runs(status="completed", max_items=1))["id"].iloc[0]
    with pytest.raises(NameNotFound, match="project other: it is in another project") as missed:
        await production_ws.get("runs", run_id, project="other")
    assert run_id in str(missed.value)
    with pytest.raises(NameNotFound, match="project other: it is in another project"):
        await production_ws.steps(run_id, project="other")
    assert len(await production_ws.steps(run_id, project="default")) > 0
