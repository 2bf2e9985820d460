"""Parameters, redaction and the banner: no kernel needed."""

from __future__ import annotations

import secrets
from pathlib import Path

import nbformat
import pytest

from zpro_nb.runbooks import (
    INJECTED_TAG,
    Banner,
    inject_parameters,
    notebook_parameters,
    parse_parameter,
    redact_notebook,
    secrets_from_environment,
)

from .notebook_files import make_notebook


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("days=30", ("days", 30)),
        ("ratio=0.5", ("ratio", 0.5)),
        ("dry_run=False", ("dry_run", False)),
        ("workspace=None", ("workspace", None)),
        ("names=['a', 'b']", ("names", ["a", "b"])),
        ("workspace=ml-platform", ("workspace", "ml-platform")),
        ("quoted='30'", ("quoted", "30")),
        ("empty=", ("empty", "")),
        ("expr=1+__import__('os').getpid()", ("expr", "1+__import__('os').getpid()")),
        ("url=http://a.b/c?x=1", ("url", "http://a.b/c?x=1")),
    ],
)
def test_parse_parameter_reads_literals_else_strings(text: str, expected: tuple[str, object]) -> None:
    assert parse_parameter(text) == expected


@pytest.mark.parametrize("text", ["noequals", "=3", "1x=3", "a-b=3", "a b=1"])
def test_parse_parameter_rejects_bad_names(text: str) -> None:
    with pytest.raises(ValueError, match="name=value"):
        parse_parameter(text)


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def test_injected_cell_follows_the_parameters_cell(tmp_path: Path) -> None:
    nb = _read(
        make_notebook(tmp_path / "p.ipynb", ["print(days)"], parameters="days = 30\ndry_run: bool = True")
    )
    assert notebook_parameters(nb) == {"days": "30", "dry_run": "True"}
    inject_parameters(nb, {"days": 7, "dry_run": False})
    sources = [c.source for c in nb.cells]
    assert sources[1].startswith("days = 30")
    assert nb.cells[2].metadata["tags"] == [INJECTED_TAG]
    assert "days = 7" in sources[2]
    assert "dry_run = False" in sources[2]
    assert sources[3] == "print(days)"


def test_strings_are_injected_as_python_literals(tmp_path: Path) -> None:
    nb = _read(make_notebook(tmp_path / "p.ipynb", [], parameters="name = None"))
    inject_parameters(nb, {"name": 'it\'s "quoted"'})
    namespace: dict[str, object] = {}
    exec(nb.cells[2].source, namespace)
    assert namespace["name"] == 'it\'s "quoted"'


def test_unknown_parameter_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    nb = _read(make_notebook(tmp_path / "p.ipynb", [], parameters="dry_run = True"))
    with pytest.raises(ValueError, match=r"unknown parameter\(s\) dryrun.*takes: dry_run"):
        inject_parameters(nb, {"dryrun": False})


def test_parameters_need_a_parameters_cell(tmp_path: Path) -> None:
    nb = _read(make_notebook(tmp_path / "p.ipynb", ["x = 1"]))
    with pytest.raises(ValueError, match="no cell tagged 'parameters'"):
        inject_parameters(nb, {"x": 2})
    inject_parameters(nb, {})  # nothing to inject: fine
    assert len(nb.cells) == 2


def test_redaction_scrubs_sources_and_every_output_kind() -> None:
    canary = "tok-" + secrets.token_urlsafe(24)
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(f"print('{canary}')")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text=f"the token is {canary}\n"),
        nbformat.v4.new_output(
            "execute_result", data={"text/plain": canary, "text/html": f"<b>{canary}</b>"}
        ),
        nbformat.v4.new_output("error", ename="E", evalue=canary, traceback=[f"line {canary}"]),
    ]
    nb.cells = [cell, nbformat.v4.new_code_cell("x = 1")]
    assert redact_notebook(nb, [canary]) == 1
    assert canary not in nbformat.writes(nb)
    assert "****" in nb.cells[0].outputs[0].text
    nbformat.validate(nb)


def test_secrets_from_environment_lists_long_values_only() -> None:
    env = {"ZENML_PRO_API_TOKEN": "x" * 40, "ZENML_PRO_API_KEY": "short", "HOME": "/home/someone-long"}
    assert secrets_from_environment(env) == ["x" * 40]


def test_banner_says_which_world_it_is() -> None:
    sandbox = Banner("sandbox", "http://127.0.0.1:1", "No token configured")
    real = Banner("real", "https://cloudapi.zenml.io", "Signed in <as> a@b")
    assert sandbox.is_sandbox
    assert not real.is_sandbox
    assert "SANDBOX" in sandbox._repr_html_()
    assert "REAL ORGANIZATION" in real._repr_html_()
    assert "&lt;as&gt;" in real._repr_html_()  # the message is escaped
    assert str(real).startswith("[REAL]")
