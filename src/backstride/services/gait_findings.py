"""Gait result -> assessment findings and relief-plan gait factor codes (a pure function).

``gait_to_inputs(result)`` turns a gait analysis (a :class:`~backstride.gait.result.GaitResult` or its
``to_dict()``) into

* findings of the contract vocabulary (../shared/spec/findings.yaml):
  ``walking_tolerance_min`` (the contract's "minutes of walking before symptoms force a stop or
  slow-down": the time to the forced stop the person marked [D7]; never the time to the first symptom
  alone, which comes before the stop and is only a lower bound of it; never the longest bout alone,
  which only says how long the person happened to walk: a 10-second walk across a room is not a
  tolerance of 10 seconds, and
  would wrongly trip the "10 minutes or less" rule) and
  ``long_strides`` (true when the article's over-striding factor is present: long steps relative to
  height *and* a hard landing; false when it was measured and absent);
* the gait factor codes the relief plan consumes, exactly: ``over_striding``,
  ``limited_pelvic_rotation``, ``uneven_steps``, ``forward_trunk_lean``, ``slow_speed`` (only those
  measured as present).

A finding that the recording cannot support is left out (absent means unknown, never "no").

``walk_not_usable(result)`` says whether a walk can speak for the person's walking at all, so that a
check may use it (``services.records.choose_walk``: a check uses the walk done last that can): ``None``
when it can, else the reason, one of ``WALK_NOT_USABLE`` (plain words for each). The rule, a design
choice read from the stored gait result: the sensor was worn at the lower back (no finding flagged
``not_worn_at_lower_back``), at least one walking bout has ``USABLE_BOUT_MIN_STEPS`` steps or more, the
gait engine could tell the walking direction (no ``too_little_walking`` in ``alignment.quality``; with
such a bout that is ``no_direction``: "too little walking" was said of 8 steps or more), and one of those
bouts has cadence, stride length and speed that carry none of the flags that make them unreliable
(``too_short``, ``too_noisy``, ``too_slow``: the flags a factor built on those means would carry). A
recording with no walking, or a few steps across a room (3 seconds, 6 steps: "0.47 m/s, slower than
usual"), cannot.

A result read from JSON (``assess --gait``, a restored backup) is checked first: a missing part, a part of
the wrong type, a factor given twice, or a result made by a newer backstride (``parameters.algorithm_version``
above ``gait.result.ALGORITHM_VERSION``) is an ``InputError`` naming it. A factor code other than the five
is left out, as before.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from backstride.core.errors import InputError
from backstride.gait.factors import SHOWN_DIGITS, degrees_words, shown, stored_not_at_lower_back
from backstride.gait.result import ALGORITHM_NAME, ALGORITHM_VERSION, GaitResult
from backstride.gait.time_axis import time_words
from backstride.services.tolerance_words import tolerance_event

GAIT_FACTOR_CODES = (
    "over_striding",
    "limited_pelvic_rotation",
    "uneven_steps",
    "forward_trunk_lean",
    "slow_speed",
)
# the values a gait factor can take at all (its unit as the gait engine gives it, gait.factors): a value
# outside is no measure of a walk (a hand-edited file) and is refused, never quoted in the plan's reason.
# Wide on purpose: a stored walk the engine made (a backup being restored) must never be refused
FACTOR_VALUE_RANGES: dict[str, tuple[float, float, str]] = {
    "over_striding": (0.0, 5.0, "step length / body height"),
    "limited_pelvic_rotation": (0.0, 360.0, "deg"),
    "uneven_steps": (0.0, math.inf, "%"),
    "forward_trunk_lean": (-180.0, 180.0, "deg"),
    "slow_speed": (0.0, 20.0, "m/s"),
}
WALKING_TOLERANCE_MAX_MIN = 600.0  # the finding's range in findings.yaml
WALKING_TOLERANCE = "walking_tolerance_min"  # the finding a walk gives a check (findings.yaml)
# design: a walk speaks for how a person walks only with a bout of this many steps: about 5 m at an
# adult's step of ~0.65 m, the shortest walk over which a lower-back step detector was checked [D5b]
# (the lab's 5-m straight walks give 8 to 12 steps here)
USABLE_BOUT_MIN_STEPS = 8
# a bout measure with one of these flags is not trusted (docs/gait.md, "Quality flags")
UNRELIABLE_FLAGS = frozenset({"too_short", "too_noisy", "too_slow"})
BOUT_MEASURES = ("cadence_spm", "stride_length_m", "walking_speed_mps")
# why a walk cannot speak for the person's walking, in words that follow "it" ("... is not used: it ...")
WALK_NOT_USABLE = {
    "not_at_lower_back": "was not worn at the lower back",
    "no_walking": "has no walking in it that we could find",
    "too_little_walking": f"has too little walking (fewer than {USABLE_BOUT_MIN_STEPS} steps in a row)",
    "no_direction": "did not let us tell which way the walking went",
    "unsteady": "has no stretch of walking steady enough to measure well (the steps were very uneven "
    "or very slow)",
}


def gait_to_inputs(result: dict[str, Any] | GaitResult) -> tuple[dict[str, object], list[str]]:
    """Findings (code -> value) and the present gait factor codes, from one gait result."""
    data = result.to_dict() if isinstance(result, GaitResult) else _checked(result)
    findings: dict[str, object] = {}

    minutes = walking_tolerance_min(data.get("walking_tolerance") or {})
    if minutes is not None:
        findings[WALKING_TOLERANCE] = minutes

    factors = {f.get("code"): f for f in data.get("gait_factors") or [] if isinstance(f, dict)}
    over = factors.get("over_striding")
    if over is not None and over.get("present") is not None:
        findings["long_strides"] = bool(over["present"])

    codes = [c for c in GAIT_FACTOR_CODES if factors.get(c, {}).get("present") is True]
    return findings, codes


def walking_tolerance_min(tolerance: Mapping[str, Any]) -> float | None:
    """The finding ``walking_tolerance_min`` of a result's ``walking_tolerance``: the forced stop's walking
    time in minutes (the contract's moment), never the first symptom's; None when the stop has no walking
    time (not given, before the walking began, across a stretch without samples: services.tolerance_words,
    which the words say too)."""
    event = tolerance_event(tolerance)
    if event is None:
        return None
    seconds = float(tolerance[f"time_to_{event}_s"])
    return round(min(seconds / 60.0, WALKING_TOLERANCE_MAX_MIN), 2)


def findings_now(findings: Mapping[str, Any] | None, result: Mapping[str, Any] | None) -> dict[str, Any]:
    """A stored walk's ``findings`` as a check takes them today, from its stored ``result``.

    A walk keeps the findings worked out when it was sent, and walks sent before 2026-11-28 took
    ``walking_tolerance_min`` from the first symptom when no stop was given, or even when one was (a
    symptom at 30 s of a walk stopped at 20 min gave 0.5). Its stored result still holds both times, so
    the walking time is worked out again from it by today's rule (``walking_tolerance_min``: the stop's,
    else none) on every read: the checks, the walk page, the exports and the diary's chart all take it
    from here. Read, not rewritten by a migration: a backup made before the change is restored with its
    old findings as they were, and is read the same way. The other findings (``long_strides``) follow the
    gait factors, which did not change, and are kept as stored. A result without a ``walking_tolerance``
    (not a gait result) leaves the findings as they are."""
    kept = dict(findings or {})
    tolerance = result.get("walking_tolerance") if isinstance(result, Mapping) else None
    if not isinstance(tolerance, Mapping):
        return kept
    minutes = walking_tolerance_min(tolerance)
    if kept.get(WALKING_TOLERANCE) == minutes and (minutes is not None or WALKING_TOLERANCE not in kept):
        return kept
    rest = {code: value for code, value in kept.items() if code != WALKING_TOLERANCE}
    return rest if minutes is None else {WALKING_TOLERANCE: minutes, **rest}  # gait_to_inputs' order


def answers_over_walk(answers: Mapping[str, Any], walk: Mapping[str, Any]) -> dict[str, Any]:
    """The findings a check with a walk is assessed on: what the person said wins, and the walk fills in
    what they did not know or were not asked. A "don't know" (``None``) the walk does not fill stays in,
    for the engine: it keeps out an answer another answer would imply (``assessment.read_answers``)."""
    out = {code: value for code, value in walk.items() if value is not None}
    out.update((code, value) for code, value in answers.items() if value is not None or code not in out)
    return out


def measured_words(factor: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """What the walk measured for ``factor`` (a gait factor of the result ``data``), in plain words with
    units, for the relief plan's reason ("You walked at 0.65 m/s."); None without a value. Long steps
    are said in metres and of the height (``value`` is step length over height; the height is the
    analysis's, "the height we assumed" when none was given), with the landing's jolt when measured."""
    value = factor.get("value")
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        return None
    code = factor.get("code")
    if code == "over_striding":
        parameters = data.get("parameters") if isinstance(data.get("parameters"), Mapping) else {}
        summary = data.get("summary") if isinstance(data.get("summary"), Mapping) else {}
        height_cm = (parameters or {}).get("height_cm")
        ratio = shown(value, SHOWN_DIGITS["step_length_per_height"])
        of = "of the height we assumed" if (parameters or {}).get("height_is_default") else "of your height"
        if not isinstance(height_cm, int | float) or isinstance(height_cm, bool) or height_cm <= 0:
            words = f"Your steps were {ratio} {of}"
        else:
            metres = shown(value * height_cm / 100.0, SHOWN_DIGITS["stride_length_m"])
            words = f"Your steps were {metres} m long, {ratio} {of}"
        impact = (summary or {}).get("impact_peak_g")
        if isinstance(impact, int | float) and not isinstance(impact, bool) and math.isfinite(impact):
            words += f", and landed with a jolt of {shown(impact, SHOWN_DIGITS['impact_peak_g'])} g"
        return f"{words}."
    if code == "slow_speed":
        return f"You walked at {shown(value, SHOWN_DIGITS['walking_speed_mps'])} m/s."
    if code == "uneven_steps":
        return f"Your left and right step times differed by {shown(value, 0)}%."
    if code == "forward_trunk_lean":
        way = "forward" if value > 0 else "back"
        size = shown(abs(value), 0)
        return f"Your lower back leaned about {degrees_words(size)} more {way} while walking than standing."
    if code == "limited_pelvic_rotation":
        return f"Your pelvis turned about {degrees_words(shown(value, 0))} with each stride."
    return None


def measured_gait_factors(result: Mapping[str, Any], codes: Sequence[str]) -> list[str | dict[str, Any]]:
    """The present gait factors ``codes`` of the gait result ``result`` for the relief plan: each the
    result's factor with ``measured`` (``measured_words``), so the plan's reason quotes the measure;
    a code the result does not explain stays a code. One rule for ``assess --gait`` and a stored walk."""
    factors = {str(f.get("code")): f for f in result.get("gait_factors") or () if isinstance(f, Mapping)}
    out: list[str | dict[str, Any]] = []
    for code in codes:
        factor = factors.get(code)
        if factor is None:
            out.append(code)
            continue
        # only our own words: a "measured" in the file is no part of a gait result and is never quoted
        kept = {key: value for key, value in factor.items() if key != "measured"}
        measured = measured_words(factor, result)
        out.append({**kept, "measured": measured} if measured else kept)
    return out


def walk_not_usable(result: dict[str, Any] | GaitResult) -> str | None:
    """Why this walk cannot speak for the person's walking (a key of ``WALK_NOT_USABLE``), or None when
    it can (see the module docstring). A stored result of any version: a part it lacks flags nothing."""
    data = result.to_dict() if isinstance(result, GaitResult) else result
    if not isinstance(data, dict):
        return "no_walking"
    if not_at_lower_back(data):
        return "not_at_lower_back"
    bouts = [b for b in data.get("walking_bouts") or () if isinstance(b, dict)]
    if not bouts:
        return "no_walking"
    long_enough = [b for b in bouts if _steps(b.get("n_steps")) >= USABLE_BOUT_MIN_STEPS]
    if not long_enough:
        return "too_little_walking"
    alignment = data.get("alignment") if isinstance(data.get("alignment"), dict) else {}
    if "too_little_walking" in _flags((alignment or {}).get("quality")):
        # the engine's flag: too few contacts for the direction, though a bout has 8 steps or more
        return "no_direction"
    if not any(_steady(b) for b in long_enough):
        return "unsteady"
    return None


def not_at_lower_back(result: Mapping[str, Any]) -> bool:
    """Whether this stored result was not worn at the lower back, as the checks judge it (the first rule
    of ``walk_not_usable``): a finding flagged ``not_worn_at_lower_back``, or a walk stored before the
    tilt check that tipped more than a pelvis does (``gait.factors.stored_not_at_lower_back``, the one
    rule). Its walking speed, stride length and distances are not judged then, on every page and chart
    (``services.records.summarize_walk``), as the walk page says, nor in the exports
    (``gait.factors.as_judged``)."""
    return stored_not_at_lower_back(result)


def walk_not_judged(result: dict[str, Any] | GaitResult) -> str | None:
    """Why no walking habit (gait factor) is judged in this walk, in plain words; None when they are.
    A walk the checks pass over for too little or too uneven walking (``walk_not_usable``) would otherwise
    read "slow speed: yes" on 6 steps over 3 seconds. One wording for the walk page, the report and the
    terminal (``backstride gait analyze``); the numbers it speaks of are shown before it."""
    why, bouts = _why_not_judged(result)
    if why == "too_little_walking":
        longest = max(bouts, key=lambda b: _steps(b.get("n_steps")))
        return (
            "This walk was too short to judge your walking habits. We need at least "
            f"{USABLE_BOUT_MIN_STEPS} steps in a row (about 5 metres); your longest stretch had "
            f"{_steps(longest.get('n_steps'))} steps in {_bout_time(longest)}. "
            "The numbers above are what we measured, but they are too few to go by."
        )
    if why == "no_direction":
        return (
            f"This walk {WALK_NOT_USABLE[why]}, so we did not judge your walking habits. The numbers "
            "above are what we measured, but without the walking direction they are not enough to go by."
        )
    if why == "unsteady":
        return (
            "Your walking in this recording was too uneven or too slow to measure well, so we did not "
            "judge your walking habits. The numbers above are what we measured, but they are not "
            "steady enough to go by."
        )
    return None


# a table's cell for such a walk ("not judged: ..."), by the reason (``walk_not_judged`` says it whole)
NOT_JUDGED_BRIEFLY = {
    "too_little_walking": "too little steady walking",
    "unsteady": "too little steady walking",
    "no_direction": "the walking direction could not be told",
    "not_at_lower_back": "not worn at the lower back",
}


def walk_not_judged_briefly(result: dict[str, Any] | GaitResult) -> str | None:
    """``walk_not_judged`` in a few words, for a table of walks (the report's); None when judged."""
    why, _ = _why_not_judged(result)
    return None if why is None else NOT_JUDGED_BRIEFLY.get(why)


def _why_not_judged(result: dict[str, Any] | GaitResult) -> tuple[str | None, list[dict[str, Any]]]:
    """``walk_not_usable`` of a walk with bouts (None without: nothing to judge), and its bouts."""
    data = result.to_dict() if isinstance(result, GaitResult) else result
    bouts = (
        [b for b in (data.get("walking_bouts") or ()) if isinstance(b, dict)]
        if isinstance(data, dict)
        else []
    )
    return (walk_not_usable(data) if bouts else None), bouts


def _bout_time(bout: dict[str, Any]) -> str:
    """How long a bout lasted, as the walk pages and the terminal say a time ('3.1 s', '2 min 17 s'); a
    stored result before ``duration_s``: from its start and end; an em dash when unknown."""
    seconds = bout.get("duration_s")
    if seconds is None and bout.get("start_s") is not None and bout.get("end_s") is not None:
        seconds = float(bout["end_s"]) - float(bout["start_s"])
    if seconds is None or isinstance(seconds, bool):
        return "—"
    return time_words(float(seconds))


def _steps(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _steady(bout: dict[str, Any]) -> bool:
    quality = bout.get("quality") if isinstance(bout.get("quality"), dict) else {}
    return not any(UNRELIABLE_FLAGS.intersection(_flags((quality or {}).get(m))) for m in BOUT_MEASURES)


def _flags(value: object) -> list[str]:
    """A part's quality flags: the words of a list; anything else flags nothing, as a part a stored result
    lacks (a number there, read as a list in ``assess --gait``, was a traceback and exit 1)."""
    return [flag for flag in value if isinstance(flag, str)] if isinstance(value, list) else []


def _is_seconds(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(float(value)) and value >= 0
    except OverflowError:  # an int too large for a float
        return False


def _checked(data: object) -> dict[str, Any]:
    """A gait result read from JSON, with the shape ``gait_to_inputs`` relies on; else an ``InputError``."""
    if not isinstance(data, dict):
        raise InputError(f"a gait result must be a JSON object, got {type(data).__name__}")
    missing = [key for key in ("walking_bouts", "gait_factors") if key not in data]
    if missing:
        raise InputError(
            f"not a gait result: {' and '.join(missing)} missing "
            "(expected the output of `backstride gait analyze --json`)"
        )
    tolerance = data.get("walking_tolerance")
    if tolerance is not None:
        if not isinstance(tolerance, dict):
            raise InputError("walking_tolerance must be an object of times in seconds or null")
        for key in ("time_to_first_symptom_s", "time_to_stop_s"):
            value = tolerance.get(key)
            if value is not None and not _is_seconds(value):
                raise InputError(
                    f"walking_tolerance.{key} must be a number of seconds or null, got {value!r}"
                )
            if value is not None:
                _check_within_recording(key, float(value), data.get("duration_s"))
        flags = tolerance.get("quality")
        if flags is not None and not (isinstance(flags, list) and all(isinstance(f, str) for f in flags)):
            # one word's letters read as flags: a time the sensor did not record became a walking time
            raise InputError(
                f'walking_tolerance.quality must be a list of flag words like ["no_walking_found"], '
                f"got {flags!r:.60}"
            )
    if not isinstance(data["walking_bouts"], list):
        raise InputError(f"walking_bouts must be a list of walking bouts, got {data['walking_bouts']!r:.40}")
    for part in ("summary", "parameters", "alignment"):
        if data.get(part) is not None and not isinstance(data[part], dict):
            raise InputError(f"{part} must be an object, got {data[part]!r:.40}")
    _check_version((data.get("parameters") or {}).get("algorithm_version"))
    factors = data["gait_factors"]
    if not isinstance(factors, list) or not all(isinstance(f, dict) for f in factors):
        raise InputError('gait_factors must be a list of objects like {"code": ..., "present": true}')
    seen: set[str] = set()
    for factor in factors:
        code = factor.get("code")
        if not isinstance(code, str):  # a code of another name is left out (the relief plan knows five)
            raise InputError(
                f"gait_factors: a code must be one of {', '.join(GAIT_FACTOR_CODES)}; got {code!r}"
            )
        if code in seen:  # two verdicts for one factor: which one holds cannot be told
            raise InputError(f"gait_factors: {code!r} is given twice; a gait result judges each factor once")
        seen.add(code)
        if factor.get("present") not in (True, False, None):
            raise InputError(
                f"gait_factors: {code!r} present must be true, false or null, got {factor.get('present')!r}"
            )
        _check_factor_value(code, factor.get("value"))
        explanation = factor.get("explanation")
        if explanation is not None and not isinstance(explanation, str):
            raise InputError(
                f"gait_factors: {code!r} explanation must be a text or null, got {explanation!r:.40}"
            )
    return dict(data)


def _check_within_recording(key: str, seconds: float, duration: object) -> None:
    """A walking tolerance time is counted inside the recording: never longer than its ``duration_s``
    (an edited 1e300 s was taken as 600 minutes of walking)."""
    if not _is_seconds(duration):
        raise InputError(
            f"walking_tolerance.{key} needs the recording's length to be checked against: duration_s "
            f"must be a number of seconds, got {duration!r:.40}"
        )
    assert isinstance(duration, int | float)
    if seconds > float(duration):
        raise InputError(
            f"walking_tolerance.{key} is {seconds:g} s, longer than the whole recording "
            f"(duration_s: {float(duration):g} s); it cannot be a time in this walk"
        )


def _check_factor_value(code: str, value: object) -> None:
    """A factor's ``value``: null, or a number in the range its code can take (``FACTOR_VALUE_RANGES``)."""
    if value is None or code not in FACTOR_VALUE_RANGES:
        return
    low, high, unit = FACTOR_VALUE_RANGES[code]
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise InputError(f"gait_factors: {code!r} value must be a number ({unit}) or null, got {value!r:.40}")
    if not low <= value <= high:
        size = f"from {low:g} to {high:g}" if math.isfinite(high) else f"{low:g} or more"
        raise InputError(f"gait_factors: {code!r} value must be {size} ({unit}), got {value!r}")


_VERSION = re.compile(rf"{re.escape(ALGORITHM_NAME)} ([0-9]{{1,6}})")


def _check_version(version: object) -> None:
    """A result made by this backstride or an older one (``parameters.algorithm_version``; a result without
    it, as the contract's JSON shows, is taken). A newer one may mean its numbers differently."""
    if version is None:
        return
    match = _VERSION.fullmatch(version) if isinstance(version, str) else None
    if match is None:
        raise InputError(
            f"parameters.algorithm_version must be like {ALGORITHM_VERSION!r} (the backstride gait analysis "
            f"that made the result), got {version!r}"
        )
    newest = int(ALGORITHM_VERSION.rsplit(" ", 1)[1])
    if int(match.group(1)) > newest:
        raise InputError(
            f"this gait result was made by a newer backstride ({version}); this one knows up to "
            f"{ALGORITHM_VERSION}. Update backstride, or analyse the recording again with this one"
        )


__all__ = [
    "GAIT_FACTOR_CODES",
    "NOT_JUDGED_BRIEFLY",
    "USABLE_BOUT_MIN_STEPS",
    "WALK_NOT_USABLE",
    "answers_over_walk",
    "findings_now",
    "gait_to_inputs",
    "measured_gait_factors",
    "measured_words",
    "not_at_lower_back",
    "walk_not_judged",
    "walk_not_judged_briefly",
    "walk_not_usable",
    "walking_tolerance_min",
]
