"""Diary trends for the progress charts (pure; the clock comes in as ``as_of``).

``weekly_means`` gives one row per calendar week (Monday start) with the mean pain and the mean
minutes walked before symptoms. ``pain_trend`` and ``walking_tolerance_trend`` compare the first and
the last week of a window. A change in pain counts as important at 2 points or 30% of the starting
value, the consensus thresholds for the 0-10 pain scale [E5]. No such threshold is published for
walking tolerance; we use the same 30% relative change as a plain, stated design choice, and say so.

**A day counts once.** A diary entry has a day, not a time, and a person may write two on one day (a
morning and an evening, or a second thought). ``day_means`` makes each day one value: the mean of its
pains and the mean of the minutes given that day (an entry without minutes adds none). Weekly means and
trends are means of days, so a day written twice never weighs double; ``WeekSummary.n_entries`` still
counts every entry. The charts draw a day at the same mean (``web.charts``); every entry stays stored,
listed and exported as written. ``diary.steps`` counts a day once too, at the mean of its pains.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from statistics import fmean
from typing import Any, Literal, Protocol

from backstride.core.dates import day_words

Direction = Literal["improving", "stable", "worsening", "not_enough_data"]

PAIN_IMPORTANT_CHANGE_POINTS = 2.0  # [E5] minimal important change on the 0-10 pain scale
IMPORTANT_RELATIVE_CHANGE = 0.30  # [E5] 30% from baseline; reused for walking tolerance (design choice)
DEFAULT_WINDOW_DAYS = 28
COMPARE_DAYS = 7
# Means of whole numbers in floats: 8.67 - 6.67 comes out as 1.9999999999999991, so a change of
# exactly the threshold is compared with this much slack (far below anything a diary can show).
FLOAT_SLACK = 1e-9
# said after every walking trend: the 30% is the pain scale's, taken over as a design choice
WALKING_CHANGE_NOTE = (
    "No study says how big a change in walking time matters; backstride uses 30%, as for pain [E5]."
)


def reaches(value: float, threshold: float) -> bool:
    """Whether ``value`` reaches ``threshold``, counting a float's rounding as reaching it."""
    return value >= threshold - FLOAT_SLACK


class DiaryPoint(Protocol):
    """Anything with the three diary numbers (a table row or a ``DiaryEntryValues``)."""

    @property
    def entry_date(self) -> date: ...

    @property
    def pain_0_10(self) -> int: ...

    @property
    def walking_tolerance_min(self) -> float | None: ...


@dataclass(frozen=True)
class DayMean:
    """One diary day: the mean of its entries' pains and of the minutes given (None: none given)."""

    entry_date: date
    pain_0_10: float
    walking_tolerance_min: float | None
    n_entries: int


def day_means(entries: Iterable[DiaryPoint]) -> list[DayMean]:
    """One value per day (see the module's docstring), oldest first."""
    pains: dict[date, list[float]] = {}
    walks: dict[date, list[float]] = {}
    for entry in entries:
        pains.setdefault(entry.entry_date, []).append(float(entry.pain_0_10))
        if entry.walking_tolerance_min is not None:
            walks.setdefault(entry.entry_date, []).append(float(entry.walking_tolerance_min))
    return [
        DayMean(day, fmean(pains[day]), fmean(walks[day]) if day in walks else None, len(pains[day]))
        for day in sorted(pains)
    ]


@dataclass(frozen=True)
class WeekSummary:
    week_start: date
    n_entries: int
    pain_mean_0_10: float | None
    walking_tolerance_mean_min: float | None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["week_start"] = self.week_start.isoformat()
        return out


