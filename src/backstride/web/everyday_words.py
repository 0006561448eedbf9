"""What each everyday-walking measure means, said once for the /everyday page and the clinician report.

Each measure (a stored column of ``services.everyday.EverydayDayView``) has a name, how its numbers
are shown, and its meaning as short sentences, each with the EVIDENCE.md source keys behind it. The
page says a sentence's sources as "(source: D1)"; the report, which lists every key it cites at its
end, as "[D1]" (``web.report.cited_keys`` reads them there). Neither has its own copy of the words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from backstride.services.wording import number


@dataclass(frozen=True)
class Said:
    """One sentence (without its full stop) and the source keys behind it."""

    text: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class EverydayMeasure:
    """A measure: ``key`` (its stored column), ``term`` (as the page's list of meanings names it),
    ``name`` and ``unit`` (as a table names it), ``digits`` shown, and ``percent``: a share stored
    from 0 to 1 and shown as a percentage."""

    key: str
    term: str
    name: str
    unit: str
    digits: int
    meaning: tuple[Said, ...]
    percent: bool = False

    def shown(self, value: float | None) -> str:
        """``5,120`` steps, ``1.12`` m/s, ``4.5`` (%): a number as the page and the report show it."""
        if value is None:
            return number(None)
        if self.percent:
            return number(value * 100, self.digits)
        if self.digits == 0:
            return f"{round(value):,}"
        return number(value, self.digits)


# How far someone can walk in a test is capacity; how much they walk on a normal day is performance.
DAILY_WALKING_VS_TEST = Said(
    "How far someone can walk in a test and how much they walk on a normal day are not the same "
    "thing. In people with a narrow spinal canal, the longest walk of each day matched the walking "
    "test better than the day's total steps did",
    ("D7",),
)

MEASURES: tuple[EverydayMeasure, ...] = (
    EverydayMeasure(
        "steps",
        "Steps and distance",
        "Steps per day",
        "",
        0,
        (
            Said("How many steps were taken that day, and how far they went"),
            Said(
                "If an iPhone and an Apple Watch both counted, the one that counted more is kept, "
                "so no step is counted twice"
            ),
        ),
    ),
    EverydayMeasure(
        "walking_speed_mps",
        "Walking speed",
        "Walking speed",
        "m/s",
        2,
        (
            Said("How fast someone walks, in metres per second"),
            Said("Healthy adults walk at about 0.9 to 1.4 metres per second, slower with age", ("D1",)),
            Said("Back pain and a narrow spinal canal often slow people down", ("D6",)),
        ),
    ),
    EverydayMeasure(
        "step_length_m",
        "Step length",
        "Step length",
        "m",
        2,
        (
            Said("How far one foot lands ahead of the other, in metres"),
            Said("It is often shorter when walking hurts", ("D6",)),
        ),
    ),
    EverydayMeasure(
        "asymmetry_fraction",
        "Asymmetry",
        "Asymmetry",
        "%",
        1,
        (
            Said("How often one step takes longer than the next, as a percentage of steps"),
            Said("People with a narrow spinal canal often walk less evenly", ("D6",)),
        ),
        percent=True,
    ),
    EverydayMeasure(
        "double_support_fraction",
        "Double support",
        "Double support",
        "%",
        1,
        (
            Said("How much of each step is spent with both feet on the ground, as a percentage"),
            Said("It goes up when walking is hard, for example with a slipped disc", ("D6",)),
        ),
        percent=True,
    ),
    EverydayMeasure(
        "six_minute_walk_m",
        "Six-minute walk estimate",
        "Six-minute walk estimate",
        "m",
        0,
        (
            Said(
                "How far the phone thinks someone could walk in six minutes, worked out from everyday walking"
            ),
            Said("It is an estimate, not a test that was done"),
        ),
    ),
)
BY_KEY = {m.key: m for m in MEASURES}


def _sentences(said: Iterable[Said], cite: str) -> str:
    return " ".join(s.text + (cite.format(", ".join(s.sources)) if s.sources else "") + "." for s in said)


def on_page(said: Iterable[Said]) -> str:
    """Sentences as the /everyday page says them: "... slower with age (source: D1)."."""
    return _sentences(said, " (source: {})")


def in_report(said: Iterable[Said]) -> str:
    """Sentences as the report says them: "... slower with age [D1]."."""
    return _sentences(said, " [{}]")


__all__ = ["BY_KEY", "DAILY_WALKING_VS_TEST", "MEASURES", "EverydayMeasure", "Said", "in_report", "on_page"]
