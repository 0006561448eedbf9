"""A staff member's name as kept and compared, and the activity list's "who" in plain words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backstride.core.acting import acting, current_actor
from backstride.core.errors import InputError
from backstride.services.access import NAME_MAX_CHARS, checked_name, name_key
from backstride.services.activity import EventView


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Dr   Lee ", "Dr Lee"),
        ("Zoë", "Zoë"),
        ("Zoe\u0308", "Zoë"),
        ("x" * NAME_MAX_CHARS, "x" * NAME_MAX_CHARS),
    ],
)
def test_a_name_is_kept_trimmed_and_in_one_form(typed: str, kept: str) -> None:
    assert checked_name(typed) == kept


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", "empty"),
        (" \t ", "empty"),
        ("x" * (NAME_MAX_CHARS + 1), "use at most 80"),
        ("Dr\x00Lee", "cannot be seen"),
        ("Dr\u200bLee", "cannot be seen"),
        ("a:b", "holds ':'"),
        (7, "must be text"),
    ],
)
def test_a_name_that_cannot_be_used_is_refused_naming_why(typed: object, words: str) -> None:
    with pytest.raises(InputError, match=words):
        checked_name(typed)


def test_names_that_differ_only_in_case_or_spaces_are_the_same() -> None:
    assert name_key("Dr  LEE ") == name_key("dr lee")
    assert name_key("STRASSE") == name_key("straße")  # case-folded, not only lower case
    assert name_key("Dr Lee") != name_key("Dr Lea")


def _line(via: str, client: str | None, staff: str | None) -> EventView:
    at = datetime(2026, 11, 26, 9, tzinfo=UTC)
    return EventView(1, at, "person_added", "Added a person", 2, "Room 4", "", via, client, staff)


def test_who_says_the_name_how_and_where_in_plain_words() -> None:
    assert _line("page", "10.0.0.5", "Dr Lee").who == "Dr Lee, on a page, from 10.0.0.5"
    assert _line("API", "10.0.0.6", None).who == "through the API, from 10.0.0.6"
    assert _line("command line", None, None).who == "at the command line"
    assert _line("page", "10.0.0.5", "Dr Lee").to_dict()["staff_name"] == "Dr Lee"


def test_the_actor_carries_the_staff_name_only_inside() -> None:
    with acting("page", "10.0.0.5", staff="Dr Lee"):
        assert (current_actor().via, current_actor().staff) == ("page", "Dr Lee")
        with acting("API", "10.0.0.5"):
            assert current_actor().staff is None
    assert current_actor().staff is None
