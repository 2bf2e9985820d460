"""The sync classes are generated from the async ones (scripts/gen_sync.py) and checked in: these
fail when the checked-in twins are stale, when a public async method has no twin, or when a twin's
docstring is a pointer instead of the real one."""

from __future__ import annotations

import importlib.util
import inspect
import sys
from pathlib import Path
from types import ModuleType

import pytest

import zpro_nb
from zpro_nb.notebook_session import AsyncSession, Session
from zpro_nb.workspace import AsyncWorkspaceSession, WorkspaceSession

ROOT = Path(__file__).resolve().parents[2]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_sync", ROOT / "scripts" / "gen_sync.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_sync"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


GEN = _generator()
PAIRS = [(AsyncSession, Session, GEN.TARGETS[0]), (AsyncWorkspaceSession, WorkspaceSession, GEN.TARGETS[-1])]


@pytest.mark.parametrize("target", GEN.TARGETS, ids=lambda t: t.path)
def test_regenerating_gives_the_checked_in_files(target: object) -> None:
    checked_in = (ROOT / target.path).read_text()  # type: ignore[attr-defined]
    assert GEN.render(target) == checked_in, f"stale: run python scripts/gen_sync.py ({target.path})"  # type: ignore[attr-defined]


@pytest.mark.parametrize(("async_cls", "sync_cls", "target"), PAIRS, ids=["Session", "WorkspaceSession"])
def test_every_public_async_method_has_a_sync_twin(async_cls: type, sync_cls: type, target: object) -> None:
    public = GEN.public_coroutines(async_cls)
    assert len(public) > 10
    for name in public:
        if name in target.hand_written:  # type: ignore[attr-defined]
            continue  # declared in the generator, each with its reason
        twin = getattr(sync_cls, name, None)
        assert callable(twin), f"{sync_cls.__name__}.{name} is missing"
        assert not inspect.iscoroutinefunction(twin), name
        async_params = list(inspect.signature(getattr(async_cls, name)).parameters.values())
        assert list(inspect.signature(twin).parameters.values()) == async_params, name
        assert inspect.getdoc(twin) == inspect.getdoc(getattr(async_cls, name)), name


def test_help_shows_the_real_docstrings() -> None:
    assert inspect.getdoc(zpro_nb.Session.workspaces) == inspect.getdoc(AsyncSession.workspaces)
    assert "See :meth:`Async" not in (inspect.getdoc(Session.role_assignments) or "")
    assert "workspace roles once per workspace" in (inspect.getdoc(Session.role_assignments) or "")
    for cls in (Session, WorkspaceSession):
        for name, member in inspect.getmembers(cls, inspect.isfunction):
            if not name.startswith("_"):
                assert "See :meth:`Async" not in (inspect.getdoc(member) or ""), f"{cls.__name__}.{name}"


def test_wrapped_results_are_declared() -> None:
    assert inspect.signature(Session.plan_role_assignments).return_annotation == "Plan"
    assert inspect.signature(Session.workspace).return_annotation == "WorkspaceSession"
