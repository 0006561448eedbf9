"""A self-paced walking test, timed by the person, kept as a diary day (pure; no clock, no storage).

The Self-Paced Walking Test (EVIDENCE.md D.5, [D7]): walk at your own pace on level ground until the
symptoms make you stop, or for 30 minutes; note when the symptoms began and how long you walked in
all. Test-retest agreement is high (ICC 0.98 for distance) and it measures walking better than a
treadmill or a questionnaire's walking item. The diary keeps "minutes walked before symptoms"
(``walking_tolerance_min``); the rest of the test (the whole time, why it ended) goes into the day's
notes in words, so every export, chart and report that reads the diary has it without a new table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from backstride.core.errors import InputError
from backstride.diary.entries import NOTES_MAX_CHARS

TEST_LIMIT_MIN = 30.0  # the test ends at 30 minutes [D7]
SOURCES = ("D7",)
StopReason = Literal["symptoms", "time_up", "other"]
STOP_REASONS: dict[str, str] = {
    "symptoms": "the symptoms made me stop",
    "time_up": "30 minutes were up",
    "other": "something else (tired, out of breath, time, weather)",
}


class WalkingTestFieldError(InputError):
    """A walking test's value that cannot be kept; ``field`` names it for the page."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _minutes(value: Any, field: str) -> float | None:
    """Minutes as a number from 0 to TEST_LIMIT_MIN (a little over, for a slow tap), or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise WalkingTestFieldError(field, f"{field} must be a number of minutes, got {value!r}")
    if not 0 <= value <= TEST_LIMIT_MIN + 1:
        raise WalkingTestFieldError(
            field,
            f"{field} must be from 0 to {TEST_LIMIT_MIN:g} minutes (the test stops at 30), got {value:g}",
        )
    return float(value)


def _said(minutes: float, *, exact: bool = False) -> str:
    """``6 min 20 s``: minutes as a person reads a stopwatch. ``exact``: to a hundredth of a second
    (``6 min 19.8 s``), for a refusal comparing two times, which whole seconds could say as one."""
    if not exact:
        seconds = round(minutes * 60)
        return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"
    whole, rest = divmod(round(minutes * 6000), 6000)
    seconds, hundredths = divmod(rest, 100)
    part = f".{hundredths:02d}".rstrip("0") if hundredths else ""
    return f"{whole} min {seconds:02d}{part} s" if whole else f"{seconds}{part} s"


@dataclass(frozen=True)
class WalkingTest:
    """One timed test: minutes to the first symptoms (None: none came), minutes walked in all, and why
    it ended. ``checked`` refuses a test that cannot have happened, naming the field."""

    total_min: float
    stopped_because: StopReason
    first_symptoms_min: float | None = None

    @classmethod
    def problems(
        cls, *, total_min: Any, stopped_because: Any, first_symptoms_min: Any = None
    ) -> list[WalkingTestFieldError]:
        """Every reason the test cannot be kept, one per field at most, in the form's order (empty: it
        can). A page shows them all at once; ``checked`` raises the first."""
        found: list[WalkingTestFieldError] = []

        def minutes(value: Any, field: str) -> float | None:
            try:
                return _minutes(value, field)
            except WalkingTestFieldError as exc:
                found.append(exc)
                return None

        total = minutes(total_min, "total_min")
        if total is None and not found:
            missing = "total_min is missing: how many minutes did you walk in all?"
            found.append(WalkingTestFieldError("total_min", missing))
        if (
            total == 0 and first_symptoms_min is None and not found
        ):  # "0 minutes before symptoms" would be wrong
            found.append(
                WalkingTestFieldError(
                    "total_min",
                    "total_min is 0 and no symptoms came, so nothing was measured; time the walk from its "
                    "start to when you stop",
                )
            )
        first = minutes(first_symptoms_min, "first_symptoms_min")
        if first is not None and total is not None and first > total:
            found.append(
                WalkingTestFieldError(
                    "first_symptoms_min",
                    f"first_symptoms_min ({_said(first, exact=True)}) is after the end of the walk "
                    f"({_said(total, exact=True)}); "
                    "the symptoms must start during the walk",
                )
            )
        if stopped_because not in STOP_REASONS:
            found.append(
                WalkingTestFieldError(
                    "stopped_because",
                    f"stopped_because must be one of {', '.join(STOP_REASONS)}, got {stopped_because!r}",
                )
            )
        elif total is not None and total <= TEST_LIMIT_MIN:  # over it is kept as "time up" (checked)
            if stopped_because == "time_up" and total < TEST_LIMIT_MIN:
                found.append(
                    WalkingTestFieldError(
                        "stopped_because",
                        "stopped_because is time_up (30 minutes were up) but the walk was "
                        f"{_said(total, exact=True)}; "
                        "choose symptoms or other",
                    )
                )
            if stopped_because == "symptoms" and first_symptoms_min is None:
                found.append(
                    WalkingTestFieldError(
                        "first_symptoms_min",
                        "first_symptoms_min is missing: the symptoms made you stop, so when did they start?",
                    )
                )
        return found

    @classmethod
    def checked(cls, *, total_min: Any, stopped_because: Any, first_symptoms_min: Any = None) -> WalkingTest:
        found = cls.problems(
            total_min=total_min, stopped_because=stopped_because, first_symptoms_min=first_symptoms_min
        )
        if found:
            raise found[0]
        total, first = float(total_min), None if first_symptoms_min is None else float(first_symptoms_min)
        if total > TEST_LIMIT_MIN:  # the test ends at 30 minutes: a slow tap after it is not walked
            total, stopped_because = TEST_LIMIT_MIN, "time_up"
            first = first if first is not None and first < TEST_LIMIT_MIN else None
        return cls(total_min=total, stopped_because=stopped_because, first_symptoms_min=first)

    @property
    def walking_tolerance_min(self) -> float | None:
        """The diary's "minutes walked before symptoms": when they began, else the whole walk when it
        ran its 30 minutes (the test found no limit below it [D7]). None for a walk stopped for
        something else before any symptom came: how long they would have taken is not known, and the
        time walked would read as a limit on the chart and in the trend (a false worsening)."""
        if self.first_symptoms_min is not None:
            return round(self.first_symptoms_min, 2)
        if self.stopped_because == "other":
            return None
        return round(self.total_min, 2)

    def note(self) -> str:
        """The test in words for the diary's notes, e.g. ``Walking test: symptoms began at 6 min 20 s;
        walked 9 min 05 s in all; stopped because the symptoms made me stop.``"""
        began = (
            f"symptoms began at {_said(self.first_symptoms_min)}"
            if self.first_symptoms_min is not None
            else "no symptoms came"
        )
        return (
            f"Walking test: {began}; walked {_said(self.total_min)} in all; "
            f"stopped because {STOP_REASONS[self.stopped_because]}."
        )

    def notes_with(self, typed: str) -> str:
        """The diary notes: the test's words, then what the person typed (never cut: too long is
        refused for ``notes``, so nothing typed is lost)."""
        note = self.note()
        _check_room(typed, note)
        return note if not typed.strip() else f"{note} {typed.strip()}"


def _check_room(typed: str, note: str) -> None:
    """Refuse (``WalkingTestFieldError`` for ``notes``) typed notes that do not fit beside ``note``, the
    test's words, and the space between them."""
    room = NOTES_MAX_CHARS - len(note) - 1
    if len(typed.strip()) > room:
        raise WalkingTestFieldError(
            "notes",
            f"notes are {len(typed.strip())} characters long; with the test's words, at most {room} fit",
        )


def check_notes_fit(typed: str) -> None:
    """Refuse, before the walk, notes that would not fit beside the words of any test (the longest:
    symptoms at 29 min 59 s, stopped for something else); a ``WalkingTestFieldError`` for ``notes``."""
    _check_room(typed, WalkingTest(TEST_LIMIT_MIN, "other", TEST_LIMIT_MIN - 1 / 60).note())


__all__ = [
    "SOURCES",
    "STOP_REASONS",
    "TEST_LIMIT_MIN",
    "WalkingTest",
    "WalkingTestFieldError",
    "check_notes_fit",
]
