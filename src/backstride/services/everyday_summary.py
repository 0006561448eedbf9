"""Everyday walking over a report's periods: the median of each measure and the days it rests on.

The report for a clinician (``web.report``) shows the person's everyday walking (days imported from
Apple Health, ``services.everyday``) over the same periods as its diary: the last four weeks (the
diary trend's window, ``diary.trends.DEFAULT_WINDOW_DAYS``), the four weeks before them, and all the
weeks the report covers. ``EverydaySummary(records).summarise(since=, until=)`` sets:

- ``periods_``: one ``Period`` each (its first and last day, how many days had a record, and per
  measure the median of the days that measured it, with how many days that is);
- ``devices_``: the devices or apps whose steps were kept (``counted_by``) on the days shown that
  have steps, with how many days each, most days first; ``sources_``: where the days came from
  (``apple_health``);
- ``n_days_``, ``first_day_``, ``last_day_``: every day the person has, in or out of the periods;
- ``speed_vs_norms_``: where the median walking speed of ``speed_period_`` (the last four weeks,
  else all the report's weeks; None without a speed there) lies against the healthy adult means by
  age and sex [D1] (``gait.constants``): ``below`` the slowest mean (women 80-99), ``within`` the
  range, or ``above`` the fastest (men 40-49). It uses no age or sex, though backstride may know
  them (a birth date and gender a clinic keeps to match its record, ``services.people``; the age
  and sex a check's answers give): the speed alone is set against the whole range, as the gait
  factor "slow walking" uses its lowest end, and as docs/sharing.md says.

The median, not the mean: a day the phone stayed on a table, or a day out hiking, moves it little.
Nothing is rounded here but by ``speed_and_norms_shown``: the speed and the means as the words should print
them, with digits enough that a speed below a mean never reads as the mean itself; the words are the report's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median
from typing import Literal

from backstride.diary.trends import DEFAULT_WINDOW_DAYS
from backstride.gait.constants import SPEED_NORM_HIGHEST_MPS, SPEED_NORM_LOWEST_MPS
from backstride.services.everyday import Everyday, EverydayDayView
from backstride.services.records import Records

PERIOD_DAYS = DEFAULT_WINDOW_DAYS  # the last four weeks, as the diary trend compares them
#: The measures a report gives, in its order (the stored columns of ``EverydayDayView``).
REPORTED = (
    "steps",
    "walking_speed_mps",
    "step_length_m",
    "asymmetry_fraction",
    "double_support_fraction",
    "six_minute_walk_m",
)
SpeedVsNorms = Literal["below", "within", "above"]


@dataclass(frozen=True)
class Median:
    """The median of one measure over a period, and how many days measured it (0: value None)."""

    value: float | None
    n_days: int


@dataclass(frozen=True)
class Period:
    """Some days, ``start`` to ``end`` (both included): how many had a record, and each measure's median."""

    key: str  # "recent", "before" or "all"
    start: date
    end: date
    n_days: int
    medians: dict[str, Median] = field(default_factory=dict)


def _period(key: str, days: list[EverydayDayView], start: date, end: date) -> Period:
    inside = [d for d in days if start <= d.day <= end]
    medians = {}
    for measure in REPORTED:
        values = [float(v) for d in inside if (v := getattr(d, measure)) is not None]
        medians[measure] = Median(median(values) if values else None, len(values))
    return Period(key, start, end, len({d.day for d in inside}), medians)


def speed_vs_norms(speed_mps: float | None) -> SpeedVsNorms | None:
    """Where a walking speed lies against the healthy adult means by age and sex [D1]."""
    if speed_mps is None:
        return None
    if speed_mps < SPEED_NORM_LOWEST_MPS:
        return "below"
    return "above" if speed_mps > SPEED_NORM_HIGHEST_MPS else "within"


def speed_and_norms_shown(speed_mps: float, digits: int = 2) -> tuple[str, str, str]:
    """The speed and the slowest and fastest means it is set against (``speed_vs_norms``), as a person reads
    them: ``digits`` decimals, or more where the speed lies below or above a mean yet would read as the same
    number (0.9425 m/s against the 0.943 m/s mean: "0.9425" and "0.9430", never "0.94 is slower than
    0.94"). Within the range the rounded numbers stay (0.944 m/s: "0.94", within "0.94 to 1.43")."""
    from backstride.gait.factors import shown, shown_apart

    speed, slowest, fastest = (
        shown(v, digits) for v in (speed_mps, SPEED_NORM_LOWEST_MPS, SPEED_NORM_HIGHEST_MPS)
    )
    where = speed_vs_norms(speed_mps)
    if where == "below":
        speed, slowest = shown_apart(speed_mps, SPEED_NORM_LOWEST_MPS, digits)
    elif where == "above":
        speed, fastest = shown_apart(speed_mps, SPEED_NORM_HIGHEST_MPS, digits)
    return speed, slowest, fastest


class EverydaySummary:
    """Everyday walking of one person's ``Records`` over a report's periods (see the module)."""

    def __init__(self, records: Records) -> None:
        self.records = records
        self.periods_: tuple[Period, ...] = ()
        self.devices_: tuple[tuple[str, int], ...] = ()
        self.sources_: tuple[str, ...] = ()
        self.n_days_ = 0
        self.first_day_: date | None = None
        self.last_day_: date | None = None
        self.speed_vs_norms_: SpeedVsNorms | None = None
        self.speed_period_: Period | None = None

    def summarise(self, *, since: date, until: date) -> EverydaySummary:
        """The periods of a report covering ``since`` to ``until`` (its first and last day)."""
        days = Everyday(self.records).list_days()
        self.n_days_ = len({d.day for d in days})
        self.first_day_ = days[0].day if days else None
        self.last_day_ = days[-1].day if days else None
        recent_start = until - timedelta(days=PERIOD_DAYS - 1)
        before_end = recent_start - timedelta(days=1)
        before_start = before_end - timedelta(days=PERIOD_DAYS - 1)
        self.periods_ = (
            _period("recent", days, recent_start, until),
            _period("before", days, before_start, before_end),
            _period("all", days, since, until),
        )
        start = min(since, before_start)
        shown = [d for d in days if start <= d.day <= until]
        counted = Counter(d.counted_by for d in shown if d.counted_by and d.steps is not None)
        self.devices_ = tuple(sorted(counted.items(), key=lambda item: (-item[1], item[0])))
        self.sources_ = tuple(sorted({d.source for d in shown}))
        compared = [p for p in self.periods_ if p.key != "before" and p.medians["walking_speed_mps"].n_days]
        self.speed_period_ = compared[0] if compared else None
        self.speed_vs_norms_ = speed_vs_norms(
            compared[0].medians["walking_speed_mps"].value if compared else None
        )
        return self


__all__ = [
    "PERIOD_DAYS",
    "REPORTED",
    "EverydaySummary",
    "Median",
    "Period",
    "speed_and_norms_shown",
    "speed_vs_norms",
]
