"""The API's workspace-name rules, checked locally before asking the server."""

from __future__ import annotations

import pytest

from zpro_nb.widgets.workspace_name_rules import display_name_from, workspace_name_problem


@pytest.mark.parametrize("name", ["a", "fraud-detection", "ml2", "x" * 50, "0-lab"])
def test_valid_names(name: str) -> None:
    assert workspace_name_problem(name) is None


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("", "Enter a name"),
        ("x" * 51, "at most 50 characters (this one has 51)"),
        ("Fraud", "lowercase letters, digits and hyphens only (not 'F')"),
        ("my ws", "not ' '"),
        ("my_ws", "not '_'"),
        ("-lab", "starts and ends with a letter or digit"),
        ("lab-", "starts and ends with a letter or digit"),
    ],
)
def test_invalid_names_say_why(name: str, words: str) -> None:
    problem = workspace_name_problem(name)
    assert problem is not None
    assert words in problem


def test_display_name_is_prefilled_from_the_name() -> None:
    assert display_name_from("fraud-detection") == "Fraud Detection"
    assert display_name_from("ml") == "Ml"
    assert display_name_from("") == ""
