"""Diary entries: the rules a day's entry must follow (pure; the clock comes in as ``as_of``)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from backstride.core.dates import MONTHS
from backstride.core.errors import FindingValueError, InputError
from backstride.diary.steps import check_tried, diary_steps

PAIN_MIN, PAIN_MAX = 0, 10
WALKING_TOLERANCE_MAX_MIN = 600.0  # the range of the walking_tolerance_min finding (findings.yaml)
NOTES_MAX_CHARS = 2000
EARLIEST_DATE = date(1900, 1, 1)
# A person near midnight in another time zone may be a day ahead of the server's clock.
FUTURE_SLACK = timedelta(days=1)


class EntryFieldError(InputError):
    """A day, notes or steps tried that cannot be kept; ``field`` names which (``entry_date``,
    ``notes`` or ``tried``), so a page can say it in its own words beside the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class DiaryEntryValues:
    """A checked diary entry: a date, pain 0-10, minutes walked before symptoms (or unknown), notes,
    and the relief steps tried that day (advice codes, ``diary.steps``; in the plan's order)."""

    entry_date: date
    pain_0_10: int
    walking_tolerance_min: float | None = None
    notes: str = ""
    tried: tuple[str, ...] = ()


# Control characters but tab, line feed and carriage return (C0, DEL, C1): pasted from a terminal or
# another program, never meant; FHIR R4 strings and XML forbid them and an ESC could recolour or
# rewrite the terminal that 'backstride diary list' prints to.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def plain_text(text: str) -> str:
    """``text`` without control characters (tab and line breaks kept): how notes are kept and shown."""
    return _CONTROL.sub("", text)


# A day as text: YYYY-MM-DD in ASCII digits, the one form every message asks for.
DAY_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def check_day(entry_date: Any, as_of: date) -> date:
    """The day of an entry (a date or YYYY-MM-DD), not after tomorrow nor before 1900; raises
    ``EntryFieldError`` for ``entry_date``."""
    if isinstance(entry_date, str):
        try:
            if not DAY_TEXT.fullmatch(entry_date):  # fromisoformat also reads 20261101 and 2026-W47-1
                raise ValueError(entry_date)
            entry_date = date.fromisoformat(entry_date)
        except ValueError as exc:
            if DAY_TEXT.fullmatch(entry_date):  # typed as asked: say what is wrong with the day
                raise EntryFieldError(
                    "entry_date",
                    f"entry_date {entry_date} is not a date: {_off_the_calendar(entry_date)}; "
                    "expected YYYY-MM-DD",
                ) from exc
            raise EntryFieldError(
                "entry_date", f"entry_date {entry_date!r} is not a date; expected YYYY-MM-DD"
            ) from exc
    if not isinstance(entry_date, date):
        raise EntryFieldError("entry_date", f"entry_date must be a date (YYYY-MM-DD), got {entry_date!r}")
    if entry_date > as_of + FUTURE_SLACK:
        raise EntryFieldError(
            "entry_date", f"entry_date {entry_date.isoformat()} is in the future; expected {as_of} or earlier"
        )
    if entry_date < EARLIEST_DATE:
        raise EntryFieldError(
            "entry_date", f"entry_date {entry_date.isoformat()} is too early; expected 1900-01-01 or later"
        )
    return entry_date


def _off_the_calendar(day: str) -> str:
    """Why a YYYY-MM-DD that is no day is not one: '2026-11-31' -> 'Nov 2026 has 30 days'."""
    year, month = int(day[:4]), int(day[5:7])
    if year == 0:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return "a year has 12 months"
    return f"{MONTHS[month - 1]} {year} has {calendar.monthrange(year, month)[1]} days"


def long_ago(day: date, as_of: date) -> bool:
    """A day more than a year before ``as_of``: kept, but the person is asked if its year is right (1926
    typed for 2026 was kept without a word, and the pain chart ran over a hundred years)."""
    return day < as_of - timedelta(days=366)


