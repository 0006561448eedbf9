"""Diary entry rules: what a day's entry may hold, and the message when it may not."""

from __future__ import annotations

from datetime import date

import pytest

from backstride.core.errors import InputError
from backstride.diary.entries import NOTES_MAX_CHARS, validate_entry

TODAY = date(2026, 11, 20)


def check(**kwargs):
    values = {"entry_date": "2026-11-19", "pain_0_10": 4}
    values.update(kwargs)
    return validate_entry(as_of=TODAY, **values)


def test_a_good_entry_is_normalised() -> None:
    entry = check(pain_0_10=7.0, walking_tolerance_min=15, notes="  walked to the shop ")
    assert entry.entry_date == date(2026, 11, 19)
    assert entry.pain_0_10 == 7 and isinstance(entry.pain_0_10, int)
    assert entry.walking_tolerance_min == 15.0
    assert entry.notes == "walked to the shop"


@pytest.mark.parametrize("pain", [0, 10])
def test_pain_limits_are_allowed(pain: int) -> None:
    assert check(pain_0_10=pain).pain_0_10 == pain


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pain_0_10", 11, "pain_0_10 must be from 0 to 10"),
        ("pain_0_10", -1, "pain_0_10 must be from 0 to 10"),
        ("pain_0_10", 4.5, "whole number"),
        ("pain_0_10", True, "whole number"),
        ("pain_0_10", "4", "whole number"),
        ("walking_tolerance_min", -3, "from 0 to 600"),
        ("walking_tolerance_min", 601, "from 0 to 600"),
        ("walking_tolerance_min", "ten", "number of minutes"),
        ("entry_date", "2026-13-01", "not a date"),
        ("entry_date", 20261119, "must be a date"),
        ("entry_date", "2026-11-22", "in the future"),
        ("entry_date", "1899-12-31", "too early"),
        ("notes", 42, "notes must be text"),
        ("notes", "x" * (NOTES_MAX_CHARS + 1), "at most 2000"),
        # these used to escape as OverflowError/ValueError (a 500 from POST /api/diary)
        ("pain_0_10", 10**400, "pain_0_10 must be from 0 to 10"),
        ("pain_0_10", float("nan"), "pain_0_10 must be from 0 to 10"),
        ("pain_0_10", float("inf"), "pain_0_10 must be from 0 to 10"),
        ("walking_tolerance_min", 10**400, "from 0 to 600"),
        ("walking_tolerance_min", float("nan"), "from 0 to 600"),
        # PostgreSQL refuses NUL in text: a 500 there, so refuse it here on every database
        ("notes", "walked\x00far", "NUL"),
        # a lone surrogate (JSON "\\ud800") cannot be stored as UTF-8: it was a 500 from POST /api/diary
        ("notes", "walked \ud800 far", "not valid text"),
    ],
)
def test_bad_values_name_the_field_and_what_was_expected(field: str, value: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check(**{field: value})


def test_tomorrow_is_allowed_for_time_zones_but_not_later() -> None:
    assert check(entry_date="2026-11-21").entry_date == date(2026, 11, 21)
    with pytest.raises(InputError):
        check(entry_date="2026-11-22")


def test_empty_walking_time_and_notes_are_fine() -> None:
    entry = check(walking_tolerance_min=None, notes=None)
    assert entry.walking_tolerance_min is None and entry.notes == ""


@pytest.mark.parametrize("text", ["20261101", "2026-W47-1", "2026-11-0\uff11", "\uff12026-11-01", "2026-1-5"])
def test_a_day_is_read_only_as_yyyy_mm_dd(text: str) -> None:
    """date.fromisoformat also reads the basic and week forms (found fuzzing the command line)."""
    with pytest.raises(InputError, match="is not a date; expected YYYY-MM-DD"):
        check(entry_date=text)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2026-11-31", "2026-11-31 is not a date: Nov 2026 has 30 days"),
        ("2026-02-29", "2026-02-29 is not a date: Feb 2026 has 28 days"),
        ("2026-13-01", "2026-13-01 is not a date: a year has 12 months"),
        ("2026-00-10", "2026-00-10 is not a date: a year has 12 months"),
        ("2026-11-00", "2026-11-00 is not a date: Nov 2026 has 30 days"),
        ("0000-11-20", "0000-11-20 is not a date: there is no year 0"),
    ],
)
def test_a_day_not_on_the_calendar_says_why(text: str, said: str) -> None:
    # typed as YYYY-MM-DD, it read 'is not a date; expected YYYY-MM-DD': the person had done just that
    with pytest.raises(InputError) as info:
        check(entry_date=text)
    assert str(info.value) == f"entry_date {said}; expected YYYY-MM-DD"


def test_minus_zero_minutes_are_kept_as_zero() -> None:
    # "--minutes -0" or -0.0 in JSON: the diary said "Saved ...: -0 minutes walked" and FHIR held -0.0
    entry = check(walking_tolerance_min=-0.0)
    assert entry.walking_tolerance_min == 0.0
    assert f"{entry.walking_tolerance_min:g}" == "0"


def test_control_characters_in_notes_are_dropped_but_tabs_and_line_breaks_kept() -> None:
    # a pasted ESC sequence recoloured the terminal of 'backstride diary list'; FHIR strings forbid them
    entry = check(notes="bell\x07 esc\x1b[31m red\x9b\tnext\r\nline\x7f")
    assert entry.notes == "bell esc[31m red\tnext\r\nline"
