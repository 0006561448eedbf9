"""How dates and times are written for people: one way everywhere (pages, report, terminal).

A day is "2 Nov 2026" (no leading zero, the month's short English name, the year), or "2 Nov" where
the year goes without saying; a moment is "2 Nov 2026, 09:15" on the clock here (two digits for the
hour). Pages keep a date on one line on a narrow screen (``web.templating.keep_together``).
"""

from __future__ import annotations

from datetime import date, datetime

# English whatever the computer's locale (``%b`` follows it once a program sets one)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def local_time(moment: datetime) -> datetime:
    """``moment`` on the clock here (a time without a zone is taken as one already)."""
    return moment.astimezone() if moment.tzinfo is not None else moment


def day_words(day: date, *, year: bool = True) -> str:
    """A day as people read it: "2 Nov 2026" (``year``), else "2 Nov". A date-time gives its own
    calendar day as it is (``moment_words`` first puts it on the clock here)."""
    short = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{short} {day.year}" if year else short


def moment_words(moment: datetime) -> str:
    """A moment on the clock here: "2 Nov 2026, 09:15"."""
    here = local_time(moment)
    return f"{day_words(here)}, {here:%H:%M}"


__all__ = ["MONTHS", "day_words", "local_time", "moment_words"]
