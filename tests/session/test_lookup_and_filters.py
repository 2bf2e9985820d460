"""Name-or-id lookup (close matches, ambiguity) and the workspace filter syntax, without a server."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable
from typing import NoReturn

import pytest

from zpro_nb import NotFound
from zpro_nb.api import lookup
from zpro_nb.api.lookup import RecordIndex, close_matches, resolve
from zpro_nb.api.pro.roles import principal_params
from zpro_nb.api.pro.workspace_names import workspace_name_problem
from zpro_nb.api.workspace.filters import filter_time, op, sort
from zpro_nb.errors import AmbiguousName, NameNotFound

RECORDS = [
    {"id": "1", "name": "production", "display_name": "Production"},
    {"id": "2", "name": "staging"},
    {"id": "3", "name": "research", "username": "x"},
    {"id": "4", "name": "research"},
]


def test_ids_win_and_names_ignore_case() -> None:
    assert resolve(RECORDS, "2", "workspace")["name"] == "staging"
    assert resolve(RECORDS, "PRODUCTION", "workspace")["id"] == "1"
    assert resolve(RECORDS, " staging ", "workspace")["id"] == "2"
    assert resolve(RECORDS, "Production", "workspace", keys=("display_name",))["id"] == "1"


def test_unknown_names_suggest_close_ones() -> None:
    with pytest.raises(NameNotFound) as caught:
        resolve(RECORDS, "stagin", "workspace", where=" in organization acme")
    assert isinstance(caught.value, NotFound)
    assert caught.value.suggestions == ["staging"]
    assert "no workspace called 'stagin' in organization acme; did you mean 'staging'?" in str(caught.value)
    with pytest.raises(NameNotFound) as nothing:
        resolve(RECORDS, "zzzzzz", "workspace")
    assert nothing.value.suggestions == []
    assert "did you mean" not in str(nothing.value)


def test_ambiguous_names_list_every_candidate_with_its_id() -> None:
    with pytest.raises(AmbiguousName) as caught:
        resolve(RECORDS, "research", "workspace")
    assert isinstance(caught.value, ValueError)
    assert caught.value.candidates == ["research (3)", "research (4)"]
    assert "pass the id instead" in str(caught.value)


# Every kind of answer resolve gives: an id, a name in any case or spacing, a second key, a name
# two records share, an id two records share (names decide then), an id that is also another
# record's name (the id wins), an empty text, a miss, a typo.
INDEX_CASES = [
    "2",
    "PRODUCTION",
    " staging ",
    "Production",
    "research",
    "3",
    "dup",
    "",
    "  ",
    "zzz",
    "stagin",
]


@pytest.mark.parametrize("text", INDEX_CASES)
@pytest.mark.parametrize("keys", [("name",), ("name", "display_name")])
def test_an_index_answers_as_resolve_does(text: str, keys: tuple[str, ...]) -> None:
    records = [
        *RECORDS,
        {"id": "dup", "name": "alpha"},
        {"id": "dup", "name": "beta"},
        {"id": "x9", "name": "dup"},
        {"id": "x10", "name": "2"},
        {"id": 7, "name": "7"},
    ]
    index = RecordIndex(records, keys=keys)

    def outcome(find: Callable[[], object]) -> object:
        try:
            return find()
        except (NameNotFound, AmbiguousName) as exc:
            return (type(exc), str(exc))

    options = {"where": " in acme", "listing": "s.workspaces()"}
    assert outcome(lambda: index.resolve(text, "workspace", **options)) == outcome(
        lambda: resolve(records, text, "workspace", keys=keys, **options)
    )


def test_an_index_finds_each_record_by_id_and_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    index = RecordIndex(RECORDS, keys=("name", "display_name"))

    def no_pass_over_the_records(*args: object, **kwargs: object) -> NoReturn:
        raise AssertionError("found by a pass over every record, not by the index")

    # a text that finds one record is answered by the index alone
    monkeypatch.setattr(lookup, "resolve", no_pass_over_the_records)
    assert index.resolve("1", "workspace") is RECORDS[0]
    assert index.resolve("production", "workspace") is RECORDS[0]
    assert index.resolve("STAGING", "workspace") is RECORDS[1]
    assert index.resolve(" 3 ", "workspace") is RECORDS[2]
    monkeypatch.undo()
    with pytest.raises(AmbiguousName):
        index.resolve("research", "workspace")


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_name_finds_nothing(text: str) -> None:
    # only "staging" has no display name: an empty text used to be taken for it
    with pytest.raises(NameNotFound, match="pass the name or id of the workspace"):
        resolve(RECORDS[:2], text, "workspace", keys=("name", "display_name"))


def test_lookup_errors_pickle() -> None:
    error = pickle.loads(pickle.dumps(NameNotFound("no x", suggestions=["y"])))
    assert isinstance(error, NameNotFound)
    assert error.status is None
    assert error.fix == "check the spelling, or pass the id"


def test_a_local_lookup_does_not_pretend_a_server_said_404() -> None:
    with pytest.raises(NameNotFound) as caught:
        resolve(RECORDS, "does-not-exist", "workspace", listing="s.workspaces()")
    assert caught.value.status is None
    assert "404" not in str(caught.value)
    assert str(caught.value).startswith("no workspace called 'does-not-exist'")
    assert "s.workspaces() lists the workspaces" in str(caught.value)


EMAILS = ["alice@acme.example", "goran.mensah@acme.example", "manager@acme.example", "admin@acme.example"]


def test_emails_are_compared_part_by_part() -> None:
    # the shared domain made every address look close to every other one
    assert close_matches("ghost@acme.example", EMAILS) == []
    assert close_matches("alise@acme.example", EMAILS) == ["alice@acme.example"]
    assert close_matches("ADMN@acme.example", EMAILS) == ["admin@acme.example"]
    assert close_matches("alice@other.example", EMAILS) == []
    assert close_matches("alice@acme.exmaple", EMAILS) == ["alice@acme.example"]


def test_only_close_names_are_suggested() -> None:
    names = ["production", "staging", "research", "ml-platform"]
    assert close_matches("does-not-exist", names) == []
    assert close_matches("prodution", names) == ["production"]


def test_close_matches_keep_the_original_spelling() -> None:
    assert close_matches("workspace admn", ["Workspace Admin", "Workspace Viewer"])[0] == "Workspace Admin"


def test_filter_values() -> None:
    moment = dt.datetime(2026, 11, 1, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert filter_time(moment) == "2026-11-01 10:30:00"
    assert op("gte", moment) == "gte:2026-11-01 10:30:00"
    assert op("contains", "ali") == "contains:ali"
    assert op("oneof", ["failed", "completed"]) == 'oneof:["failed", "completed"]'
    assert op("isnull") == "isnull:"
    assert op("equals", True) == "equals:true"
    assert sort("created", descending=True) == "desc:created"
    with pytest.raises(ValueError, match="unknown filter operator"):
        op("bogusop", "x")


def test_assignment_query_needs_exactly_one_holder() -> None:
    assert principal_params(
        user_id="u", team_id=None, invitation_id=None, workspace_id="w", project_id=None
    ) == {
        "user_id": "u",
        "workspace_id": "w",
    }
    with pytest.raises(ValueError, match="exactly one"):
        principal_params(user_id="u", team_id="t", invitation_id=None, workspace_id=None, project_id=None)
    with pytest.raises(ValueError, match="exactly one"):
        principal_params(user_id=None, team_id=None, invitation_id=None, workspace_id=None, project_id=None)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("good-name-1", None),
        ("a", None),
        ("", "empty"),
        ("x" * 51, "at most 50"),
        ("Upper", "lowercase"),
        ("under_score", "lowercase"),
        ("-leading", "starts and ends"),
        ("trailing-", "starts and ends"),
    ],
)
def test_workspace_name_rules(name: str, problem: str | None) -> None:
    found = workspace_name_problem(name)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found
