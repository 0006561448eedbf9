"""How dates and times are written for people: one way everywhere (pages, report, terminal).

A day is "2 Nov 2026" (no leading zero, the month's short English name, the year), or "2 Nov" where
the year goes without saying; a moment is "2 Nov 2026, 09:15" on the clock here (two digits for the
hour); a walk's start on the clock where it was recorded, and its day there (``walked_on``). Pages keep
a date on one line on a narrow screen (``web.templating.keep_together``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

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


def moment_words_there(moment: datetime) -> str:
    """A moment on the clock it was read on, not moved to the clock here: a recording's start in the zone
    its file states (a Shanghai walk's "6 Nov 2025, 00:52" on a computer set to UTC too)."""
    return f"{day_words(moment)}, {moment:%H:%M}"


def zone_words(name: str) -> str:
    """A time zone's name as people say it: "Asia/Shanghai" is "Shanghai time", "America/New_York" "New
    York time"; a name that is no place ("UTC", "UTC+02:00") stays as it is."""
    place = name.rsplit("/", 1)[-1].replace("_", " ")
    return f"{place} time" if "/" in name and place[:1].isalpha() else name


def clock_words(moment: datetime) -> str:
    """Which clock a walk's start is on, when it is not this computer's at that moment: " Shanghai time"
    (the zone's name kept with it, ``recording.time_zone``), else " where it was recorded" (only its offset
    is known); "" when this computer's clock reads the same then (or the time has no zone)."""
    offset = moment.utcoffset()
    if offset is None or local_time(moment).utcoffset() == offset:
        return ""
    name = getattr(moment.tzinfo, "key", None)
    return f" {zone_words(name)}" if isinstance(name, str) and name else " where it was recorded"


def walk_moment_words(walked_at: datetime, sent: datetime | None = None) -> str:
    """When a walk was, as its page is headed: its recording's start on the clock where it was recorded
    (``moment_words_there``), else when it was sent, on the clock here (``moment_words``). ``sent``: when it
    was sent; ``walked_at`` equal to it is the sent time itself (the file said no start). Without ``sent``
    (a deleted walk's note keeps only ``walked_at``) a time on UTC is taken as the sent time, which is how
    it is stored: a start the file gave on UTC itself reads on the clock here too (the only case the two
    cannot be told apart), and any other offset, or none, is the file's own clock."""
    if sent is not None:
        recorded = walked_at != sent
    else:
        recorded = walked_at.tzinfo is None or walked_at.utcoffset() != timedelta(0)
    return moment_words_there(walked_at) + clock_words(walked_at) if recorded else moment_words(walked_at)


def walked_on(recorded: datetime | None, sent: datetime) -> date:
    """A walk's day, the same on every page, chart and report: the day of its recording's start on the
    clock where it was recorded (the offset its file states, kept with the start; a file without a zone
    was read on the clock here when it was sent), so a walk at 23:30 in Paris is on that Paris day on a
    computer in New York too; a file that does not say when it was recorded: the day it was sent, here."""
    return recorded.date() if recorded is not None else local_time(sent).date()


__all__ = [
    "MONTHS",
    "clock_words",
    "day_words",
    "local_time",
    "moment_words",
    "moment_words_there",
    "walk_moment_words",
    "walked_on",
    "zone_words",
]
