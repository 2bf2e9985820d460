"""The benchmark harness runs end to end in its tiniest configuration and writes valid JSON.

These tests assert structure only, never timing: speed targets live in bench/ and are judged by
``python -m bench`` itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

# bench/ is a top-level directory, not part of the installed package: pytest's ``pythonpath``
# (pyproject.toml) puts the checkout on sys.path, for a bare `pytest` too.
from bench.counting_transport import longest_chain
from bench.peer_measure import pass_order
from bench.report import Figure, failed_figure, render_table, write_json
from bench.side_by_side import alternate

ROOT = Path(__file__).resolve().parents[2]

#: a fragment of each figure's name: every benchmark must report, one figure or two
EXPECTED = (
    "import zpro_nb",
    "users frame vs pandas.json_normalize",
    "users frame peak memory",
    "rate limit",
    "paging",
    "fan-out: access_matrix vs documented sequential",
    "fan-out: access_matrix vs bound",
    "fan-out: request core",
    "org scale: access_matrix vs its floor",
    "org scale: access_matrix peak memory",
    "org scale: workspace_inventory vs its floor",
    "org scale: workspace_inventory calls after",
    "cross-workspace runs since 30d (2 workspaces, 5 ms latency) vs a sequential loop over s.workspace",
    "cross-workspace runs since 30d (2 workspaces, 5 ms latency) vs its floor",
)
#: the real-server peer's figures (its own test, marked ``oss``: it needs the ZenML venv)
PEER_EXPECTED = (
    "real server: every run (60 runs) vs ZenML Client at its defaults",
    "real server: every run (60 runs) vs ZenML Client at page size",
    "real server: runs of the last 30 days",
    "real server: overview",
)
WITHOUT_PEER = "import,frames,rate-limit,paging,fan-out,org-scale"


def _run_bench(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Any]:
    out = tmp_path_factory.mktemp("bench") / "figures.json"
    proc = _run_bench("--tiny", "--only", WITHOUT_PEER, "--json", str(out))
    assert out.exists(), f"no JSON written; stderr:\n{proc.stderr[-2000:]}"
    return proc, json.loads(out.read_text(encoding="utf-8"))


def test_tiny_run_writes_one_object_per_figure(tiny_run: tuple[Any, Any]) -> None:
    _, figures = tiny_run
    assert isinstance(figures, list)
    for figure in figures:
        assert isinstance(figure["name"], str)
        assert figure["name"]
        assert isinstance(figure["target"], str)
        assert figure["target"]
        assert isinstance(figure["measured"], str)
        assert figure["measured"]
        assert isinstance(figure["passed"], bool)
    names = [f["name"] for f in figures]
    for fragment in EXPECTED:
        assert sum(fragment in n for n in names) == 1, (fragment, names)
    assert len(figures) == len(EXPECTED)


def test_tiny_run_measures_every_benchmark(tiny_run: tuple[Any, Any]) -> None:
    # A benchmark that raised is reported as an unmeasured figure with its error: none may.
    _, figures = tiny_run
    errors = {f["name"]: f["error"] for f in figures if f["error"]}
    assert errors == {}
    assert all(isinstance(f["value"], int | float) for f in figures)
    # both sides of the cross-workspace figure read the same runs (else it would be an error), some
    across = next(f for f in figures if "cross-workspace" in f["name"])["details"]
    assert across["rows"] > 0
    assert across["workspaces"] == 2


def test_tiny_run_prints_the_table(tiny_run: tuple[Any, Any]) -> None:
    proc, figures = tiny_run
    # exit status says whether every target was met; tiny sizes may miss some, so both are valid
    assert proc.returncode == (0 if all(f["passed"] for f in figures) else 1), proc.stderr[-2000:]
    header = proc.stdout.splitlines()
    assert any(line.split() == ["figure", "target", "measured", "pass"] for line in header)
    for figure in figures:
        assert figure["name"] in proc.stdout


def test_unknown_benchmark_name_is_refused() -> None:
    proc = _run_bench("--only", "imports", timeout=60)
    assert proc.returncode != 0
    assert "unknown benchmark" in proc.stderr


def test_a_benchmark_that_could_not_run_is_a_failed_figure(tmp_path: Path) -> None:
    figures = [
        Figure(name="a", target="<= 1x", measured="0.5x", passed=True, value=0.5),
        failed_figure("b", ">= 10x", RuntimeError("sandbox did not start")),
    ]
    table = render_table(figures)
    assert "NO" in table
    assert "RuntimeError: sandbox did not start" in table
    write_json(figures, tmp_path / "f.json")
    written = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert [f["passed"] for f in written] == [True, False]
    assert written[1]["measured"] == "not measured"


def test_peer_rounds_interleave_the_repeated_sides_then_go_backward() -> None:
    order = pass_order(["zpro_nb", "server_alone", "defaults", "best"], {"zpro_nb": 3, "server_alone": 3})
    assert order == ["zpro_nb", "server_alone"] * 3 + ["defaults", "best"]
    assert pass_order(["a", "b"], {}) == ["a", "b"]


def test_side_by_side_alternates_abba() -> None:
    order: list[str] = []

    def side(label: str) -> float:
        order.append(label)
        return float(len(order))

    result = alternate(lambda: side("a"), lambda: side("b"), 4)
    assert order == ["a", "b", "b", "a", "a", "b", "b", "a"]
    assert result.a == (1.0, 4.0, 5.0, 8.0)
    assert result.best_b == 2.0


def test_longest_chain_counts_requests_that_ran_one_after_another() -> None:
    # three waves: two overlapping calls, then one, then two overlapping again
    spans = [(0.0, 1.0), (0.1, 1.1), (1.2, 2.0), (2.1, 3.0), (2.2, 3.1)]
    assert longest_chain(spans) == 3
    assert longest_chain([(0.0, 1.0)] * 16) == 1
    assert longest_chain([]) == 0


@pytest.mark.oss
def test_tiny_real_server_peer_runs_side_by_side(tmp_path: Path) -> None:
    # A real ZenML server, filled, behind the latency proxy; ZenML's Client in its own venv.
    out = tmp_path / "peer.json"
    chart = tmp_path / "chart.png"
    proc = _run_bench("--tiny", "--only", "real-peer", "--json", str(out), "--chart", str(chart))
    assert out.exists(), f"no JSON written; stderr:\n{proc.stderr[-2000:]}"
    figures = json.loads(out.read_text(encoding="utf-8"))
    names = [f["name"] for f in figures]
    for fragment in PEER_EXPECTED:
        assert sum(fragment in n for n in names) == 1, (fragment, names)
    assert len(figures) == len(PEER_EXPECTED)
    for figure in figures:
        assert figure["error"] is None, figure["error"]  # a row mismatch would be an error
        details = figure["details"]
        assert details["zenml_version"] == "0.98.0"
        assert details["fill"]["runs"] == 60
        assert details["floor_s"] > 0
        assert details["zpro_nb_calls"] >= 1
        assert details["zenml_calls"] >= 1
        assert details["zpro_nb_rows"]["runs"] == details["zenml_rows"]["runs"]
        # The floor's server time is sampled in every round, interleaved with zpro_nb's turns (back
        # to back after the rounds it met the server's pauses more often than they did).
        samples = details["rounds"] * details["samples_per_round"]
        assert len(details["server_alone_rounds_s"]) == samples == len(details["zpro_nb_rounds_s"])
    every_run = figures[0]["details"]
    assert every_run["zpro_nb_rows"] == {"runs": 60}
    # ZenML's default page size is 20: 60 runs are three sequential pages
    assert every_run["zenml_calls"] == 3
    assert every_run["zenml_calls_in_sequence"] == 3
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert "password" not in proc.stdout.lower()
