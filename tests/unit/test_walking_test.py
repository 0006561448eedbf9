"""The walking test kept as a diary day (diary.walking_test) and minutes typed as a stopwatch shows them."""

from __future__ import annotations

import math

import pytest

from backstride.core.typed import typed_minutes
from backstride.diary.entries import NOTES_MAX_CHARS
from backstride.diary.walking_test import TEST_LIMIT_MIN, WalkingTest, WalkingTestFieldError


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        *[("6:20", 6 + 20 / 60), (" 0:45 ", 0.75), ("30:00", 30.0), ("6.5", 6.5), ("6,5", 6.5), ("12", 12.0)],
        # as the app says a time back, so what it said can be typed again (review R13)
        *[("6 min 20 s", 6 + 20 / 60), ("6min20s", 6 + 20 / 60), ("6 min", 6.0), ("45 s", 0.75)],
    ],
)
def test_minutes_are_read_as_typed_or_as_a_stopwatch_shows_them(typed: str, minutes: float) -> None:
    assert math.isclose(typed_minutes(typed), minutes)


@pytest.mark.parametrize(
    "typed", ["6:60", "6:5", "six", "6m20s", ":20", "1_0", "٦:٢٠", "", "6 min 75 s", "min", "6 min 20"]
)
def test_anything_else_is_not_minutes(typed: str) -> None:
    with pytest.raises(ValueError):
        typed_minutes(typed)


def test_symptoms_then_a_stop_give_the_diary_minutes_and_words() -> None:
    test = WalkingTest.checked(
        total_min=9 + 5 / 60, stopped_because="symptoms", first_symptoms_min=6 + 20 / 60
    )
    assert test.walking_tolerance_min == 6.33
    assert test.note() == (
        "Walking test: symptoms began at 6 min 20 s; walked 9 min 05 s in all; "
        "stopped because the symptoms made me stop."
    )
    assert test.notes_with("  Park loop, cold day ") == test.note() + " Park loop, cold day"


def test_no_symptoms_in_30_minutes_keeps_the_whole_walk_as_the_tolerance() -> None:
    test = WalkingTest.checked(total_min=TEST_LIMIT_MIN, stopped_because="time_up")
    assert test.walking_tolerance_min == 30.0
    assert "no symptoms came; walked 30 min 00 s in all; stopped because 30 minutes were up" in test.note()


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"total_min": None, "stopped_because": "other"}, "total_min", "missing"),
        ({"total_min": 45, "stopped_because": "other"}, "total_min", "from 0 to 30"),
        ({"total_min": -1, "stopped_because": "other"}, "total_min", "from 0 to 30"),
        ({"total_min": math.nan, "stopped_because": "other"}, "total_min", "number of minutes"),
        ({"total_min": True, "stopped_because": "other"}, "total_min", "number of minutes"),
        (
            {"total_min": 5, "stopped_because": "other", "first_symptoms_min": 7},
            "first_symptoms_min",
            "after the end",
        ),
        ({"total_min": 5, "stopped_because": "symptoms"}, "first_symptoms_min", "when did they start"),
        ({"total_min": 5, "stopped_because": "bored"}, "stopped_because", "one of symptoms, time_up, other"),
    ],
)
def test_a_test_that_cannot_have_happened_is_refused_naming_the_field(values, field, words) -> None:
    with pytest.raises(WalkingTestFieldError, match=words) as caught:
        WalkingTest.checked(**values)
    assert caught.value.field == field


def test_notes_that_do_not_fit_beside_the_tests_words_are_refused_not_cut() -> None:
    test = WalkingTest.checked(total_min=3, stopped_because="other")
    room = NOTES_MAX_CHARS - len(test.note()) - 1
    assert len(test.notes_with("x" * room)) == NOTES_MAX_CHARS
    with pytest.raises(WalkingTestFieldError, match=f"at most {room} fit") as caught:
        test.notes_with("x" * (room + 1))
    assert caught.value.field == "notes"