def check_notes(notes: Any) -> str:
    """An entry's notes: plain text (None is none) of at most ``NOTES_MAX_CHARS`` characters;
    raises ``EntryFieldError`` for ``notes``."""
    if notes is None:
        notes = ""
    if not isinstance(notes, str):
        raise EntryFieldError("notes", f"notes must be text, got {type(notes).__name__}")
    if len(notes) > NOTES_MAX_CHARS:
        raise EntryFieldError(
            "notes", f"notes are {len(notes)} characters long; expected at most {NOTES_MAX_CHARS}"
        )
    if "\x00" in notes:  # PostgreSQL text cannot hold it; it is never typed on purpose
        raise EntryFieldError("notes", "notes contain a NUL character (\\x00); expected plain text")
    try:
        notes.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate ("\\ud800" in JSON): no character at all
        raise EntryFieldError(
            "notes",
            f"notes are not valid text (character {exc.start + 1} is a lone surrogate {notes[exc.start]!r}); "
            "expected plain text",
        ) from None
    return notes


def check_steps(tried: Any) -> tuple[str, ...]:
    """The relief steps tried on a day: advice codes the diary knows (``diary.steps``), each once, in
    the plan's order; None is none. Raises ``EntryFieldError`` for ``tried`` naming an unknown code."""
    try:
        return check_tried(tried, diary_steps())
    except ValueError as exc:
        raise EntryFieldError("tried", str(exc)) from None


def entry_problems(*, entry_date: Any, notes: Any, as_of: date, tried: Any = ()) -> list[EntryFieldError]:
    """Every problem of an entry's day, notes and steps tried at once (a page names each beside its
    field; ``validate_entry`` stops at the first)."""
    problems = []
    checks = (lambda: check_day(entry_date, as_of), lambda: check_notes(notes), lambda: check_steps(tried))
    for check in checks:
        try:
            check()
        except EntryFieldError as exc:
            problems.append(exc)
    return problems


def validate_entry(
    *,
    entry_date: Any,
    pain_0_10: Any,
    walking_tolerance_min: Any = None,
    notes: Any = "",
    tried: Any = (),
    as_of: date,
) -> DiaryEntryValues:
    """Check one diary entry; raise an ``InputError`` naming the field and what was expected."""
    entry_date = check_day(entry_date, as_of)
    if isinstance(pain_0_10, bool) or not isinstance(pain_0_10, int | float):
        raise FindingValueError(f"pain_0_10 must be a whole number from 0 to 10, got {pain_0_10!r}")
    # the range first: NaN, infinity and huge integers fail it without float()/int() blowing up
    if not PAIN_MIN <= pain_0_10 <= PAIN_MAX:
        raise FindingValueError(f"pain_0_10 must be from 0 to 10, got {pain_0_10!r}")
    if float(pain_0_10) != int(pain_0_10):
        raise FindingValueError(f"pain_0_10 must be a whole number from 0 to 10, got {pain_0_10!r}")

    if walking_tolerance_min is not None:
        if isinstance(walking_tolerance_min, bool) or not isinstance(walking_tolerance_min, int | float):
            raise FindingValueError(
                "walking_tolerance_min must be a number of minutes (0-600) or empty, "
                f"got {walking_tolerance_min!r}"
            )
        if not 0 <= walking_tolerance_min <= WALKING_TOLERANCE_MAX_MIN:
            raise FindingValueError(
                f"walking_tolerance_min must be from 0 to 600 minutes, got {walking_tolerance_min!r}"
            )
        walking_tolerance_min = float(walking_tolerance_min) + 0.0  # -0.0 (typed as -0) is 0

    notes = check_notes(notes)
    return DiaryEntryValues(
        entry_date=entry_date,
        pain_0_10=int(pain_0_10),
        walking_tolerance_min=walking_tolerance_min,
        notes=plain_text(notes).strip(),
        tried=check_steps(tried),
    )


__all__ = [
    "DiaryEntryValues",
    "EntryFieldError",
    "NOTES_MAX_CHARS",
    "check_day",
    "check_notes",
    "check_steps",
    "entry_problems",
    "plain_text",
    "validate_entry",
]
