"""The relief steps a diary day can record ("What I tried today"), and what seems to help.

**Which steps.** The advice items of the knowledge base that have ``diary_words`` (advice.yaml): things
a person can do on their own, such as a stretch, heat or shorter steps. Safety items (get help now, see
a clinician today, the warning signs) never have them; the loader refuses one that does. The list and
its plain names come from the knowledge data, in the plan's order, so the diary never keeps a code the
plan does not know.

**What seems to help** (``StepComparison``; pure, no clock). For each step, the diary's days are split
into the days the step was ticked and the other days, and the pain of each group is given as its
median ("in the middle": half the days had more pain, half less), to one decimal. A day with several
entries counts once, at the mean of its pains (as in every other diary summary:
``diary.trends.day_means``), and it counts as a day with the step when any of its entries ticks it.
Only days from the first one on which any step was ticked count: before that the diary could not
record steps, and an empty day then says nothing about what was done.

A step is compared only when it was ticked on at least ``MIN_DAYS`` days and not ticked on at least
``MIN_DAYS`` other days; otherwise nothing is said about it (with fewer days, one bad day decides the
middle). ``MIN_DAYS`` is a design choice of this module, not a published threshold. The words never
say that a step helped: a comparison of days cannot show it (other things change from day to day, and
people often try more on bad days), and they say so.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import fmean, median
from typing import Any, Protocol

from backstride.knowledge import KnowledgeBase, load_knowledge

MIN_DAYS = 3  # days with a step and days without it, each, before the diary compares them

CANNOT_SHOW = (
    "This cannot show that a step helped. Other things change from day to day too, and people often "
    "try more on bad days. Talk it over with your clinician before you change what you do."
)


@dataclass(frozen=True)
class DiaryStep:
    """A relief step a diary day can record: its advice code, its plain name (the plan's title) and
    what a person did, said after "you" ("did the knee-to-chest stretch")."""

    code: str
    name: str
    words: str


def diary_steps(kb: KnowledgeBase | None = None) -> dict[str, DiaryStep]:
    """The steps a diary day can record, code -> step, in the plan's order."""
    kb = kb if kb is not None else load_knowledge()
    items = sorted(
        (a for a in kb.advice.values() if a.diary_words is not None), key=lambda a: (a.order, a.code)
    )
    return {a.code: DiaryStep(a.code, a.title, a.diary_words or "") for a in items}


class TriedDay(Protocol):
    """Anything with a day, its pain and the steps tried (a table row or a ``DiaryEntryValues``)."""

    @property
    def entry_date(self) -> date: ...

    @property
    def pain_0_10(self) -> int: ...

    @property
    def tried(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class StepComparison:
    """Pain on the days a step was tried against the other days; ``because`` says which days counted."""

    code: str
    days_with: int
    days_without: int
    median_pain_with_0_10: float
    median_pain_without_0_10: float
    words: str
    because: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "days_with": self.days_with,
            "days_without": self.days_without,
            "median_pain_with_0_10": self.median_pain_with_0_10,
            "median_pain_without_0_10": self.median_pain_without_0_10,
            "words": self.words,
            "caveat": CANNOT_SHOW,  # goes with the words wherever they are shown
            "because": list(self.because),
        }


def _pain(value: float) -> str:
    return f"{value:g}"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def what_seems_to_help(
    entries: Iterable[TriedDay],
    steps: Mapping[str, DiaryStep] | None = None,
    *,
    min_days: int = MIN_DAYS,
) -> list[StepComparison]:
    """One comparison per step tried on at least ``min_days`` days and not on at least ``min_days``
    other days, in the plan's order; [] when no step has enough days (then nothing is said)."""
    steps = steps if steps is not None else diary_steps()
    pains: dict[date, list[int]] = {}
    tried: dict[date, set[str]] = {}
    for entry in entries:
        pains.setdefault(entry.entry_date, []).append(entry.pain_0_10)
        tried.setdefault(entry.entry_date, set()).update(entry.tried)
    noted = [day for day in sorted(pains) if tried[day]]
    if not noted:
        return []
    first = noted[0]
    days = [day for day in sorted(pains) if day >= first]
    day_pain = {day: fmean(pains[day]) for day in days}
    out = []
    for step in steps.values():
        with_step = [day_pain[d] for d in days if step.code in tried[d]]
        without = [day_pain[d] for d in days if step.code not in tried[d]]
        if len(with_step) < min_days or len(without) < min_days:
            continue
        # one decimal: a day's mean of three entries is a third (2.666...), said as 2.7
        middle_with, middle_without = round(median(with_step), 1), round(median(without), 1)
        words = (
            f"On the {_days(len(with_step))} you {step.words}, your pain was {_pain(middle_with)} in the "
            f"middle; on the {len(without)} other days, {_pain(middle_without)}."
        )
        because = (
            f"days counted: {len(days)}, from {first.isoformat()} (the first day a step was ticked)",
            f"{step.code}: ticked on {len(with_step)} days, median pain {_pain(middle_with)}",
            f"{step.code}: not ticked on {len(without)} days, median pain {_pain(middle_without)}",
            f"each group has at least {min_days} days (MIN_DAYS)",
        )
        out.append(
            StepComparison(
                step.code, len(with_step), len(without), middle_with, middle_without, words, because
            )
        )
    return out


def check_tried(tried: Any, known: Collection[str]) -> tuple[str, ...]:
    """The steps of a day: a list of step codes from ``known`` (None is none), each once, in the
    order of ``known``; raises ``ValueError`` naming an unknown code and what was expected."""
    if tried is None:
        return ()
    if isinstance(tried, str) or not isinstance(tried, list | tuple):
        raise ValueError(f"tried must be a list of step codes, got {tried!r}")
    for code in tried:
        if not isinstance(code, str) or code not in known:
            raise ValueError(
                f"tried: {code!r} is not a step the diary knows; expected some of {', '.join(known)}"
            )
    chosen = set(tried)
    return tuple(code for code in known if code in chosen)


__all__ = [
    "CANNOT_SHOW",
    "MIN_DAYS",
    "DiaryStep",
    "StepComparison",
    "TriedDay",
    "check_tried",
    "diary_steps",
    "what_seems_to_help",
]
