"""The people picker with 5,000 users: only matches reach the list, picks survive searches, chips remove."""

from __future__ import annotations

from zpro_nb.widgets.people_picker import MAX_SHOWN, PeoplePicker


def people(n: int) -> list[tuple[str, tuple[str, str]]]:
    return [(f"user: Person {i} <p{i}@example.com>", ("user", f"p{i}@example.com")) for i in range(n)]


def test_five_thousand_users_list_only_what_the_search_matches() -> None:
    changes: list[int] = []
    picker = PeoplePicker(lambda: changes.append(1), {})
    picker.set_people(people(5000))
    assert len(picker.matches.options) == MAX_SHOWN
    assert "4,950 more" in picker.hint.value

    picker.search.value = "p4321@"
    assert [p for _label, p in picker.matches.options] == [("user", "p4321@example.com")]
    picker.matches.value = (("user", "p4321@example.com"),)
    picker.search.value = "p17@"
    picker.matches.value = (("user", "p17@example.com"),)
    assert picker.chosen == [("user", "p17@example.com"), ("user", "p4321@example.com")]
    assert [chip.description for chip in picker.chips.children] == ["p17@example.com", "p4321@example.com"]
    assert changes  # the panel hears of every change

    picker.chips.children[0].click()  # the chip's button removes that person
    assert picker.chosen == [("user", "p4321@example.com")]
    picker.search.value = ""
    assert picker.matches.value == ()  # p4321 is not among the first 50 shown, and stays chosen
    assert picker.chosen == [("user", "p4321@example.com")]


def test_a_search_with_no_match_says_so() -> None:
    picker = PeoplePicker(lambda: None, {})
    picker.set_people(people(10))
    picker.search.value = "nobody-like-this"
    assert picker.matches.options == ()
    assert "Nobody matches" in picker.hint.value