@dataclass(frozen=True)
class Trend:
    """The change between the first and last week of a window, and what it means in words."""

    measure: str
    direction: Direction
    start_mean: float | None
    end_mean: float | None
    change: float | None
    window_start: date
    window_end: date
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["window_start"] = self.window_start.isoformat()
        out["window_end"] = self.window_end.isoformat()
        return out


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_means(entries: Iterable[DiaryPoint], *, as_of: date, weeks: int = 12) -> list[WeekSummary]:
    """One row per week for the ``weeks`` weeks ending with the week of ``as_of``, oldest first: the
    means of its days (a day written twice counts once) and how many entries it has."""
    last_monday = _monday(as_of)
    first_monday = last_monday - timedelta(weeks=weeks - 1)
    pains: dict[date, list[float]] = {}
    walks: dict[date, list[float]] = {}
    counts: dict[date, int] = {}
    for entry in day_means(entries):
        week = _monday(entry.entry_date)
        if not first_monday <= week <= last_monday:
            continue
        counts[week] = counts.get(week, 0) + entry.n_entries
        pains.setdefault(week, []).append(entry.pain_0_10)
        if entry.walking_tolerance_min is not None:
            walks.setdefault(week, []).append(float(entry.walking_tolerance_min))
    rows = []
    for i in range(weeks):
        week = first_monday + timedelta(weeks=i)
        rows.append(
            WeekSummary(
                week_start=week,
                n_entries=counts.get(week, 0),
                pain_mean_0_10=round(fmean(pains[week]), 2) if week in pains else None,
                # to the second or so, as the pages say it ("56 s"): 0.9 min read 54 s for a 56 s walk
                walking_tolerance_mean_min=round(fmean(walks[week]), 2) if week in walks else None,
            )
        )
    return rows


def _window_means(
    values: list[tuple[date, float]], window_start: date, window_end: date
) -> tuple[float | None, float | None]:
    first = [v for d, v in values if window_start <= d < window_start + timedelta(days=COMPARE_DAYS)]
    last = [v for d, v in values if window_end - timedelta(days=COMPARE_DAYS) < d <= window_end]
    return (fmean(first) if first else None, fmean(last) if last else None)


def _not_enough(measure: str, window: tuple[date, date], words: str) -> Trend:
    return Trend(measure, "not_enough_data", None, None, None, window[0], window[1], words)


def _short_day(d: date) -> str:
    return day_words(d, year=False)


def _span(a: date, b: date) -> str:
    """``31 Oct to 6 Nov``, ``21 to 27 Nov``: days from ``a`` to ``b``."""
    same_month = (a.month, a.year) == (b.month, b.year)
    return f"{a.day if same_month else _short_day(a)} to {_short_day(b)}"


def compared_weeks_words(start: date, as_of: date) -> str:
    """The two weeks a trend compares, by their days ("31 Oct to 6 Nov and 21 to 27 Nov"): "the
    first and the last week" did not say which weeks (a diary begun on 12 Nov read it as its own)."""
    first_end = start + timedelta(days=COMPARE_DAYS - 1)
    last_start = as_of - timedelta(days=COMPARE_DAYS - 1)
    return f"{_span(start, first_end)} and {_span(last_start, as_of)}"


def _not_enough_words(
    keep: str, began: str, days: Iterable[date], start: date, as_of: date, window_days: int
) -> str:
    """Why a trend cannot show yet, naming only weeks the person can still write in. ``keep``: what to
    keep doing ("Keep writing your diary"); ``began``: how the first day is said ("Your diary began").

    A diary begun after the first week compared (or not begun) was told it needed entries from that
    week, before it began ("we need entries from 31 Oct to 6 Nov" to a diary begun on 20 Nov), a demand
    it could never meet (new-user test): it is told the week it needs from its first day on, and when a
    trend can first show (the first week compared then holds its first day)."""
    first_day = min(days, default=None)
    wait_days = window_days - COMPARE_DAYS
    if first_day is None:
        weeks = f"{wait_days // 7} weeks" if wait_days % 7 == 0 else f"{wait_days} days"
        return f"{keep}: a trend can show {weeks} after the first day you write it down."
    if first_day < start + timedelta(days=COMPARE_DAYS):  # the first week compared has it: both weeks
        return f"{keep}: to see a trend we need entries from the first and the last week " + (
            f"({compared_weeks_words(start, as_of)})."
        )
    from_day = first_day + timedelta(days=wait_days)  # the last week then: from the first entry on
    last_week = _span(from_day - timedelta(days=COMPARE_DAYS - 1), from_day)
    # said plainly (review 2026-11-28: "to see a trend we need entries from 13 to 19 Dec too. Your diary
    # began on 20 Nov, ..."): what to do and when, the same weeks; ``began`` is no longer said
    del began
    return f"{keep}: add a day from {last_week}, and a trend can show from {_short_day(from_day)}."


