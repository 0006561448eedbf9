"""The seed article's gait factors and walking tolerance, from a summarised gait result.

Each factor carries its value, the threshold, an evidence grade and a plain explanation. Thresholds
are design choices anchored in EVIDENCE.md D.1-D.7 (see :mod:`backstride.gait.constants`), never
validated diagnostic cut-offs; a factor is ``present: null`` when the recording cannot support it.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from backstride.gait import constants as C
from backstride.gait.recording import worn_at_lower_back

NOT_A_DIAGNOSIS = "These numbers describe how you walked in this recording. They are not a diagnosis."
# quality flag: the device (or the signal) says it was worn elsewhere
NOT_AT_LOWER_BACK = "not_worn_at_lower_back"
# alignment key: the pelvis tilt range (deg) of a recording that tips more than a pelvis does, else None
UNLIKE_A_PELVIS = "tilt_range_unlike_a_pelvis_deg"
# quality flag (alignment, trunk lean): the walking direction's axis or sign is unsure (orientation.py)
UNCERTAIN_FORWARD = "uncertain_forward_direction"
# the trunk lean's still seconds sit bent forward of the walk beyond the MDC [C13]: maybe sitting or
# bending, not standing upright (kinematics.bent_forward_of_walk)
STANDING_MAYBE_BENT = "standing_maybe_bent"
# the forward lean past the bar is read against still seconds of two postures, some tipped back of the walk
# past the bar: maybe a seat reclined back, not standing (kinematics.reclined_in_standing)
STANDING_MAYBE_RECLINED = "standing_maybe_reclined"
# a bout's and the summary's numbers from the lower-back stride estimate, besides the distance: not judged
# for a recording not worn at the lower back (``without_distances``)
LOWER_BACK_ESTIMATES = ("stride_length_m", "walking_speed_mps")
# the summary's quality key of each measure a position away from the lower back cannot support (a bout's
# ``quality`` key is the measure's own): the lower-back estimates above and the gait factors' measures,
# flagged ``not_worn_at_lower_back`` per metric by ``without_distances``; steps, cadence and times stay
PLACE_BOUND_QUALITY = {
    "stride_length_m": "stride_length_quality",
    "walking_speed_mps": "walking_speed_quality",
    "step_time_asymmetry_pct": "step_time_asymmetry_quality",
    "pelvis": "pelvis_quality",
    "trunk_flexion_mean_deg": "trunk_flexion_quality",
    "impact_peak_g": "impact_quality",
}
# alignment key: True when the person said where it was worn (``--worn-at``), not the file
SAID = "body_location_said"
TIPPED_WARNING_START = "In this recording the sensor "  # how that warning begins (gait.long_recording)
# the walk page's choice for a sensor at the lower back ("Where was it worn?", views.WORN_AT_PAGE_CHOICES),
# in words right for the person and for a clinic recording for them; SAY_WHERE quotes it
LOWER_BACK_CHOICE = "At the lower back"
# what that choice said until 2026-11-28, quoted in the notes of walks stored before: said_now rewrites it
LOWER_BACK_CHOICE_BEFORE = "At my lower back"
# what that warning asks a person to do when the sensor was at their lower back after all
SAY_WHERE = (
    f" If it was at your lower back, say so and send it again: choose “{LOWER_BACK_CHOICE}” under “Where "
    "was it worn?”, or add --worn-at lower-back to the command."
)
# walking-tolerance quality flag + "first_symptom" / "stop": the sensor recorded nothing for part of that time
WITHOUT_SAMPLES_BEFORE = "time_without_samples_before_"
NO_WALKING_FOUND = "no_walking_found"  # walking-tolerance flag: times were given, no walking to count from

# How many decimals a person reads for each quantity (factor texts, the CLI tables, the picture): one rule,
# so a summary and a factor never show the same number two ways.
SHOWN_DIGITS: dict[str, int] = {
    "cadence_spm": 0,
    "stride_length_m": 2,
    "walking_speed_mps": 2,
    "step_time_asymmetry_pct": 0,
    "trunk_flexion_mean_deg": 0,
    "impact_peak_g": 1,
    "rotation_rom_deg": 0,
    "tilt_rom_deg": 0,
    "obliquity_rom_deg": 0,
    "step_length_per_height": 2,
    "total_distance_m": 0,
}


def shown(value: float, digits: int) -> str:
    """``value`` as a person reads it: rounded at ``digits`` decimals, a half away from zero, on the number
    as the result stores it (its shortest decimal text: 0.685 -> "0.69", where ``f"{0.685:.2f}"`` depends on
    the binary float), never "-0"."""
    d = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{d.copy_abs() if d.is_zero() else d:f}"


def shown_apart(value: float, limit: float, digits: int) -> tuple[str, str]:
    """``value`` and ``limit`` as a person reads them, with digits enough to tell them apart: ``digits``
    decimals where they differ there, more where they would look equal (a speed of 0.937 m/s against the
    0.943 m/s norm is not "0.94 against 0.94"). Equal numbers stay equal."""
    for more in range(digits, digits + 7):
        a, b = shown(value, more), shown(limit, more)
        if a != b:
            return a, b
    return shown(value, digits), shown(limit, digits)


# the slow-speed factor's norm, in words: EVIDENCE.md D.1 gives only the slowest and the fastest age/sex
# strata of [D1] (94.3 cm/s women 80-99, 143.4 cm/s men 40-49), no table for each age and sex, so the
# slowest is the bar for everyone and a person's age and sex are not used, even when known
SLOWEST_NORM_WORDS = (
    "We compare your speed with the slowest of these, "
    f"{shown(C.SPEED_NORM_LOWEST_MPS, SHOWN_DIGITS['walking_speed_mps'])} m/s (women aged 80 to 99), "
    "for everyone. Your age and sex are not used: our sources give no usual speed for each age and sex. "
)


def degrees_words(size: str) -> str:
    """An angle as shown (``shown``) in words: "1 degree", "12 degrees"."""
    return f"{size} degree" if size == "1" else f"{size} degrees"


def lean_words(deg: float) -> str:
    """A trunk lean (forward positive) in words: "12° back", "5° forward", "0°"."""
    size = shown(abs(deg), 0)
    if size == "0":
        return "0°"
    return f"{size}° {'forward' if deg > 0 else 'back'}"


def lean_shown(deg: Any, flags: Any = ()) -> str | None:
    """A trunk lean as the terminal and the report show it: ``lean_words`` with what its quality flags
    say of it; when the walking direction was unsure, only its size (not forward or back); None when
    unknown. One rule for ``backstride gait analyze`` and the clinician report (HTML and PDF)."""
    if deg is None or isinstance(deg, bool) or not isinstance(deg, int | float):
        return None
    flags = tuple(flags or ())
    if UNCERTAIN_FORWARD in flags:
        return f"{shown(abs(deg), 0)}° from standing (forward or back: not sure, so not judged)"
    if STANDING_MAYBE_BENT in flags:
        size = shown(abs(deg), 0)
        return f"{size}° from when you were still (maybe sitting or bending: not sure, so not judged)"
    if STANDING_MAYBE_RECLINED in flags:
        size = shown(abs(deg), 0)
        return f"{size}° from when you were still (maybe sitting back: not sure, so not judged)"
    words = lean_words(float(deg))
    if "includes_sensor_mounting_tilt" in flags:
        words += " (with the sensor's own tilt)"
    return words


def unlike_a_pelvis_deg(summary: dict[str, Any], body_location: str | None) -> float | None:
    """The recording's pelvis tilt range (median of its bouts, deg) when it is more than a pelvis makes
    (``constants.PELVIS_TILT_RANGE_MAX_DEG``) and the file does not say where the sensor was worn, else
    ``None``: a phone in a trouser pocket or a hand, read as if it were at the lower back."""
    if worn_at_lower_back(body_location) is not None:  # the file says where: that is believed
        return None
    tilt = (summary.get("pelvis") or {}).get("tilt_rom_deg")
    if isinstance(tilt, int | float) and not isinstance(tilt, bool) and tilt > C.PELVIS_TILT_RANGE_MAX_DEG:
        return float(tilt)
    return None


def _tipped(unlike_deg: float) -> str:
    return (
        f"tipped forward and back about {degrees_words(shown(unlike_deg, 0))} with each stride, "
        "where a pelvis tips 2 to 4 degrees [D4], so it was probably in a trouser pocket or a hand"
    )


def worn_on_words(body_location: str, said: bool = False) -> str:
    """Who says where it was worn, in words: the person (``said``, ``--worn-at``) or the file."""
    who = "you said" if said else "this recording says"
    return f"{who} it was worn on the {body_location.strip().lower()}"


def placement_warning(
    body_location: str | None, unlike_deg: float | None = None, said: bool = False
) -> str | None:
    """The plain warning for a recording worn somewhere else than the lower back, or ``None``: the file
    says so (``body_location``), or the person did (``said``), or the signal does (``unlike_deg``, from
    :func:`unlike_a_pelvis_deg`)."""
    if worn_at_lower_back(body_location) is False:
        assert body_location is not None
        words = worn_on_words(body_location, said)
        why = f"{words[0].upper()}{words[1:]}."
    elif unlike_deg is not None:
        why = f"{TIPPED_WARNING_START}{_tipped(unlike_deg)}, not at the lower back."
    else:
        return None
    text = (
        f"{why} backstride's walking numbers are made for a sensor at the lower back [D5], so treat them "
        "with care. Steps and walking times are still shown; the gait factors, speed, stride length "
        "and walking distances are not judged."
    )
    return text if unlike_deg is None or worn_at_lower_back(body_location) is False else text + SAY_WHERE


def said_now(note: str) -> str:
    """A note stored with a walk, as today's page words it: a walk stored before 2026-11-28 keeps
    "choose “At my lower back”" in its notes (``SAY_WHERE`` as it was), a choice the page no longer
    shows; it is said with today's choice. Other notes come back unchanged; the stored record is not
    changed."""
    return note.replace(f"“{LOWER_BACK_CHOICE_BEFORE}”", f"“{LOWER_BACK_CHOICE}”")


def placement_warning_of(
    alignment: dict[str, Any] | None, summary: dict[str, Any] | None = None
) -> str | None:
    """``placement_warning`` of a result's ``alignment`` (a stored result of any version). A result made
    before the "tipped more than a pelvis" check (its ``alignment`` has no ``UNLIKE_A_PELVIS``) is
    checked now from its ``summary``, when given."""
    alignment = alignment if isinstance(alignment, dict) else {}
    unlike = alignment.get(UNLIKE_A_PELVIS)
    unlike = float(unlike) if isinstance(unlike, int | float) and not isinstance(unlike, bool) else None
    if UNLIKE_A_PELVIS not in alignment and isinstance(summary, dict):
        where = alignment.get("body_location")
        unlike = unlike_a_pelvis_deg(summary, where if isinstance(where, str) else None)
    return placement_warning(alignment.get("body_location"), unlike, alignment.get(SAID) is True)


def placed(
    alignment: dict[str, Any], body_location: str | None, unlike_deg: float | None, said: bool = False
) -> None:
    """Write where the sensor was worn into a result's ``alignment`` (``body_location`` as the file says,
    or the person did: ``SAID``; ``worn_at_lower_back``, ``UNLIKE_A_PELVIS``, and the
    ``not_worn_at_lower_back`` quality flag)."""
    alignment["body_location"] = body_location
    alignment[SAID] = bool(said and body_location is not None)
    alignment["worn_at_lower_back"] = False if unlike_deg is not None else worn_at_lower_back(body_location)
    alignment[UNLIKE_A_PELVIS] = None if unlike_deg is None else round(unlike_deg, 2)
    quality = [q for q in alignment.get("quality") or [] if q != NOT_AT_LOWER_BACK]
    if alignment["worn_at_lower_back"] is False:
        quality.append(NOT_AT_LOWER_BACK)
    alignment["quality"] = quality


def without_distances(
    summary: dict[str, Any], bouts: Sequence[dict[str, Any]], alignment: dict[str, Any]
) -> None:
    """Leave out the walked distances (the summary's and each bout's) of a recording ``placed`` says was
    not worn at the lower back: they need a lower-back sensor's speed, and its warning says distances
    are not judged (``walking_tolerance`` leaves out its distances likewise). The walking speed and
    stride length go too (the summary's, each bout's and each stride's): they are that same lower-back
    estimate, and speed times walking time gave the distance back. Every measure a position cannot
    support (``PLACE_BOUND_QUALITY``: those two, the step-time difference, the pelvis ranges, the trunk
    lean and the landing jolt) is flagged ``not_worn_at_lower_back`` in its quality list, the summary's
    and each bout's: the pocket walk ``walk50.xls`` showed "uneven steps 40 %" and "pelvis turn 22°" as
    plain numbers beside gait factors "not judged: not worn at the lower back". The numbers of the
    step-time difference, pelvis, lean and jolt stay (the tilt range is what the check reads)."""
    if alignment.get("worn_at_lower_back") is not False:
        return
    for key in ("total_distance_m", *LOWER_BACK_ESTIMATES):
        summary[key] = None
    for quality_key in PLACE_BOUND_QUALITY.values():
        summary[quality_key] = _with_flag(summary.get(quality_key), NOT_AT_LOWER_BACK)
    for b in bouts:
        for key in ("distance_m", *LOWER_BACK_ESTIMATES):
            b[key] = None
        for s in b.get("strides") or ():
            s["length_m"] = s["speed_mps"] = None
        quality = b.get("quality")
        if not isinstance(quality, dict):
            quality = b["quality"] = {}
        for key in PLACE_BOUND_QUALITY:
            quality[key] = _with_flag(quality.get(key), NOT_AT_LOWER_BACK)


def _with_flag(flags: Any, flag: str) -> list[Any]:
    """A quality list with ``flag`` added once (anything else, from an odd stored result: just ``flag``)."""
    flags = list(flags) if isinstance(flags, list | tuple) else []
    return flags if flag in flags else [*flags, flag]


# the walking test's numbers from the lower-back speed estimate (speed x time)
LOWER_BACK_TOLERANCE = ("longest_bout_m", "distance_to_first_symptom_m", "distance_to_stop_m")
# why an export leaves those numbers out, in words (walks.csv ``not_judged``, the FHIR walk's note)
NOT_JUDGED_AWAY = (
    "speed, stride length and distances not judged: the sensor was not worn at the lower back, "
    "and they need a sensor there [D5]"
)


def stored_not_at_lower_back(result: Mapping[str, Any]) -> bool:
    """Whether a stored gait result (a ``GaitResult.to_dict()`` of any version) was not worn at the lower
    back, as the checks and every page judge it: a factor or the walking test flagged
    ``not_worn_at_lower_back``, or a walk stored before the "tipped more than a pelvis" check (its
    ``alignment`` has no ``UNLIKE_A_PELVIS``) whose own summary fails that check now
    (``services.gait_findings.not_at_lower_back`` is this rule)."""
    tolerance = result.get("walking_tolerance")
    flagged = [f.get("quality") for f in result.get("gait_factors") or () if isinstance(f, Mapping)]
    flagged.append(tolerance.get("quality") if isinstance(tolerance, Mapping) else None)
    if any(isinstance(q, list) and NOT_AT_LOWER_BACK in q for q in flagged):
        return True
    alignment = result.get("alignment") if isinstance(result.get("alignment"), Mapping) else {}
    summary = result.get("summary")
    if UNLIKE_A_PELVIS in (alignment or {}) or not isinstance(summary, dict):
        return False
    where = (alignment or {}).get("body_location")
    return unlike_a_pelvis_deg(summary, where if isinstance(where, str) else None) is not None


def as_judged(result: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a stored gait result with what the pages do not judge left out: for a walk not worn at
    the lower back (``stored_not_at_lower_back``, also a pocket walk stored before the tilt check, whose
    numbers are still stored) the walking speed, stride length and distances of its summary, bouts,
    strides and walking test are ``None``, as ``without_distances`` leaves them out of a new result, and
    each gait factor not yet flagged so is "not judged" (``present``/``value`` ``None``, flagged
    ``not_worn_at_lower_back``, the explanation says why), as ``gait_factors`` judges such a walk today.
    The exports (walks.csv, bouts.csv, FHIR) and the walk page show the same. Other results: an
    unchanged copy."""
    out = copy.deepcopy(dict(result))
    if not stored_not_at_lower_back(out):
        return out
    summary = out.get("summary")
    bouts = [b for b in out.get("walking_bouts") or () if isinstance(b, dict)]
    for b in bouts:
        b["strides"] = [s for s in b.get("strides") or () if isinstance(s, dict)]
    without_distances(summary if isinstance(summary, dict) else {}, bouts, {"worn_at_lower_back": False})
    tolerance = out.get("walking_tolerance")
    if isinstance(tolerance, dict):
        for key in LOWER_BACK_TOLERANCE:
            if key in tolerance:
                tolerance[key] = None
    # the gait factors too: a pocket walk stored before the tilt check kept its verdicts ("uneven
    # steps" found), which every page, the report and the exports now say are not judged
    factors = [f for f in out.get("gait_factors") or () if isinstance(f, dict)]
    stale = [f for f in factors if NOT_AT_LOWER_BACK not in (f.get("quality") or ())]
    if stale:
        alignment = out.get("alignment") if isinstance(out.get("alignment"), dict) else {}
        where = (alignment or {}).get("body_location")
        away = _away_why(
            summary if isinstance(summary, dict) else {},
            where if isinstance(where, str) else None,
            bool((alignment or {}).get(SAID)),
        ) or ("the sensor was not worn at the lower back", ["D5"])
        for f in stale:
            _not_judged_away(f, *away)
    return out


def _factor(
    code: str,
    present: bool | None,
    value: float | None,
    unit: str,
    threshold: dict[str, float],
    evidence_grade: str,
    sources: list[str],
    explanation: str,
    quality: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "code": code,
        "present": present,
        "value": None if value is None else round(float(value), 3),
        "unit": unit,
        "threshold": {k: round(v, 3) for k, v in threshold.items()},
        "evidence_grade": evidence_grade,
        "sources": sources,
        "explanation": explanation,
        "quality": quality or [],
    }


def _with(flags: list[str], more: Any) -> list[str]:
    """``flags`` and then ``more`` (a list from a summary, or None), each once."""
    return list(dict.fromkeys([*flags, *(more or ())]))


def _shown_value(code: str, value: float | None) -> str | None:
    """A factor's value as the CLI and the web show it, with its unit."""
    if value is None:
        return None
    if code == "over_striding":
        return f"{shown(value, 2)} × height"
    if code == "forward_trunk_lean":
        return lean_words(value)
    if code == "limited_pelvic_rotation":
        return f"{shown(value, 0)}°"
    if code == "uneven_steps":
        return f"{shown(value, 0)} %"
    return f"{shown(value, 2)} m/s"


def gait_factors(
    summary: dict[str, Any],
    *,
    height_m: float,
    height_is_default: bool,
    body_location: str | None = None,
    body_location_said: bool = False,
) -> list[dict[str, Any]]:
    """The five factors of the article, from the summary over walking bouts. ``body_location`` is where the
    device says it was worn: anywhere but the lower back (a wrist, an ankle ...), every factor is
    ``present: null`` with the reason, since all five assume a sensor at the lower back. So is a file that
    does not say where, when it tipped more than a pelvis does (:func:`unlike_a_pelvis_deg`)."""
    out = _factors(summary, height_m=height_m, height_is_default=height_is_default)
    for f in out:
        f["shown_value"] = _shown_value(f["code"], f["value"])
        unsure = {UNCERTAIN_FORWARD, STANDING_MAYBE_BENT, STANDING_MAYBE_RECLINED}
        if f["code"] == "forward_trunk_lean" and unsure & set(f["quality"]):
            # its size, never its way: as the terminal's summary and the report say it (lean_shown)
            f["shown_value"] = lean_shown(f["value"], f["quality"])
    away = _away_why(summary, body_location, body_location_said)
    if away is not None:
        for f in out:
            _not_judged_away(f, *away)
    return out


def _away_why(summary: dict[str, Any], body_location: str | None, said: bool) -> tuple[str, list[str]] | None:
    """Why no gait factor is judged, with its sources: the file or the person says the sensor was worn
    away from the lower back, or it tipped more than a pelvis does; ``None`` when neither."""
    unlike = unlike_a_pelvis_deg(summary, body_location)
    if worn_at_lower_back(body_location) is False:
        assert body_location is not None
        return worn_on_words(body_location, said), ["D5"]
    if unlike is not None:
        return f"the sensor {_tipped(unlike)}", ["D4", "D5"]
    return None


def _not_judged_away(f: dict[str, Any], why: str, sources: list[str]) -> None:
    """Make factor ``f`` "not judged" for a sensor away from the lower back (``why``), in place."""
    f.update(
        present=None,
        value=None,
        shown_value=None,
        explanation=f"Not judged: {why}, and this measure needs a sensor at the lower back [D5].",
        quality=[*(f.get("quality") or ()), NOT_AT_LOWER_BACK],
        sources=list(dict.fromkeys([*(f.get("sources") or ()), *sources])),
    )


def _factors(summary: dict[str, Any], *, height_m: float, height_is_default: bool) -> list[dict[str, Any]]:
    has_walk = summary.get("n_bouts", 0) > 0
    out: list[dict[str, Any]] = []

    # 1. over-striding: long steps relative to height *and* a hard landing.
    sl = summary.get("stride_length_m")
    impact = summary.get("impact_peak_g")
    ratio = None if sl is None else round((sl / 2.0) / height_m, 3)  # as stored: the text shows this
    q = ["default_height"] if height_is_default else []
    length_q = _with(q, summary.get("stride_length_quality"))  # flags every bout's mean has
    speed_q = _with(q, summary.get("walking_speed_quality"))
    blurred = "low_sampling_rate" in (summary.get("impact_quality") or ())  # heel strikes last ~5 ms [D9]
    if ratio is None or impact is None:
        present, text = None, "Not enough walking in this recording to judge step length."
    elif blurred and ratio > C.LONG_STEP_PER_HEIGHT and impact <= C.HIGH_IMPACT_G:
        present, length_q = None, _with(length_q, ["low_sampling_rate"])
        text = (
            f"Your steps were {shown(ratio, 2)} times your height: long (over "
            f"{shown(C.LONG_STEP_PER_HEIGHT, 2)}). How hard you landed cannot be measured with fewer than "
            "50 samples a second, as this recording has: a heel strike lasts only a few thousandths of a "
            "second [D9]. So over-striding is not judged here. It is only defined in running research [D10]."
        )
    elif blurred and ratio <= C.LONG_STEP_PER_HEIGHT and impact <= C.HIGH_IMPACT_G:
        # short steps are not over-striding, but a blurred jolt under the bar says nothing of the landing
        present = False
        text = (
            f"Your steps were {shown(ratio, 2)} times your height: not long (long is over "
            f"{shown(C.LONG_STEP_PER_HEIGHT, 2)} times your height), so this is not over-striding. How hard "
            "you landed cannot be measured with fewer than 50 samples a second, as this recording has [D9]. "
            "Over-striding is only defined in running research, so this is a comfort tip, not a proven "
            "treatment [D10]."
        )
    else:
        long_steps, hard_landing = ratio > C.LONG_STEP_PER_HEIGHT, impact > C.HIGH_IMPACT_G
        present = bool(long_steps and hard_landing)
        if present:
            verdict = "Both were high. Slightly shorter, quicker steps may feel kinder to your back. "
        elif long_steps:  # say which half is missing: "not a long, hard step" read as a soft landing too
            verdict = "Your steps were long, but the landing was not hard, so this is not over-striding. "
        elif hard_landing:
            verdict = "The landing was hard, but your steps were not long, so this is not over-striding. "
        else:
            verdict = "Your steps were neither long nor hard. "
        text = (
            f"Your steps were {shown(ratio, 2)} times your height and the landing jolt was "
            f"{shown(impact, 1)} g "
            f"(long is over {shown(C.LONG_STEP_PER_HEIGHT, 2)} times your height, hard over "
            f"{shown(C.HIGH_IMPACT_G, 1)} g). "
            + verdict
            + "Over-striding is only defined in running research, so this is a comfort tip, "
            "not a proven treatment [D10]."
        )
    out.append(
        _factor(
            "over_striding",
            present,
            ratio,
            "step length / body height",
            {"step_length_per_height": C.LONG_STEP_PER_HEIGHT, "impact_peak_g": C.HIGH_IMPACT_G},
            "low: running studies only, no walking definition or trial (EVIDENCE.md D.6)",
            ["D3", "D9", "D10"],
            text,
            length_q,
        )
    )

    # 2. limited pelvic rotation
    rot = summary.get("pelvis", {}).get("rotation_rom_deg") if has_walk else None
    if rot is None:
        present, text = None, "Pelvis turning could not be measured (needs a gyroscope and some walking)."
    else:
        present = bool(rot < C.LIMITED_PELVIC_ROTATION_DEG)
        text = (
            f"Your pelvis turned through about {degrees_words(shown(rot, 0))} per stride "
            f"(about {shown(C.PELVIC_ROTATION_NORMAL_DEG, 0)} is usual [D4]). "
            + (
                "That is less than usual; people with spinal stenosis often turn less [D6]. "
                if present
                else ""
            )
            + "One sensor measures this only roughly."
        )
    out.append(
        _factor(
            "limited_pelvic_rotation",
            present,
            rot,
            "deg",
            {"rotation_rom_deg_below": C.LIMITED_PELVIC_ROTATION_DEG},
            "very low: secondary-source normal range, expert opinion (EVIDENCE.md D.2)",
            ["D4", "D6"],
            text,
        )
    )

    # 3. uneven steps
    asym = summary.get("step_time_asymmetry_pct") if has_walk else None
    if asym is None:
        present, text = None, "Left and right steps could not be told apart in this recording."
    else:
        present = bool(asym > C.UNEVEN_STEPS_PCT)
        text = (
            f"Your left and right step times differed by {shown(asym, 0)}%. "
            # with its limit either way, as the other factors say theirs
            + (
                f"That is uneven (over {shown(C.UNEVEN_STEPS_PCT, 0)}%); it often goes with pain on one "
                "side [D6][D8]. "
                if present
                else f"That is not uneven (uneven is over {shown(C.UNEVEN_STEPS_PCT, 0)}%). "
            )
            + "A single sensor measures this only roughly, so treat it as a hint [D5]."
        )
    out.append(
        _factor(
            "uneven_steps",
            present,
            asym,
            "%",
            {"step_time_asymmetry_pct_above": C.UNEVEN_STEPS_PCT},
            "exploratory: elevated in stenosis and disc herniation, poor single-sensor agreement",
            ["D5", "D6", "D8"],
            text,
            _with([], summary.get("step_time_asymmetry_quality")),
        )
    )

    # 4. forward trunk lean
    lean = summary.get("trunk_flexion_mean_deg") if has_walk else None
    lean_q = list(summary.get("trunk_flexion_quality", []))
    if lean is None:
        present, text = None, "Trunk lean needs a known sensor orientation or some quiet standing."
    elif UNCERTAIN_FORWARD in lean_q:  # the angle from standing is known, not which way it points
        present = None
        text = (
            f"Your lower back was tipped about {degrees_words(shown(abs(lean), 0))} away from how you "
            "stood, but this walk did not show clearly which way is forward, so whether that is forward "
            "or back cannot be told. This is not judged [C13]."
        )
    elif STANDING_MAYBE_BENT in lean_q:  # the still seconds may not be standing upright
        present = None
        text = (
            f"Your lower back was tipped about {degrees_words(shown(abs(lean), 0))} away from how it was "
            "when you were still. But when you were still, you were bent forward more than when you "
            "walked, so you were maybe sitting or bending, not standing up straight. This is not "
            "judged [C13]."
        )
    elif STANDING_MAYBE_RECLINED in lean_q:  # part of the still seconds may be sitting back in a seat
        present = None
        text = (
            f"Your lower back was tipped about {degrees_words(shown(abs(lean), 0))} forward of how it was "
            "when you were still. But some of that still time you were tipped back much more than when "
            "you walked, as when sitting back in a seat. So we cannot tell how you stand, and this is "
            "not judged [C13]."
        )
    elif "relative_to_standing" not in lean_q:
        present = None
        size = shown(abs(lean), 0)
        side = "" if size == "0" else (" forward of" if lean > 0 else " back from")
        text = (
            f"Your lower back was about {degrees_words(size)}{side or ' from'} the sensor's own upright. "
            "The sensor's tilt on your back cannot be told apart from leaning, so this is not judged. "
            "Standing still for a few seconds before walking fixes that [C13]."
        )
    else:
        present = bool(lean > C.FORWARD_TRUNK_LEAN_DEG)
        size = shown(abs(lean), 0)
        if size == "0":
            how = "Your lower back was about as upright as when standing while you walked. "
        else:
            way = "forward" if lean > 0 else "back"
            how = (
                f"Your lower back leaned {way} about {degrees_words(size)} more while walking than while "
                "standing. "
            )
        text = (
            how
            + (
                "Leaning forward often eases stenosis pain when walking [B1]; it is worth telling your "
                "clinician. "
                if present
                else ""
            )
            + "One sensor measures this with an error of 10 degrees or more [C13]."
        )
    out.append(
        _factor(
            "forward_trunk_lean",
            present,
            lean,
            "deg",
            {"trunk_flexion_mean_deg_above": C.FORWARD_TRUNK_LEAN_DEG},
            "very low: imprecise (MDC 10-15 deg), no difference between people with and without back pain",
            ["C13", "D6"],
            text,
            lean_q,
        )
    )

    # 5. slow speed
    speed = summary.get("walking_speed_mps") if has_walk else None
    if speed is None:
        present, text = None, "Not enough walking in this recording to judge speed."
    else:
        present = bool(speed < C.SLOW_SPEED_MPS)
        digits = SHOWN_DIGITS["walking_speed_mps"]
        # the verdict right after the speed it judges, then the norm and why age and sex are not used:
        # after those two sentences "That is slower than usual" read as said of the sources
        if shown(speed, digits) != shown(C.SLOW_SPEED_MPS, digits):
            verdict = "That is slower than usual; " if present else "That is not slower than usual. "
        elif present:  # "0.94 m/s ... 0.94-1.43 m/s. That is slower than usual" read as 0.94 < 0.94
            walked, norm = shown_apart(speed, C.SLOW_SPEED_MPS, digits)
            verdict = f"That is just under the slowest usual speed ({walked} against {norm} m/s); "
        else:
            verdict = "That is about the same as the slowest usual speed. "
        text = (
            f"You walked at {shown(speed, digits)} m/s. "
            + verdict
            + ("back and leg pain often slow people down [D6]. " if present else "")
            + "Usual speeds for adults are "
            f"{shown(C.SPEED_NORM_LOWEST_MPS, digits)}-{shown(C.SPEED_NORM_HIGHEST_MPS, digits)} m/s, "
            "depending on age and sex [D1]. " + SLOWEST_NORM_WORDS
        ).rstrip()
    out.append(
        _factor(
            "slow_speed",
            present,
            speed,
            "m/s",
            {"walking_speed_mps_below": C.SLOW_SPEED_MPS},
            "moderate: meta-analysis of normal speeds (the slowest age/sex stratum for everyone: the "
            "evidence gives no table by age and sex)",
            ["D1", "D6"],
            text,
            speed_q,
        )
    )
    return out


def walking_tolerance(
    bouts: list[dict[str, Any]],
    *,
    symptom_at_s: float | None,
    stop_at_s: float | None,
    body_location: str | None = None,
    gaps_s: Sequence[tuple[float, float]] = (),
    unlike_deg: float | None = None,
) -> dict[str, Any]:
    """Longest continuous bout, and time/distance to first symptom and to stopping (SPWT, [D7]).

    Times for symptoms are counted from the start of the first walking bout (pauses and standing between
    bouts included, as on a watch); ``walking_s_to_<event>`` is the part of that time spent walking, in
    bouts (what "how long you can walk" means when the walk had pauses); distance is the walked
    distance (bout speed x time) between that start and the symptom time. Distances need the speed of a
    sensor at the lower back: for a recording worn elsewhere (``body_location``, or ``unlike_deg``: it
    tipped more than a pelvis does) they are ``None``, flagged ``not_worn_at_lower_back``; the times still
    hold. Where a stretch without samples (``gaps_s``: the sensor off, a phone's recording paused) lies
    between that start and a time, nobody knows what the person did then: the time stays, flagged
    ``time_without_samples_before_first_symptom`` / ``..._before_stop`` (``services.gait_findings`` makes
    no walking tolerance of it).
    """

    def dist_between(t0: float, t1: float) -> float:
        total = 0.0
        for b in bouts:
            lo, hi = max(t0, b["start_s"]), min(t1, b["end_s"])
            if hi > lo and b.get("walking_speed_mps") is not None:
                total += (hi - lo) * b["walking_speed_mps"]
        return total

    out: dict[str, Any] = {
        "longest_bout_s": None,
        "longest_bout_m": None,
        "time_to_first_symptom_s": None,
        "distance_to_first_symptom_m": None,
        "time_to_stop_s": None,
        "distance_to_stop_m": None,
        # of each time, the seconds spent walking (in bouts): the rest was standing or pausing
        "walking_s_to_first_symptom": None,
        "walking_s_to_stop": None,
        "sources": ["D7"],
        "quality": [],
    }
    # elsewhere: times only
    distances = worn_at_lower_back(body_location) is not False and unlike_deg is None
    if not distances:
        out["quality"].append(NOT_AT_LOWER_BACK)
        out["sources"].append("D5")
    if not bouts:  # times given, but no walking to count them from
        if symptom_at_s is not None or stop_at_s is not None:
            out["quality"].append(NO_WALKING_FOUND)
        return out
    longest = max(bouts, key=lambda b: b["end_s"] - b["start_s"])
    out["longest_bout_s"] = round(longest["end_s"] - longest["start_s"], 2)
    if distances and longest.get("walking_speed_mps") is not None:
        # the bout's own distance where it has one: its speed is rounded to 3 decimals, and the 48 s
        # phyphox walk lucadomene read 29.7 m here beside its bout's 29.77 m and a total of 29.8 m
        walked = longest.get("distance_m")
        out["longest_bout_m"] = round(
            walked if walked is not None else out["longest_bout_s"] * longest["walking_speed_mps"], 1
        )
    t0 = bouts[0]["start_s"]
    for key, at in (("first_symptom", symptom_at_s), ("stop", stop_at_s)):
        if at is None:
            continue
        out[f"time_to_{key}_s"] = round(max(0.0, float(at) - t0), 2)
        out[f"walking_s_to_{key}"] = round(
            sum(max(0.0, min(float(at), b["end_s"]) - max(t0, b["start_s"])) for b in bouts), 2
        )
        if float(at) < t0:  # symptoms before the first step: no walking time to count
            out["quality"].append(f"{key}_before_walking")
        if any(min(b, float(at)) > max(a, t0) for a, b in gaps_s):
            out["quality"].append(f"{WITHOUT_SAMPLES_BEFORE}{key}")
        if distances:
            out[f"distance_to_{key}_m"] = round(dist_between(t0, float(at)), 1)
    return out


__all__ = [
    "LOWER_BACK_ESTIMATES",
    "LOWER_BACK_TOLERANCE",
    "NOT_JUDGED_AWAY",
    "NOT_AT_LOWER_BACK",
    "PLACE_BOUND_QUALITY",
    "NOT_A_DIAGNOSIS",
    "NO_WALKING_FOUND",
    "SAID",
    "LOWER_BACK_CHOICE",
    "SAY_WHERE",
    "SHOWN_DIGITS",
    "TIPPED_WARNING_START",
    "STANDING_MAYBE_BENT",
    "STANDING_MAYBE_RECLINED",
    "UNCERTAIN_FORWARD",
    "UNLIKE_A_PELVIS",
    "WITHOUT_SAMPLES_BEFORE",
    "as_judged",
    "degrees_words",
    "gait_factors",
    "lean_shown",
    "lean_words",
    "placed",
    "placement_warning",
    "placement_warning_of",
    "said_now",
    "shown",
    "shown_apart",
    "stored_not_at_lower_back",
    "unlike_a_pelvis_deg",
    "walking_tolerance",
    "without_distances",
    "worn_on_words",
]
