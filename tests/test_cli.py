"""The `zpro-nb` command's parser: every subcommand is there and its help is useful."""

from __future__ import annotations

import pytest

from zpro_nb import cli


def help_of(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([*argv, "--help"])
    assert exit_info.value.code == 0
    return capsys.readouterr().out


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(capsys)
    for command in ("demo", "lab", "run", "sandbox", "whoami"):
        assert command in text


def test_lab_help_explains_the_sandbox_and_gives_examples(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(capsys, "lab")
    assert "--port" in text
    assert "--no-browser" in text
    assert "ZENML_PRO_API_TOKEN" in text
    assert "examples:" in text
    assert "zpro-nb lab --port 8890 --no-browser" in text


def test_run_help_explains_parameters_and_gives_examples(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(capsys, "run")
    for option in ("-p NAME=VALUE", "--output", "--html", "--timeout"):
        assert option in text
    assert "examples:" in text
    assert "zpro-nb run notebooks/02-access-audit.ipynb --html audit.html" in text


def test_run_options_parse() -> None:
    args = cli.build_parser().parse_args(
        ["run", "nb.ipynb", "-p", "a=1", "--parameter", "b=x", "--html", "r.html", "--timeout", "5"]
    )
    assert args.parameter == ["a=1", "b=x"]
    assert args.html == "r.html"
    assert args.timeout == 5.0
    assert args.output is None


def test_lab_passes_options_after_a_double_dash_to_jupyterlab() -> None:
    args = cli.build_parser().parse_args(["lab", "--port", "0", "--no-browser", "--", "--ServerApp.token=x"])
    command = cli._lab_command(args, cli._default_notebook_dir())
    assert "--ServerApp.ip=127.0.0.1" in command
    assert "--ServerApp.port=0" in command
    assert "--no-browser" in command
    assert command[-1] == "--ServerApp.token=x"
    assert any(c.startswith("--ServerApp.root_dir=") and c.endswith("notebooks") for c in command)


def test_lab_refuses_a_missing_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["lab", "--dir", "/nonexistent/zpro-nb-runbooks"]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_a_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([])
    assert exit_info.value.code == 2