def pain_trend(
    entries: Iterable[DiaryPoint], *, as_of: date, window_days: int = DEFAULT_WINDOW_DAYS
) -> Trend:
    """Pain now (last 7 days) against pain at the start of the window (first 7 days); each day once."""
    start = as_of - timedelta(days=window_days - 1)
    days = [e for e in day_means(entries) if e.entry_date <= as_of]
    values = [(e.entry_date, e.pain_0_10) for e in days if start <= e.entry_date]
    first, last = _window_means(values, start, as_of)
    if first is None or last is None:
        return _not_enough(
            "pain_0_10",
            (start, as_of),
            _not_enough_words(
                "Keep writing your diary",
                "Your diary began",
                (e.entry_date for e in days),
                start,
                as_of,
                window_days,
            ),
        )
    change = last - first
    important = reaches(abs(change), PAIN_IMPORTANT_CHANGE_POINTS) or (
        first > 0 and reaches(abs(change) / first, IMPORTANT_RELATIVE_CHANGE)
    )
    direction: Direction = (
        "stable"
        if not important or abs(change) < FLOAT_SLACK
        else ("improving" if change < 0 else "worsening")
    )
    words = {
        "improving": "Your pain has gone down by an amount that matters (2 points or 30%) [E5].",
        "worsening": "Your pain has gone up by an amount that matters (2 points or 30%) [E5].",
        "stable": "Your pain has not changed by an amount that matters (2 points or 30%) [E5].",
    }[direction]
    return Trend(
        "pain_0_10", direction, round(first, 2), round(last, 2), round(change, 2), start, as_of, words
    )


def walking_tolerance_trend(
    entries: Iterable[DiaryPoint], *, as_of: date, window_days: int = DEFAULT_WINDOW_DAYS
) -> Trend:
    """Minutes walked before symptoms now (last 7 days) against the start of the window; each day once."""
    start = as_of - timedelta(days=window_days - 1)
    days = [e for e in day_means(entries) if e.walking_tolerance_min is not None and e.entry_date <= as_of]
    values = [
        (e.entry_date, e.walking_tolerance_min)
        for e in days
        if e.walking_tolerance_min is not None and start <= e.entry_date
    ]
    first, last = _window_means(values, start, as_of)
    if first is None or last is None:
        return _not_enough(
            "walking_tolerance_min",
            (start, as_of),
            _not_enough_words(
                "Keep noting how long you walk before symptoms",
                "You first noted it",
                (e.entry_date for e in days),
                start,
                as_of,
                window_days,
            ),
        )
    change = last - first
    if first == 0:
        important = change > 0
    else:
        important = reaches(abs(change) / first, IMPORTANT_RELATIVE_CHANGE)
    direction: Direction = (
        "stable"
        if not important or abs(change) < FLOAT_SLACK
        else ("improving" if change > 0 else "worsening")
    )
    words = (
        {
            "improving": "You can walk longer before symptoms start (a change of 30% or more).",
            "worsening": "You can walk less long before symptoms start (a change of 30% or more).",
            "stable": "How long you can walk before symptoms has changed by less than 30%.",
        }[direction]
        + " "
        + WALKING_CHANGE_NOTE
    )
    return Trend(
        "walking_tolerance_min",
        direction,
        round(first, 1),
        round(last, 1),
        round(change, 1),
        start,
        as_of,
        words,
    )


__all__ = [
    "WALKING_CHANGE_NOTE",
    "DayMean",
    "DiaryPoint",
    "Trend",
    "WeekSummary",
    "pain_trend",
    "day_means",
    "reaches",
    "walking_tolerance_trend",
    "weekly_means",
]