@pytest.mark.parametrize(
    ("values", "first"),
    [
        ({"total_min": 31, "stopped_because": "time_up"}, None),
        ({"total_min": 30.5, "stopped_because": "symptoms", "first_symptoms_min": 30.2}, None),
        ({"total_min": 30.5, "stopped_because": "other", "first_symptoms_min": 12}, 12.0),
    ],
)
def test_a_walk_typed_past_30_minutes_ends_at_30_as_the_test_does(values, first) -> None:
    test = WalkingTest.checked(**values)
    assert (test.total_min, test.stopped_because, test.first_symptoms_min) == (30.0, "time_up", first)
    assert test.walking_tolerance_min == (first if first is not None else 30.0)
    assert "walked 30 min 00 s in all; stopped because 30 minutes were up" in test.note()


def test_time_up_before_30_minutes_is_refused_naming_why_the_walk_ended() -> None:
    with pytest.raises(WalkingTestFieldError, match="walk was 10 min 00 s") as caught:
        WalkingTest.checked(total_min=10, stopped_because="time_up")
    assert caught.value.field == "stopped_because"


def test_a_stop_at_exactly_30_minutes_keeps_why_the_walk_ended() -> None:
    # the page's stopwatch rounds to the second: symptoms at 29:59.7 arrive as 30:00
    test = WalkingTest.checked(total_min=30, stopped_because="symptoms", first_symptoms_min=30)
    assert (test.stopped_because, test.first_symptoms_min, test.walking_tolerance_min) == (
        "symptoms",
        30.0,
        30.0,
    )


def test_problems_lists_every_field_at_once_and_checked_raises_the_first() -> None:
    values = {"total_min": None, "stopped_because": "bored", "first_symptoms_min": -2}
    found = WalkingTest.problems(**values)
    assert [p.field for p in found] == ["total_min", "first_symptoms_min", "stopped_because"]
    with pytest.raises(WalkingTestFieldError) as raised:
        WalkingTest.checked(**values)
    assert raised.value.field == "total_min" and str(raised.value) == str(found[0])
    late = WalkingTest.problems(total_min=5, stopped_because="time_up", first_symptoms_min=7)
    assert [p.field for p in late] == ["first_symptoms_min", "stopped_because"]  # after the walk; too soon
    assert WalkingTest.problems(total_min=9, stopped_because="symptoms", first_symptoms_min=6.5) == []
    assert WalkingTest.problems(total_min=30.5, stopped_because="symptoms") == []  # kept as time up


def test_a_walk_of_no_time_without_symptoms_is_refused_not_kept_as_0_minutes_before_symptoms() -> None:
    # it was kept as "0 minutes walked before symptoms", which reads as the worst walking there is
    with pytest.raises(WalkingTestFieldError, match="nothing was measured") as caught:
        WalkingTest.checked(total_min=0, stopped_because="other")
    assert caught.value.field == "total_min"
    # symptoms at once that stop the walk at once are a result: 0 minutes before symptoms
    assert (
        WalkingTest.checked(
            total_min=0, stopped_because="symptoms", first_symptoms_min=0
        ).walking_tolerance_min
        == 0
    )


def test_a_walk_stopped_for_something_else_before_any_symptom_keeps_no_tolerance() -> None:
    # it was kept as "12 minutes walked before symptoms": a stop for the rain read as a limit, and the
    # trend as a worsening; how long the symptoms would have taken is not known [D7]
    rained = WalkingTest.checked(total_min=12, stopped_because="other")
    assert rained.walking_tolerance_min is None
    assert "no symptoms came; walked 12 min 00 s in all; stopped because something else" in rained.note()
    # symptoms before the other reason still give the time before symptoms
    assert (
        WalkingTest.checked(total_min=12, stopped_because="other", first_symptoms_min=8).walking_tolerance_min
        == 8
    )
