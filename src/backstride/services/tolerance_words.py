"""Walking tolerance in words: one wording for the terminal (``gait analyze``) and the walk page.

The gait engine keeps a time to the first symptom or to the stop even when it cannot be a walking
time, and flags why (docs/gait.md, quality flags): it came before the walking began
(``first_symptom_before_walking``, its time then reads 0), the sensor recorded nothing for part of it
(``time_without_samples_before_first_symptom``), or the recording holds no walking at all
(``no_walking_found``). A time at the first step itself (0 s of walking, not flagged: results stored before
this rule have it too) is no walking time either, and is said as ``at the first step``, not ``after 0 s``.
The terminal, the walk page and the report say these the same way, from here.

Which time is the walking tolerance (the finding ``walking_tolerance_min``, [D7]) is chosen here too
(``tolerance_event``): the stop's, when it is a walking time. The contract (findings.yaml) defines the
finding as "Minutes of walking before symptoms force a stop or slow-down", and its rules and likelihood
ratios are built on that moment. A walk times two moments [D7]: the first symptom (``--symptom-at``,
"before the pain starts") and the forced stop (``--stop-at``, "before the pain makes you stop"). The first
symptom comes before the stop, so on its own it is only a lower bound: a first symptom after 2 minutes
says nothing about whether the person must stop within 10. A check therefore takes no walking time from a
walk with a first symptom and no stop, and the words say the stop is needed (``stop_needed``); the time
to the first symptom is still shown, as the time before the pain starts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from backstride.gait.factors import NO_WALKING_FOUND, WITHOUT_SAMPLES_BEFORE
from backstride.services.wording import answer_words, distance_words, duration_words, minutes_words

EVENTS = ("first_symptom", "stop")  # the result's keys: time_to_<event>_s, distance_to_<event>_m
BEFORE_WALKING = "before the walking began"
AT_FIRST_STEP = "at the first step"  # a time of 0 s of walking: there was no walking before it
NOTHING_RECORDED = "the sensor recorded nothing for part of that time, so it is not a walking time"
NO_WALKING = "no walking was found, so the time to the first symptom and to the stop cannot be measured"
COUNTED_TO_STOP = "so how long you could walk is counted until you had to stop"
STOP_NEEDED = "the time you had to stop is needed to measure how long you could walk"
# which moment each time is, in the words the check's question uses for its own (questions.yaml)
MOMENT_WORDS = {
    "first_symptom": "before the pain starts",
    "stop": "before the pain makes you stop or slow down",
}


def _flags(tolerance: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(q) for q in tolerance.get("quality") or ())


def before_walking(tolerance: Mapping[str, Any], event: str) -> bool:
    """The time of ``event`` (``first_symptom`` or ``stop``) lies before the first walking bout."""
    return f"{event}_before_walking" in _flags(tolerance)


def at_first_step(tolerance: Mapping[str, Any], event: str) -> bool:
    """The time of ``event`` is the first step itself: 0 s of walking, not flagged as before it. It gave
    'first symptom after 0 s' and, with no stop, no walking tolerance and no reason; it stays no walking
    tolerance (``tolerance_event``), so an older stored result does not become a tolerance of 0."""
    value = tolerance.get(f"time_to_{event}_s")
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return value <= 0 and not before_walking(tolerance, event) and not no_walking_found(tolerance)


def came(tolerance: Mapping[str, Any], event: str) -> str | None:
    """When ``event`` came, in words, when its time is not a walking time because no walking came before
    it: ``before the walking began`` or ``at the first step``; ``None`` otherwise."""
    if before_walking(tolerance, event):
        return BEFORE_WALKING
    return AT_FIRST_STEP if at_first_step(tolerance, event) else None


def event_time(tolerance: Mapping[str, Any], event: str, *, not_given: str = "not given") -> str:
    """The time to ``event`` in a list of walks (the report's): ``3 min 20 s``, ``at the first step``,
    ``before the walking began``, or ``not_given``."""
    seconds = tolerance.get(f"time_to_{event}_s")
    if seconds is None or isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return not_given
    return came(tolerance, event) or duration(seconds)


def nothing_recorded(tolerance: Mapping[str, Any], event: str) -> bool:
    """The sensor recorded nothing for part of the time from the first walk to ``event``."""
    return f"{WITHOUT_SAMPLES_BEFORE}{event}" in _flags(tolerance)


def no_walking_found(tolerance: Mapping[str, Any]) -> bool:
    """Times were given, but the recording holds no walking to count them from."""
    return NO_WALKING_FOUND in _flags(tolerance)


def walking_time(tolerance: Mapping[str, Any], event: str) -> float | None:
    """The time to ``event`` in seconds when it is a walking time (given, after the walking began, over
    0 s, no stretch without samples before it); ``None`` otherwise."""
    value = tolerance.get(f"time_to_{event}_s")
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if before_walking(tolerance, event) or nothing_recorded(tolerance, event) or value <= 0:
        return None
    return float(value)


def tolerance_event(tolerance: Mapping[str, Any]) -> str | None:
    """The event whose time is the walking tolerance, the contract's ``walking_tolerance_min`` ("before
    symptoms force a stop or slow-down") [D7]: ``stop`` when the stop has a walking time, else ``None``.
    A first symptom alone is not it: it comes before the stop, so it is only a lower bound (it was used
    until 2026-11-28, so a symptom at 30 s made 'walking only 10 minutes or less' true)."""
    return "stop" if walking_time(tolerance, "stop") is not None else None


def counted_to_stop(tolerance: Mapping[str, Any]) -> bool:
    """The first symptom came before the walking began (or at its first step), and the time to the stop is
    the walking tolerance: said beside the symptom, so that nobody reads the tolerance as missing or as 0."""
    return came(tolerance, "first_symptom") is not None and tolerance_event(tolerance) == "stop"


def stop_needed(tolerance: Mapping[str, Any]) -> bool:
    """A first symptom was given and no stop with a walking time: nothing measures how long the person
    could walk before the pain made them stop (the first symptom is only the time before the pain
    starts), and the words ask for the stop."""
    return (
        tolerance.get("time_to_first_symptom_s") is not None
        and tolerance_event(tolerance) is None
        and not no_walking_found(tolerance)
    )


def said_flags() -> tuple[str, ...]:
    """The flags these words say (so a list of flag hints need not say them again)."""
    return (
        NO_WALKING_FOUND,
        *(f"{event}_before_walking" for event in EVENTS),
        *(f"{WITHOUT_SAMPLES_BEFORE}{event}" for event in EVENTS),
    )


def duration(seconds: float) -> str:
    """A walking tolerance time (to the first symptom, to the stop, the longest walk), as the terminal, the
    walk page and the report say it (``services.wording.duration_words``: '1 h 23 min', '59 s'). The walk
    page said '1 h 23 min 20 s' and '59.4 s' where the terminal said '1 h 23 min' and '59 s'. A time
    just after the first step that rounds to nothing reads 'less than 0.1 s', not '0 s' (review R5)."""
    return duration_words(seconds, digits=1)


PAUSE_SHOWN_S = 1.0  # a time with at least this much standing or pausing in it says its walking part


def walking_part(tolerance: Mapping[str, Any], event: str) -> str:
    """How much of the time to ``event`` was walking, when pauses or standing took part of it
    ('21 s of it walking, the rest standing or pausing'); empty when it was all walking, not known, or
    the sensor recorded nothing for part of it (``nothing_recorded`` says that instead).
    The time is counted from the first step, as on a watch [D7]; the walking in it is its own figure."""
    seconds, walked = tolerance.get(f"time_to_{event}_s"), tolerance.get(f"walking_s_to_{event}")
    if not isinstance(seconds, int | float) or not isinstance(walked, int | float):
        return ""
    if nothing_recorded(tolerance, event):  # not standing: nobody knows what the person did then
        return ""
    if isinstance(seconds, bool) or isinstance(walked, bool) or not math.isfinite(seconds - walked):
        return ""
    if walked < 0 or seconds - walked < PAUSE_SHOWN_S:  # not less than nothing, nor more than the time
        return ""
    return (
        f"counted from the first step: {duration(float(walked))} of it walking, the rest standing or pausing"
    )


WALK_TIME_FINDING = "walking_tolerance_min"  # the walking time a walk gives a check (gait_findings)


def walk_finding_words(code: str, value: Any, finding: Any = None) -> str:
    """A finding a walk gave a check (where the person's answer was not given), as the walk page says it:
    its walking time as a time measured ('1.9 s', '4 min': ``minutes_words`` with tenths of a second),
    never '0 minutes' for 2 seconds; else as an answer."""
    if code == WALK_TIME_FINDING and isinstance(value, int | float) and not isinstance(value, bool):
        return minutes_words(value, digits=1)
    return answer_words(value, finding)


def walk_findings_said(
    findings: Mapping[str, Any], result: Mapping[str, Any], definitions: Mapping[str, Any]
) -> dict[str, str]:
    """Each finding a walk gave a check (``findings``, not None), as the walk's page says it
    (``walk_finding_words``); its walking time from the time in its ``result`` the finding was worked
    out from, as that page says it: the finding keeps hundredths of a minute, so 1.9 s read '1.8 s'."""
    said = {
        code: walk_finding_words(code, v, definitions.get(code))
        for code, v in findings.items()
        if v is not None
    }
    tolerance = result.get("walking_tolerance") or {}
    event = tolerance_event(tolerance)
    if WALK_TIME_FINDING in said and event is not None:
        said[WALK_TIME_FINDING] = duration(float(tolerance[f"time_to_{event}_s"]))
    return said


def distance(metres: float | None) -> str:
    """A walking tolerance distance ('about 350 m', 'about 1.2 km'); empty when not known."""
    return distance_words(metres)


def sentence(words: str) -> str:
    """``words`` as a sentence: a capital first letter and a full stop."""
    return words[:1].upper() + words[1:] + ("" if words.endswith(".") else ".")


__all__ = [
    "walk_finding_words",
    "walk_findings_said",
    "AT_FIRST_STEP",
    "BEFORE_WALKING",
    "COUNTED_TO_STOP",
    "STOP_NEEDED",
    "EVENTS",
    "NOTHING_RECORDED",
    "NO_WALKING",
    "at_first_step",
    "before_walking",
    "came",
    "counted_to_stop",
    "distance",
    "duration",
    "event_time",
    "no_walking_found",
    "nothing_recorded",
    "said_flags",
    "sentence",
    "stop_needed",
    "tolerance_event",
    "walking_time",
    "MOMENT_WORDS",
]
