"""View models for the HTML pages: plain dicts built from service results, ready for the templates.

Pure functions (no IO, no clock): the pages module calls the services, these turn what they return
(the contract assessment JSON, the gait JSON, diary entries) into words a person can read. They
render the because-trail the engine produced; they never recompute a result.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from backstride.core.dates import (
    day_words,
    local_time,
    moment_words,
    walk_moment_words,
    walked_on,
)
from backstride.core.typed import TYPED_NUMBER, as_written, typed_decimal, typed_minutes_kept, typed_number
from backstride.core.units import WEEKS_IN, from_weeks, in_weeks
from backstride.fhir.export import see_clinician_sources
from backstride.gait.factors import (
    LOWER_BACK_CHOICE,
    SHOWN_DIGITS,
    as_judged,
    placement_warning_of,
    said_now,
    shown,
    stored_not_at_lower_back,
)
from backstride.gait.time_axis import time_words
from backstride.knowledge.questions import load_questions
from backstride.relief.plan import held_for_later, not_for_now, now_heading
from backstride.services import tolerance_words as said
from backstride.services.access import Access
from backstride.services.gait_findings import WALK_NOT_USABLE
from backstride.services.gait_findings import walk_not_judged as _not_judged
from backstride.services.plain_notes import plain_notes
from backstride.services.records import sender_short, sender_words, walk_deleted_notes
from backstride.services.wording import (  # one rule with the terminal
    GRADE_LABELS,
    NO_REASON_TEXT,
    about_them_in,
    about_them_text,
    banner_reasons,
    examined,
    finding_label,
    floor_words,
    humanize,
    is_floor,
    length_refused,
    minutes_words,
    number,
    number_refused,
    percent,
    warning_sign_cause_text,
    warning_sign_causes,
)
from backstride.services.wording import answer_words as _answer_words
from backstride.services.wording import field_of as _get
from backstride.services.wording import table_of as _table
from backstride.web.charts import Bout, Series, day_means, time_series_svg, walk_timeline_svg
from backstride.web.templating import SIGN_IN_REQUIRED

DISPOSITION_LEVELS = {
    "emergency": "Emergency",
    "urgent": "Today",
    "routine": "Within one to two weeks",
    "self_care": "Look after it at home",
}
DISPOSITION_HEADINGS = {
    "emergency": "Get emergency help now",
    "urgent": "See a clinician today",
    "routine": "Book a visit with a clinician",
    "self_care": "You can look after this at home for now",
}
FORMAT_CHOICES = (
    ("auto", "Find out for me"),
    ("phyphox", "phyphox export"),
    ("sensor-logger", "Sensor Logger export"),
    ("csv", "CSV file (time, acceleration, rotation)"),
    ("mobilised", "Mobilise-D data.mat"),
    ("axivity", "Axivity .cwa"),
    ("actigraph", "ActiGraph .gt3x or ActiLife CSV"),
)
QUALITY_WORDS = {
    "default_height": "We used a typical body height. Add your height for a better number.",
    "exploratory": "One sensor measures this only roughly.",
    "relative_to_standing": "Measured against how you stood when you were not walking.",
    "standing_elsewhere_in_recording": "Measured against how you stood at another time in the recording.",
    "includes_sensor_mounting_tilt": "The tilt of the sensor on your belt is part of this number.",
    "not_worn_at_lower_back": "The sensor was not worn at the lower back.",
    "too_short": "The walk was too short to be sure.",
    "too_slow": "You walked very slowly. Our way of working out stride and speed is least sure then.",
    "too_noisy": "Your steps were very uneven in time (turns, stops and starts), so this number is rough.",
    "turns_not_corrected": "The file has no turning sensor (gyroscope). A turn can make strides look long.",
    "low_sampling_rate": "The sensor took under 50 readings a second: too few to tell how hard a foot lands.",
    "sides_unclear": "We could not tell your left steps from your right steps.",
    "sides_partly_unclear": "For part of the walk we could not tell your left steps from your right steps.",
    "no_side_signal": "The sensor showed no clear sign of which foot was stepping.",
    "too_few_steps": "There were too few steps to tell left from right.",
    "alternation_broken": "A step was missed or counted twice, so left and right may be mixed up in places.",
    "sides_unknown": "There were too few left and right steps to compare them.",
    "only_turning_strides": "You turned in every stride, so we could not measure this on a straight walk.",
    "no_gyroscope_or_direction": "We had no turning sensor (gyroscope) or walking direction to measure this.",
    "orientation_unknown": "We could not tell how the sensor was tilted, so we could not measure your lean.",
    "uncertain_forward_direction": "We were not sure which way was forward.",
    "standing_maybe_bent": "When you were still, you were bent forward more than when you walked: "
    "maybe sitting or bending, not standing up straight.",
    "standing_maybe_reclined": "Some of the time you were still, you were tipped back much more than when "
    "you walked: maybe sitting back in a seat, not standing.",
    "too_little_walking": "There was too little walking to find which way was forward.",
    "no_walking_direction": "We could not find which way you walked.",
    "merged_across_window_edge": "This walk ran across two parts of a long recording. We joined them.",
    # walking tolerance: the terminal's words (services.tolerance_words)
    "no_walking_found": said.sentence(said.NO_WALKING),
    "first_symptom_before_walking": said.sentence(f"the first symptom came {said.BEFORE_WALKING}"),
    "stop_before_walking": said.sentence(f"you had to stop {said.BEFORE_WALKING}"),
    "time_without_samples_before_first_symptom": said.sentence(
        f"time to the first symptom: {said.NOTHING_RECORDED}"
    ),
    "time_without_samples_before_stop": said.sentence(f"time to the stop: {said.NOTHING_RECORDED}"),
}
# How sure the gait engine is of a walking habit, in plain words: its grade ("low: running studies
# only, no walking definition or trial (EVIDENCE.md D.6)") starts with a level; the rest is for a
# clinician and stays on the page, folded away.
GRADE_LEVEL_WORDS = {
    "high": "sure",
    "moderate": "fairly sure",
    "low": "not very sure",
    "very low": "not sure",
    "exploratory": "only a hint",
}
# What kind of study a source is, in words (sources.yaml's kind, EVIDENCE.md's conventions).
SOURCE_KIND_WORDS = {
    "SR": "A review of many studies",
    "GL": "A guideline",
    "DX": "A study of how well a test finds an illness",
    "COH": "A study that followed people over time",
    "RCT": "A trial",
    "EXP": "Expert opinion",
    "TRAD": "Tradition",
}
# Who answered a check, as History says it (the API's mode); not "with an examination": a clinician's
# check may have none entered (ANSWERED_BY below).
MODE_WORDS = {"person": "You", "clinician": "A clinician"}
# Who answered a check, as the report says it: a clinician's check may have no examination finding
# (the questions ended before one was asked, or each was "don't know"), and must not say it had one.
ANSWERED_BY = {
    "person": "by the person, without an examination",
    "clinician": "by a clinician, with an examination",
    "clinician_no_exam": "by a clinician, with no examination finding entered",
}


def answered_by(kb: Any, mode: str, answers: Mapping[str, Any]) -> str:
    """``ANSWERED_BY``'s words for a check of ``mode`` with these answers."""
    if mode != "clinician":
        return ANSWERED_BY["person"]
    return ANSWERED_BY["clinician" if examined(kb, answers) else "clinician_no_exam"]


# What a gait factor's finding is called on the walk page: said in words, not only by the page's style.
FACTOR_STATUS = {True: "Found", False: "Not found", None: "Not judged"}
ACC_UNIT_CHOICES = (
    ("", "Written in the file's header"),
    ("m/s^2", "m/s² (metres per second squared)"),
    ("g", "g"),
)
# the walk page's "Where was it worn?" (gait.recording.WORN_AT_CHOICES, in words): no "my", so they read
# right to the person and to a clinic recording for them ("At my lower back" until 2026-11-28); the
# tipped-sensor warning quotes the lower back's (gait.factors.SAY_WHERE)
WORN_AT_PAGE_CHOICES = (
    ("", "I did not say (we judge from the recording)"),
    ("lower-back", LOWER_BACK_CHOICE),
    # the page asks for a belt at the middle of the lower back ("At the lower back"): this one is another
    # place on a belt, so a person who did as asked knows which to pick (the value and the API unchanged)
    ("belt", "On a belt, at the side or front"),
    ("pocket", "In a trouser pocket"),
    ("hand", "In a hand"),
    ("wrist", "On a wrist"),
)
GYR_UNIT_CHOICES = (
    ("", "Written in the file's header"),
    ("deg/s", "degrees per second"),
    ("rad/s", "radians per second"),
)


# ------------------------------------------------------------------------------------ helpers


def measure(value: Any, unit: str, digits: int = 1) -> str:
    """A number with its unit, or an em dash alone when it is unknown."""
    text = number(value, digits)
    return text if text == "—" else f"{text} {unit}"


def full_stop(message: object) -> str:
    """An error message as a sentence on a page, where more words follow it: with its full stop
    ("empty.csv is empty; expected a recording of a walk. What you typed below is kept."). Not
    capitalised: a message may start with a file's name, as typed."""
    text = str(message).rstrip()
    return text if text[-1:] in ".?!" or text.endswith(".)") else f"{text}."


def when(moment: str | datetime | date | None) -> str:
    """A date and time on the clock here, e.g. ``2 Nov 2026, 22:40``; a day, ``2 Nov 2026``
    (``core.dates``: one way everywhere)."""
    if moment is None:
        return ""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return str(moment)
    if isinstance(moment, datetime):
        return moment_words(moment)
    return day_words(moment)


def walk_when(walked_at: str | datetime | None, sent: str | datetime) -> str:
    """When a walk was, as its page is headed: its recording's start on the clock where it was recorded
    (``core.dates.walk_moment_words``: a Shanghai walk at 00:52 reads '00:52 Shanghai time' on a computer
    on another clock, on the day it sits on in the charts, ``walk_day``), else when it was sent, on the
    clock here. ``walked_at``: the start (or, from a ``WalkRef``, the sent time itself when the file said
    no start)."""
    start = datetime.fromisoformat(walked_at) if isinstance(walked_at, str) else walked_at
    moment = datetime.fromisoformat(sent) if isinstance(sent, str) else sent
    if start is None or start == moment:
        return when(moment)
    return walk_moment_words(start, moment)


def walk_day(walk: Mapping[str, Any]) -> date:
    """The day a walk of ``Records.progress`` sits on in the charts, the diary and the report: its
    ``walked_on`` (its start's day where it was recorded, else the day it was sent, here)."""
    on = walk.get("walked_on")
    if isinstance(on, str):
        return date.fromisoformat(on)
    recorded = walk.get("walked_at") if walk.get("walked_at") != walk.get("created_at") else None
    start = datetime.fromisoformat(recorded) if isinstance(recorded, str) else None
    return walked_on(start, datetime.fromisoformat(str(walk.get("created_at") or walk["walked_at"])))


def day(moment: str | date) -> date:
    """The calendar day of an ISO date or date-time (local time)."""
    if isinstance(moment, datetime):
        return local_time(moment).date()
    if isinstance(moment, date):
        return moment
    if "T" in moment or " " in moment:
        return local_time(datetime.fromisoformat(moment)).date()
    return date.fromisoformat(moment)


# ---------------------------------------------------------------------------------- interview


def _option_pairs(options: Iterable[Any]) -> list[tuple[str, str]]:
    pairs = []
    for option in options or ():
        if isinstance(option, tuple | list) and len(option) == 2:
            value, label = option
        else:
            value = _get(option, "value", _get(option, "code", option))
            label = _get(option, "label", None) or humanize(str(value))
        pairs.append((str(value), str(label)))
    return pairs


# A number asked in weeks may be given in months or years (the pain's length: people count long pain
# in months): kept in weeks, the question's unit, by ``core.units.in_weeks``, as the terminal keeps it.
WEEKS_A_FEW_DAYS = 0.5  # as the terminal's prompt says it ("0.5 weeks for a few days")


def question_context(question: Mapping[str, Any] | Any) -> dict[str, Any]:
    """What the question template needs: the kind, the text, the why, and answer choices."""
    kind = str(_get(question, "kind"))
    lo, hi, unit = _get(question, "min"), _get(question, "max"), _get(question, "unit")
    range_hint = None
    units = list(WEEKS_IN) if kind == "number" and unit == "weeks" else []
    if kind == "number" and lo is not None and hi is not None and units:  # beside the unit choice
        in_each = [f"{number(from_weeks(hi, u))} {u}" for u in units]
        range_hint = f"From {number(lo)} to {', '.join(in_each[:-1])} or {in_each[-1]}."
        if lo <= WEEKS_A_FEW_DAYS:  # the question is just the question (questions 1.8.2): a few days here
            range_hint += f" For a few days, type {number(WEEKS_A_FEW_DAYS)} weeks."
    elif kind == "number" and lo is not None and hi is not None:
        range_hint = f"A number from {number(lo)} to {number(hi)}" + (
            f" ({unit})." if unit and unit != "0-10" else "."
        )
        if unit == "minutes":  # the box takes a stopwatch's time too, as the walking test does
            range_hint += " You can also type minutes and seconds, like 6:20."
    return {
        "id": _get(question, "id"),
        "kind": kind,
        "codes": list(_get(question, "codes") or ()),
        "text": _get(question, "text"),
        "why": _get(question, "why"),
        # the why is a clinical statement: cited as everywhere else (the terminal says them too)
        "sources": list(_get(question, "sources") or ()),
        "options": _option_pairs(_get(question, "options") or ()),
        "unit": unit if unit and unit != "0-10" else None,
        "min": lo,
        "max": hi,
        "range_hint": range_hint,
        "units": units,
    }


def parse_answer(
    question: Mapping[str, Any],
    choice: str,
    *,
    number_text: str = "",
    checked: Sequence[str] = (),
    number_unit: str = "",
) -> dict[str, Any]:
    """Turn one form submission into ``{finding_code: value}`` (``None`` = don't know).

    Raises ``ValueError`` with a plain-language message when the form does not make an answer.
    """
    q = question_context(question)
    codes: list[str] = q["codes"]
    kind = q["kind"]
    if choice == "unknown":
        if kind == "checklist" and checked:  # "these fit; the rest I don't know": never drop a tick
            _only_its_own(checked, codes)
            return {code: True if code in checked else None for code in codes}
        return {code: None for code in codes}
    if kind == "bool":
        if choice not in ("yes", "no"):
            raise ValueError("Please choose Yes, No or I don't know.")
        return {codes[0]: choice == "yes"}
    if kind == "enum":
        allowed = [value for value, _ in q["options"]]
        if choice not in allowed:
            raise ValueError("Please choose one of the answers, or I don't know.")
        return {codes[0]: choice}
    if kind == "number":
        if not (number_text or "").strip():
            raise ValueError("Please type a number, or choose I don't know.")
        in_minutes = q["unit"] == "minutes"
        # minutes as the walking test takes them: "6:20" or "6 min 20 s" (to a hundredth, as the diary)
        stopwatch = in_minutes and not TYPED_NUMBER.fullmatch(number_text.strip())
        try:  # from its digits: 49.99999999999999999 years is under 50, though its float is 50.0
            value = typed_minutes_kept(number_text) if stopwatch else as_written(typed_decimal(number_text))
        except ValueError:
            like = "minutes like 12 or 6:20" if in_minutes else "a number like 12"
            raise ValueError(f"“{number_text}” is not a number. Please type {like}.") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("Please type an ordinary number.")
        if number_unit and number_unit != q["unit"] and number_unit not in q["units"]:
            units = q["units"] or [q["unit"] or "this question's unit"]  # a form made up, not ours
            listed = units[0] if len(units) == 1 else f"{', '.join(units[:-1])} or {units[-1]}"
            raise ValueError(f"Please give the number in {listed}.")
        exact = Decimal(repr(value)) if stopwatch else typed_decimal(number_text)  # the digits typed
        if q["units"]:  # weeks, months or years, kept in weeks; "11.99999999999999999" weeks is 11.9
            # from the digits typed, not their float: that may be just past a boundary (12 weeks)
            value = in_weeks(exact, number_unit or q["unit"])
        if (q["min"] is not None and value < q["min"]) or (q["max"] is not None and value > q["max"]):
            if not q["units"]:
                # what was typed, as a length says it: "You typed 200 years. Please type ... 120 years."
                raise ValueError(number_refused(exact, q["unit"], q["min"] or 0, q["max"]))
            # said in the unit the person chose, not in weeks, as the terminal says it
            raise ValueError(length_refused(exact, number_unit or q["unit"], q["min"], q["max"]))
        return {codes[0]: int(value) if value.is_integer() else value}
    if kind == "checklist":
        if choice == "none":
            if checked:  # a tick is an answer: "none" would store it as no (a warning sign lost)
                raise ValueError(
                    "You ticked something and also chose None of these. Please press Next if the ticks "
                    "are right, or untick them and choose None of these."
                )
            return {code: False for code in codes}
        if choice == "checked":
            _only_its_own(checked, codes)
            if not checked:
                raise ValueError("You did not tick anything. Choose None of these if none apply.")
            return {code: code in checked for code in codes}
        raise ValueError("Please tick the ones that fit you, or choose None of these.")
    raise ValueError("This question cannot be answered here.")


def ticks_from_an_old_page(codes_text: str, choice: str, checked: Sequence[str]) -> dict[str, Any] | None:
    """The ticks of a checklist sent from a page of a question answered since (an old tab), as yes,
    or None when there are none: a ticked warning sign is never lost, and a yes only makes a result
    more careful. Anything else from an old page (a number, "none", a button) stores nothing; so
    does a tick that is not an item of the checklist that page showed."""
    if choice not in ("checked", "unknown") or not checked:
        return None
    posted = [c for c in codes_text.split(",") if c]
    lists = [q for q in load_questions().questions if q.kind == "checklist" and set(posted) <= set(q.codes)]
    if not posted or not lists or any(c not in posted for c in checked):
        return None
    return dict.fromkeys(checked, True)


def _only_its_own(checked: Sequence[str], codes: Sequence[str]) -> None:
    if any(c not in codes for c in checked):
        raise ValueError("That answer does not belong to this question.")


def progress_context(n_answered_questions: int, total: int) -> dict[str, int]:
    """Question number and at most how many in all (``services.interview.questions_estimate``: those
    answered and every question still open, never below the number shown)."""
    done = max(0, int(n_answered_questions))
    return {"number": done + 1, "done": done, "total": max(int(total), done + 1)}


# ------------------------------------------------------------------------------------- result


_STEP_NUMBER = re.compile(r"^\s*\d+[.)]\s*")


def _advice_item(kb: Any, item: Mapping[str, Any] | str, gait_codes: Sequence[str]) -> dict[str, Any]:
    code = item if isinstance(item, str) else str(item.get("code", ""))
    data: Mapping[str, Any] = {} if isinstance(item, str) else item
    advice = _table(kb, "advice").get(code)
    gait_factors = _table(kb, "gait_factors")

    def pick(name: str) -> Any:
        value = data.get(name)
        return value if value not in (None, "", [], ()) else _get(advice, name)

    because = data.get("reason")
    if not because:
        linked = [g for g in (_get(advice, "gait_factors") or ()) if g in gait_codes]
        because = " ".join(str(_get(gait_factors.get(g), "reason", "")) for g in linked).strip() or None
    grade = pick("evidence_grade") or pick("grade")
    return {
        "code": code,
        "title": pick("title"),
        "text": pick("text") or "",
        "timing": pick("timing"),
        # the list is numbered by the page (<ol>): drop "1. " written into the data
        "steps": [_STEP_NUMBER.sub("", str(step)) for step in pick("steps") or ()],
        "stop_if": pick("stop_if"),
        "section": pick("section"),
        "grade": GRADE_LABELS.get(str(grade), humanize(str(grade))) if grade else None,
        "note": pick("note"),
        "sources": list(pick("sources") or ()),
        "because": because,
    }


def plan_context(kb: Any, plan: Mapping[str, Any], gait_codes: Sequence[str]) -> dict[str, Any]:
    """The plan in the order people use it: on the walk, the timeline, at home, stretches."""
    immediate = [_advice_item(kb, i, gait_codes) for i in plan.get("immediate") or ()]
    home = [_advice_item(kb, i, gait_codes) for i in plan.get("home") or ()]
    stretches = [_advice_item(kb, i, gait_codes) for i in plan.get("stretches") or ()]
    # an engine that puts stretches under "home" still gets them shown as numbered steps
    stretches += [i for i in home if i["section"] == "stretch" or i["steps"]]
    home = [i for i in home if not (i["section"] == "stretch" or i["steps"])]
    timeline = [
        {
            "timing": str(t.get("when") or t.get("timing") or ""),
            "text": str(t.get("text") or ""),
            "title": None,
            "sources": list(t.get("sources") or ()),
        }
        for t in plan.get("timeline") or ()
    ]
    if not timeline:  # no timeline from the engine: build it from the timed home items
        timeline = [
            {"timing": i["timing"], "text": i["text"], "title": i["title"], "sources": i["sources"]}
            for i in home
            if i["timing"]
        ]
    # the article's advice an urgent or emergency plan leaves until a clinician has seen the person:
    # named after the plan's steps, with each item's evidence, never as a step to do now
    later = [
        {
            "reason": str(h.get("reason") or ""),
            "sources": list(h.get("sources") or ()),
            "count": len(h.get("titles") or ()),
            "items": [
                {"title": not_for_now(title), "grade": GRADE_LABELS.get(str(grade), humanize(str(grade)))}
                for title, grade in zip(
                    h.get("titles") or (),
                    h.get("evidence_grades") or [""] * len(h.get("titles") or ()),
                    strict=False,
                )
            ],
        }
        for h in held_for_later(plan)
    ]
    return {
        "immediate": immediate,
        "timeline": timeline,
        "home": home,
        "stretches": stretches,
        "see_clinician": plan.get("see_clinician"),
        "now_heading": now_heading(plan),
        "later": later,
        "all": immediate + home + stretches,
    }


def banner_context(kb: Any, result: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    code = str(result.get("disposition") or "routine")
    disposition = _table(kb, "dispositions").get(code)
    plan = result.get("plan") or {}
    # each with its sources, as the warning boxes list them: the banner is the first thing read
    groups = [
        {"heading": heading, "reasons": _rule_reasons(hits)} for heading, hits in banner_reasons(result)
    ]
    return {
        "code": code,
        "level": DISPOSITION_LEVELS.get(code, humanize(code)),
        "heading": DISPOSITION_HEADINGS.get(code, humanize(code)),
        "action": plan.get("see_clinician")
        or _get(disposition, "see_clinician")
        or result.get("disposition_text")
        or _get(disposition, "means"),
        # what to do cites the sources of all it says: the level's advice, and (in the plan's words) the
        # likeliest cause's hint for the clinician, a cause not ruled out, advice held back
        "sources": see_clinician_sources(result, kb)
        if plan.get("see_clinician")
        else list(_get(disposition, "sources") or ()),  # no plan: an older stored result
        # "Why:" for the rules that set the level, then "Also:" for those that fired below it
        "reason_groups": groups,
        "reasons": groups[0]["reasons"] if groups else [],  # the first group
        "reasons_heading": groups[0]["heading"] if groups else "Why:",
    }


def not_finished_context(signs: Sequence[Any], *, raised: bool, new_question: bool = False) -> dict[str, Any]:
    """The "not finished" notice for a result shown before every warning sign was asked.

    ``signs`` are the interview's ``WarningSign`` items (each unasked sign in words, with what it
    alone would set); they are grouped by how soon to get help. ``raised``: a warning sign already
    fired, so its banner comes first and this notice follows it. ``new_question``: the check was
    finished, and the question was added since: said so, and offered (still listed, never hidden).
    """
    from backstride.services import interview as words

    groups = [
        {
            "level": group.level,
            "advice": group.lead,  # always said: a rule's own sentence may not say where to go
            "items": [str(s.text) for s in group.listed],  # short list items under the advice
            "sentences": [str(s.text) for s in group.sentences],  # a rule's own, after them
            "sources": list(group.all_sources),
        }
        for group in words.group_warning_signs(signs, words.WARNING_SIGN_ADVICE)
    ]
    if new_question:
        heading = words.NEW_QUESTION_HEADING if len(signs) == 1 else words.NEW_QUESTIONS_HEADING
        text, button = words.NEW_QUESTION_TEXT, words.NEW_QUESTION_BUTTON
    else:
        heading, button = "Not finished", "Answer the warning sign questions"
        text = words.NOT_FINISHED_RAISED_TEXT if raised else words.NOT_FINISHED_TEXT
    return {"heading": heading, "text": text, "button": button, "raised": raised, "groups": groups}


def emergency_alert_context(
    emergency_now: Mapping[str, Any] | None,
    answers: Mapping[str, Any] | None = None,
    next_question: Mapping[str, Any] | None = None,
    *,
    about_them: bool = False,
) -> dict[str, Any] | None:
    """The emergency notice for a question page, once an answer made this an emergency; else None.
    ``about_them``: a clinician's check, its words to the person said about them, as urgently
    (``about_them_text``: "They must go to an emergency department ... Do not let them drive.").

    Said at once, as the terminal does, not only when the interview ends: go now, do not drive,
    each fired rule's reason with its sources, and the sources of the advice itself.
    ``emergency_now`` is the interview state's (``AssessmentView.emergency_now``), for its ``answers``;
    ``next_question`` the question shown below it: when its answer may change this advice, it says so
    (``services.interview.emergency_alert_next``), else that the questions are about other signs.
    """
    from backstride.services import interview as words

    if not emergency_now:
        return None
    alert = {
        "text": str(emergency_now.get("message") or words.EMERGENCY_ALERT),
        "next": words.emergency_alert_next(
            answers or {}, (next_question or {}).get("codes") or (), web=True, clinician=about_them
        ),
        "reasons": _rule_reasons(emergency_now.get("red_flags")),
        "sources": list(emergency_now.get("sources") or words.WARNING_SIGN_SOURCES),
    }
    return about_them_in(alert) if about_them else alert


def warning_now_context(
    warning: Mapping[str, Any] | None, lead: str = "", *, about_them: bool = False
) -> dict[str, Any] | None:
    """``_warning_now.html``: what answers of a check not finished (or not stored) already mean, when
    they call for emergency help or a doctor today (an emergency or urgent rule, or a serious cause
    likely enough for a visit today: ``services.interview.warning_now``); else None. ``lead`` says
    whose answers ("Your answers so far mean"); the box is drawn as the result page's banner of that
    level, with what to do and why (each rule's reason, then the cause's), all with their sources.
    ``about_them``: a clinician's check, said about the person ("Their answers so far mean: they must
    get emergency help now", "Do not let them drive"); ``lead`` (the reader's) is kept as it is."""
    if not warning:
        return None
    if about_them:
        warning = about_them_in(dict(warning))
        lead = lead or about_them_text("Your answers so far mean")
    code = str(warning["disposition"])
    return {
        "code": code,
        "level": DISPOSITION_LEVELS.get(code, humanize(code)),
        "heading": f"{lead or 'Your answers so far mean'}: {warning['says']}",
        "action": str(warning["message"]),
        "sources": list(warning.get("sources") or ()),
        "reasons": _rule_reasons([*(warning.get("red_flags") or ()), *filter(None, [warning.get("cause")])]),
    }


def more_urgent(stored: str | None, than: str | None) -> bool:
    """Whether ``stored`` (a check's stored level) calls for emergency help or a doctor today, and is
    more urgent than ``than`` (what its answers' warning rules say; None: neither)."""
    from backstride.knowledge import DISPOSITION_RANK
    from backstride.services.interview import WARNING_NOW_SAYS

    if stored not in WARNING_NOW_SAYS:
        return False
    return than is None or DISPOSITION_RANK.get(stored, 0) > DISPOSITION_RANK.get(than, 0)


def level_warning(code: str, lead: str = "", *, about_them: bool = False) -> dict[str, Any] | None:
    """``warning_now_context`` of a level alone (``code``: "emergency" or "urgent", a check's stored
    level), with the plan's advice for it and its sources, as ``services.interview.warning_now`` gives
    them, and no rule to name (its result page says why); None for another level."""
    from backstride.knowledge import load_knowledge
    from backstride.services.interview import WARNING_NOW_ADVICE, WARNING_NOW_SAYS

    if code not in WARNING_NOW_SAYS:
        return None
    advice = load_knowledge().advice[WARNING_NOW_ADVICE[code]]
    warning = {
        "disposition": code,
        "says": WARNING_NOW_SAYS[code],
        "message": advice.text,
        "sources": list(advice.sources),
        "red_flags": [],
        "cause": None,
    }
    return warning_now_context(warning, lead, about_them=about_them)


def answers_warning(
    answers: Mapping[str, Any], lead: str = "", *, kept: Any = None, about_them: bool = False
) -> dict[str, Any] | None:
    """``warning_now_context`` of what these answers already mean (``services.interview.warning_now``:
    no result is worked out); None when they call for neither emergency help nor a doctor today, or
    when this version can read none of them. ``kept``: a ``Records`` whose warnings' own cache keeps it
    for these answers (it is pure in them), so a page that lists many checks (Home) works each out
    once without pushing anybody's next question out of the other cache. ``about_them``: a clinician's
    check (``warning_now_context``).
    Answers this version cannot read as a whole (a check kept by a version with other questions) are
    read as far as it can (``sent_answers``): "new trouble peeing" still means an emergency beside a
    code since retired."""
    from backstride.services.interview import sent_answers, warning_now

    key = answers_key("warning now", answers)
    hit = kept.warning_recalled(key) if kept is not None and key is not None else None
    if hit is None:
        try:
            hit = (warning_now(answers),)
        except ValueError:
            try:
                hit = (warning_now(sent_answers(answers)),)
            except ValueError:
                hit = (None,)
        if kept is not None and key is not None:
            kept.warning_remember(key, hit)
    return warning_now_context(hit[0], lead, about_them=about_them)


def question_warning(
    mode: str, answers: Mapping[str, Any], *, kept: Any = None, about_them: bool = False
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """What the question page shows of the warning in force when no emergency holds: a doctor today
    (``answers_warning``, its box starting "Your last answer changes the advice above." when that
    answer lowered an emergency to it), and, when the last answer took away the warning before it
    and none holds, what no longer holds (``_advice_changed.html``: ``services.interview.
    warning_lowered``); each None when there is nothing to say. ``kept``: a ``Records`` whose warnings'
    cache keeps both (``answers_warning``: the answers before the last are the page before's, worked
    out already). ``about_them``: a clinician's check."""
    from backstride.knowledge import DISPOSITION_RANK
    from backstride.services import interview as words

    warning = answers_warning(answers, kept=kept, about_them=about_them)
    earlier = words.answers_before_last(mode, answers)
    was = answers_warning(earlier, kept=kept) if earlier is not None else None
    before = was["code"] if was else None
    now = warning["code"] if warning else None
    if before is None or DISPOSITION_RANK[before] <= DISPOSITION_RANK.get(now or "", 0):
        return warning, None
    say = about_them_text if about_them else str
    if warning is not None:
        return {**warning, "intro": say(words.WARNING_CHANGED)}, None
    lowered = words.warning_lowered(answers, before)
    return None, {
        "changed": say(words.WARNING_CHANGED),
        "no_longer": say(lowered["no_longer"]),
        "next": f"{say(words.WARNING_RESULT_SAYS[True])} {say(lowered['unsure'])}",
        "reasons": [{**r, "message": say(r["message"])} for r in _rule_reasons(lowered["red_flags"])],
        "sources": lowered["sources"],
    }


def answers_key(what: str, answers: Mapping[str, Any]) -> Any:
    """A cache key for something pure in these answers (``what`` tells its kind), or None when a
    value cannot be part of a key (a list): then it is just worked out."""
    # each value with its type: True == 1, but 1 is no answer to a yes-or-no question
    typed = ((code, type(value).__name__, value) for code, value in answers.items())
    key = (what, tuple(sorted(typed, key=lambda item: str(item[0]))))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def answers_unsure(
    check_id: int, mode: str, answers: Mapping[str, Any], disposition: str = "", *, kept: Any = None
) -> dict[str, Any] | None:
    """``uncertain_context`` for a check not finished, as Home shows it beside its offer to carry on:
    the warning signs answered "don't know" so far and what to do if one is true, as its result page
    says them (``Interview.uncertain_warning_signs``: no result is worked out); None when there are
    none. Answers kept by a version with other questions: from those this version can read
    (``sent_answers``), as ``answers_warning`` reads them. The box's id is
    the check's own (``uncertain-3``) and its heading a level down, under Home's "Carry on"; it has no
    button of its own (the offer's "Continue" is beside it). A clinician's check says it about the person
    ("They were not sure ..."). ``kept``: as ``answers_warning``'s."""
    from backstride.services.interview import Interview, sent_answers

    key = answers_key(f"unsure {mode}", answers)
    hit = kept.warning_recalled(key) if kept is not None and key is not None else None
    if hit is None:
        hit = ((),)
        # answers a version with other questions kept: those this version can read, as the warning's
        for readable in (lambda: dict(answers), lambda: sent_answers(answers)):
            try:
                hit = (Interview(mode, readable()).uncertain_warning_signs(),)
                break
            except (ValueError, KeyError, TypeError):
                continue
        if kept is not None and key is not None:
            kept.warning_remember(key, hit)
    box = uncertain_context(hit[0], disposition)
    if box is not None and mode == "clinician":  # read by the clinician: about the person
        box = about_them_in(box)
    return None if box is None else {**box, "id": f"uncertain-{check_id}", "nested": True}


def _rule_reasons(rules: Sequence[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """Each fired rule's message with its sources, as the warning boxes list them under "Why:"
    (``_rule_reasons.html``)."""
    return [
        {"message": str(f.get("message") or ""), "sources": list(f.get("sources") or ())} for f in rules or ()
    ]


def uncertain_context(
    signs: Sequence[Any], disposition: str, *, unasked: bool = False
) -> dict[str, Any] | None:
    """The box for warning signs answered "don't know", most urgent group first; None if there are none.

    ``signs`` are the interview's ``WarningSign`` items (``uncertain_warning_signs()``). The
    engine keeps them unknown, so the disposition stays; the box says what to do if one is true,
    each sign with its sources: short items in a list, a warning rule's own sentences after it
    (``SignGroup.listed``, ``.sentences``, ``.lead``). ``qualified``: some sign would call for quicker
    help than the disposition, so its heading must say "if none of the warning signs below is true".
    ``unasked``: the signs are warning rules that questions not asked yet could still fire
    (``unasked_warning_rules()``), the box "Questions not asked".
    """
    from backstride.services import interview as words

    if not signs:
        return None

    def said(sign: Any) -> dict[str, Any]:
        return {"text": str(sign.text), "sources": list(sign.sources)}

    groups = [
        {
            "level": group.level,
            "advice": group.lead,  # a list's heading; a sentence of its own when there is no list
            "sources": list(group.sources),
            "items": [said(s) for s in group.listed],  # short list items under the advice
            "sentences": [said(s) for s in group.sentences],  # a rule's own, which say what to do: after them
        }
        for group in words.group_warning_signs(signs, words.UNCERTAIN_ADVICE)
    ]
    return {
        "id": "unasked" if unasked else "uncertain",
        "heading": words.UNASKED_HEADING if unasked else words.UNCERTAIN_HEADING,
        "text": words.UNASKED_TEXT if unasked else words.UNCERTAIN_TEXT,
        "groups": groups,
        "urgent_level": groups[0]["level"],
        "qualified": bool(words.more_urgent_signs(signs, disposition)),
    }


def examination_context(result: Mapping[str, Any]) -> dict[str, Any] | None:
    """The examination note of a result (its ``examination_note``): the tests a clinician can do
    that the questions cannot and that could raise the disposition, the most relevant few with their
    sources; None when the result has none."""
    note = result.get("examination_note")
    if not note:
        return None
    exams = {e["code"]: e for e in note.get("exams") or ()}
    return {
        "text": str(note.get("text") or ""),
        "detail": str(note.get("detail") or ""),
        "advice": str(note.get("advice") or ""),
        "advice_sources": list(note.get("advice_sources") or ()),
        "could_rise_to": note.get("could_rise_to"),
        "items": [
            {"text": str(exams[c]["text"]), "sources": list(exams[c].get("sources") or ())}
            for c in note.get("shown") or ()
            if c in exams
        ],
        "sources": list(note.get("sources") or ()),
    }


# The history's qualifier: there is no box "below" in a table of past checks.
HISTORY_QUALIFIER = "if none of the warning signs you were not sure about is true"


def qualify_banner(banner: dict[str, Any], *boxes: Mapping[str, Any] | None) -> dict[str, Any]:
    """The banner, with a heading that is no all-clear while a more urgent sign is unsure.

    While a warning sign answered "don't know" (or not asked yet) would call for quicker help than
    the disposition, the heading says "..., if none of the warning signs below is true" and the
    banner loses the green of an all-clear (``qualified``). ``boxes``: ``uncertain_context``'s.
    """
    from backstride.services.interview import UNCERTAIN_QUALIFIER

    qualified = any(box and box.get("qualified") for box in boxes)
    heading = f"{banner['heading']}, {UNCERTAIN_QUALIFIER}" if qualified else banner["heading"]
    return {**banner, "heading": heading, "qualified": qualified}


def condition_name(kb: Any, code: str) -> str:
    """A condition's plain name from the knowledge base."""
    return str(_get(_table(kb, "conditions").get(code), "name") or humanize(code))


def _quoted(
    kb: Any,
    code: str,
    answers: Mapping[str, Any] | None,
    said: str,
    asked: bool,
    walk: Mapping[str, str] | None = None,
) -> str:
    """``finding_label`` as the result page (``said`` "you said") or the report ("they said") quotes it.
    ``walk``: what the walk the result used gave it, each as the walk's page says it
    (``check_changes.used_walk``); an answer not given ("don't know", not asked) that the walk filled
    in is quoted from it ("this walk: 1.9 s"), as the check used it."""
    about_them = said != "you said"
    if answers is not None and answers.get(code) is None and walk and walk.get(code) is not None:
        text = finding_label(kb, code, about_them=about_them, asked=asked)
        return f"{text} (this walk: {walk[code]})"
    return finding_label(kb, code, answers, said=said, about_them=about_them, asked=asked)


def _quotes(
    kb: Any, answers: Mapping[str, Any] | None, said: str, asked: bool, walk: Mapping[str, str] | None
) -> Callable[[str], str]:
    """``_quoted`` of one page's answers, each finding worked out once: the conditions' because-trails
    quote the same answers again and again (bench_web's result page: 93 quotes a page before, 63 with
    the answers' own list, which quotes each answer once)."""
    said_once: dict[str, str] = {}

    def quote(code: str) -> str:
        text = said_once.get(code)
        if text is None:
            text = said_once[code] = _quoted(kb, code, answers, said, asked, walk)
        return text

    return quote


def _condition(
    kb: Any,
    c: Mapping[str, Any],
    answers: Mapping[str, Any],
    said: str = "you said",
    asked: bool = False,
    walk: Mapping[str, str] | None = None,
    quote: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """A condition as the result page shows it. ``quote``: ``_quotes`` of the same answers, shared by
    the page's conditions (made here when not given)."""
    quote = quote or _quotes(kb, answers, said, asked, walk)
    code = str(c.get("code"))
    definition = _table(kb, "conditions").get(code)
    probability = float(c.get("probability") or 0.0)
    because = list(c.get("because") or ())
    # each answer of the because-trail in words once: the lists for and against quote the same ones
    # a warning sign's floor is not an answer: said as the floor it is, never as the answer again
    floors = [b for b in because if is_floor(kb, b)]
    quoted = [
        floor_words(kb, b, with_note=False).capitalize() if b in floors else quote(str(b.get("finding")))
        for b in because
    ]
    held = [f"{(w := floor_words(kb, b))[:1].upper()}{w[1:]}" for b in floors]
    if because:
        # the engine's because-trail: each answer, its likelihood ratio and log-odds contribution
        supporting = [
            q for q, b in zip(quoted, because, strict=True) if b.get("log_odds", 0) > 0 and b not in floors
        ]
        against = [q for q, b in zip(quoted, because, strict=True) if b.get("log_odds", 0) < 0]
    else:
        supporting = [quote(f) for f in c.get("supporting") or ()]
        against = [quote(f) for f in c.get("against") or ()]
    trail = [
        {
            "finding": q,
            "note": b.get("note") or "",
            "lr": number(b.get("likelihood_ratio"), 2),
            "log_odds": f"{float(b.get('log_odds') or 0):+.2f}",
            "sources": ", ".join(b.get("sources") or ()),
            "judgement": bool(b.get("judgement")),
            "floor": b in floors,
        }
        for q, b in zip(quoted, because, strict=True)
    ]
    return {
        "code": code,
        "name": c.get("name") or _get(definition, "name") or humanize(code),
        "text": c.get("text") or _get(definition, "text"),
        "probability": probability,
        "percent": max(0.0, min(100.0, round(probability * 100, 1))),
        "percent_text": percent(probability),
        "supporting": supporting,
        "against": against,
        "held": held,  # a warning sign's floor, with where it comes from (its sources are the trail's)
        "held_sources": ", ".join(dict.fromkeys(x for b in floors for x in b.get("sources") or ())),
        "trail": trail,
        "prior": percent(float(c["prior"])) if c.get("prior") is not None else None,
        "evidence": list(c.get("evidence") or ()),
    }


def result_context(
    kb: Any,
    result: Mapping[str, Any],
    answers: Mapping[str, Any],
    *,
    gait_codes: Sequence[str] = (),
    top: int = 5,
    said: str = "you said",
    asked: bool = False,
    walk: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the result page shows, in the order it shows it. ``said``: how an answer is quoted,
    "you said" on the person's own page, "they said" in the report for a clinician. ``asked``: each
    answer in the words the person was asked (their own check on their own page), not the findings'
    clinical words, which a clinician's check and the report keep. ``walk``: what the walk the result
    used gave it, as the walk's page says it, which fills in the answers not given (``_quoted``)."""
    quote = _quotes(kb, answers, said, asked, walk)  # each answer in words once for the whole page
    conditions = [
        _condition(kb, c, answers, said, asked, walk, quote) for c in result.get("conditions") or ()
    ]
    findings = _table(kb, "findings")
    # every answer in words, "don't know" too, in the order given: for the clinician who reads this
    answer_rows = [
        {
            "finding": _quoted(kb, code, None, said, asked),
            "answer": _answer_words(value, findings.get(code), asked=code if asked else None),
        }
        for code, value in answers.items()
    ]
    plan_data = result.get("plan") or {}
    gait_codes = list(gait_codes) or [str(g) for g in plan_data.get("gait_factors") or ()]
    plan = plan_context(kb, plan_data, gait_codes)
    banner = banner_context(kb, result, answers)
    plan["see_clinician_sources"] = banner["sources"]  # the same text as the banner's "What to do now"
    plan["later_folded"] = result.get("disposition") == "emergency"  # "go now" stays alone in view
    factor_defs = _table(kb, "gait_factors")
    raised = result.get("disposition") in ("urgent", "emergency")

    def hit(flag: Mapping[str, Any]) -> dict[str, Any]:
        rule = _table(kb, "red_flag_rules").get(str(flag.get("code")))
        return {
            "message": flag.get("message") or _get(rule, "message") or humanize(str(flag.get("code"))),
            "findings": [quote(f) for f in flag.get("findings") or ()],
            "because": "Because you said" if said == "you said" else "From these answers",
            "sources": list(flag.get("sources") or _get(rule, "sources") or ()),
        }

    cannot_exclude = [
        {
            "name": condition_name(kb, str(m.get("code"))),
            "percent_text": percent(float(m.get("probability") or 0)),
            "text": m.get("text") or "",
            "what_settles_it": m.get("what_settles_it") or "",
            "sources": list(m.get("sources") or ()),
        }
        for m in result.get("cannot_exclude") or ()
    ]
    notes = [
        {
            "title": i["title"] or humanize(i["code"]),
            "grade": i["grade"],
            "note": i["note"],
            "sources": i["sources"],
            "because": i["because"],  # why it is in the plan: the walk's measure, a likely cause
        }
        for i in plan["all"]
        if i["grade"] and i["note"]
    ]
    return {
        "banner": banner,
        "red_flags": [hit(f) for f in result.get("red_flags") or ()],
        "reasons_for_review": [hit(f) for f in result.get("reasons_for_review") or ()],
        "cannot_exclude": cannot_exclude,
        # a warning sign's cause not listed first: said above the list (``warning_sign_causes``)
        "warning_sign_note": (
            warning_sign_cause_text(names) if (names := warning_sign_causes(result)) else None
        ),
        "no_reason_text": NO_REASON_TEXT,
        "conditions_top": conditions[:top],
        "conditions_rest": conditions[top:],
        "plan": plan,
        "evidence_notes": notes,
        "answers": answer_rows,
        # what the walk showed, and its tip when the plan gives walking tips: an urgent or emergency
        # plan leaves them for later ("Building up walking time slowly can help." is not for now)
        "gait_factors": [
            str(_get(factor_defs.get(g), "text" if raised else "reason") or humanize(g)) for g in gait_codes
        ],
        # the template writes "This is not a diagnosis." in bold itself
        "not_a_diagnosis": re.sub(
            r"^\s*This is not a diagnosis\.\s*", "", str(result.get("not_a_diagnosis") or "")
        ),
        "knowledge_version": result.get("knowledge_version"),
    }


# the walk a check used and those it left out (``services.records.CheckWalks``), per voice: "you" the
# result page, "person" the report for a clinician
CHECK_WALK_WORDS = {
    "you": {
        "used": "This check uses your walk from {when}.",
        # dated when it was recorded (its page's date), which may be before the check: it was *sent* after
        "newer": "Your walk from {when} was sent after this check was finished, so it is not part of it. "
        "Start a new check to include it.",
        "passed_over": "Your walk from {when} is not part of this check: it {why}.",
        # an old recording sent after the walk used: a check uses the walk done last, not the file sent last
        "earlier": "Your walk from {when} is not part of this check: it was recorded earlier than your "
        "walk from {used}, and a check uses the walk you did last.",
        # a check finished when checks used the walk sent last keeps the result it told
        "kept_over": "Your walk from {when} is not part of this check: its result was worked out with your "
        "walk from {used} when you finished it, and it stays as it was. A new check uses your walk from "
        "{when}.",
    },
    "person": {
        "used": "This check used the walk from {when}.",
        "newer": "The walk from {when} was sent after this check was finished, so it is not part of it.",
        "passed_over": "The walk from {when} is not part of this check: it {why}.",
        "earlier": "The walk from {when} is not part of this check: it was recorded earlier than the "
        "walk from {used}, and a check uses the walk done last.",
        "kept_over": "The walk from {when} is not part of this check: its result was worked out with the "
        "walk from {used} when it was finished, and it stays as it was.",
    },
}


def check_walk_context(walks: Any, *, voice: str = "you") -> dict[str, Any] | None:
    """Which walk a check used (``used_id``, ``used_when``, ``used``: the sentence) and ``note``: one
    line on a walk it left out (one sent later that a new check would use, else the one done last that
    the check had when its stored result keeps another, else the one walked most recently that cannot
    speak for the person's walking, with why, else an old recording sent after the walk used); None when
    there is nothing to say (no walk)."""
    if walks is None:
        return None
    words = CHECK_WALK_WORDS[voice]

    def dated(ref: Any) -> str:  # the walk's own page's date: recorded (where it was), else sent
        return walk_when(ref.walked_at, ref.created_at)

    note = None
    if walks.newer is not None:
        note = words["newer"].format(when=dated(walks.newer))
    elif walks.kept_over is not None and walks.used is not None:
        note = words["kept_over"].format(when=dated(walks.kept_over), used=dated(walks.used))
    elif walks.passed_over is not None:
        why = WALK_NOT_USABLE.get(str(walks.passed_over.not_usable), "cannot be measured well")
        note = words["passed_over"].format(when=dated(walks.passed_over), why=why)
    elif walks.earlier is not None and walks.used is not None:
        note = words["earlier"].format(when=dated(walks.earlier), used=dated(walks.used))
    used = walks.used
    deleted = walk_deleted_notes(walks, voice=voice, dated=when)
    if used is None and note is None and not deleted:
        return None
    return {
        # the walks its result used were deleted: worked out again without each, every one said, oldest first
        "deleted": " ".join(deleted) or None,
        "deleted_notes": deleted,
        "used_id": None if used is None else used.id,
        "used_when": None if used is None else dated(used),
        "used": None if used is None else words["used"].format(when=dated(used)),
        "note": note,
    }


# --------------------------------------------------------------------------------------- walks


def sources_list(kb: Any) -> list[dict[str, Any]]:
    """Every source of the knowledge base, in its order: key, citation, kind in words, address."""
    return [
        {
            "key": str(_get(source, "key") or key),
            "citation": str(_get(source, "citation") or ""),
            "kind": SOURCE_KIND_WORDS.get(str(_get(source, "kind") or ""), ""),
            "url": _get(source, "url") or "",
        }
        for key, source in _table(kb, "sources").items()
    ]


def quality_words(flags: Iterable[Any] | None) -> list[str]:
    """A result's quality flags in plain words (``QUALITY_WORDS``), each said once."""
    return list(dict.fromkeys(QUALITY_WORDS.get(str(q), humanize(str(q))) for q in flags or ()))


def grade_level_words(grade: str) -> str | None:
    """``not very sure`` for a gait grade ``low: ...``; None when it starts with no known level."""
    level = grade.split(":", 1)[0].strip().lower()
    return GRADE_LEVEL_WORDS.get(level)


def walk_time(seconds: Any) -> str:
    """A time on the walk pages, how long or how far into the recording: ``4.1 s`` under a minute,
    ``2 min 17 s``, ``3 h 0 min 4 s`` (whole seconds, never ``10804.3 s``); an em dash when unknown."""
    if seconds is None or isinstance(seconds, bool):
        return "—"
    return time_words(float(seconds))  # the terminal's bout table and --plot say it so too


def walk_measure(summary: Mapping[str, Any], key: str, unit: str = "") -> str:
    """A walk's number as the gait engine words it (``gait.factors.shown``: the same rounding and
    decimals as the factor texts, so 0.685 m/s is 0.69 m/s everywhere); an em dash when unknown."""
    value = summary.get(key)
    if value is None or isinstance(value, bool):
        return "—"
    text = shown(float(value), SHOWN_DIGITS.get(key, 1))
    return f"{text} {unit}".strip()


TOLERANCE_ROWS = (  # (event, what it is)
    ("first_symptom", "Until the first symptom"),
    ("stop", "Until you had to stop"),
)


def tolerance_context(tolerance: Mapping[str, Any] | None) -> dict[str, Any]:
    """The walk's walking tolerance (self-paced walking test): time and distance walked until the first
    symptom and until the stop, counted from the start of the first stretch of walking; the longest
    stretch without a pause; its sources. ``measured`` is false when no times were given (or none could
    be counted: ``no_walking``). A time the gait engine flags is said as the terminal says it
    (``services.tolerance_words``): before the walking began, or not a walking time."""
    tolerance = tolerance or {}
    rows = []
    for event, label in TOLERANCE_ROWS:
        seconds = tolerance.get(f"time_to_{event}_s")
        if seconds is None:
            continue
        came = said.came(tolerance, event)  # before the walking began or at its first step: reads 0
        if came is not None:  # there was no walking before it
            note = ""
            if event == "first_symptom" and said.counted_to_stop(tolerance):
                note = f"it came {came}, {said.COUNTED_TO_STOP}"
            elif event == "first_symptom" and said.stop_needed(tolerance):
                note = f"it came {came}; {said.STOP_NEEDED}"
            rows.append({"label": label, "time": said.sentence(came), "distance": "—", "note": note})
            continue
        rows.append(
            {
                "label": label,
                "time": said.duration(seconds),
                "distance": said.distance(tolerance.get(f"distance_to_{event}_m")) or "not known",
                "note": "; ".join(
                    x
                    for x in (
                        said.walking_part(tolerance, event),
                        said.NOTHING_RECORDED if said.nothing_recorded(tolerance, event) else "",
                        # a first symptom alone is the time before the pain starts, not the stop
                        said.STOP_NEEDED if event == "first_symptom" and said.stop_needed(tolerance) else "",
                    )
                    if x
                ),
            }
        )
    longest = tolerance.get("longest_bout_s")
    return {
        "measured": bool(rows),
        "no_walking": said.sentence(said.NO_WALKING) if said.no_walking_found(tolerance) else "",
        "rows": rows,
        "longest": None
        if longest is None
        else {"time": said.duration(longest), "distance": said.distance(tolerance.get("longest_bout_m"))},
        "sources": [str(k) for k in tolerance.get("sources") or ("D7",)],
        "quality": quality_words(
            q
            for q in tolerance.get("quality") or ()
            if str(q) not in said.said_flags()  # said above
        ),
    }


def in_clinic(records: Any) -> bool:
    """Whether these records are a clinic's: a sign-in is needed (staff accounts, or a clinic's shared
    password, which names nobody: ``Access.required``). There who sent a walk or started a check is said
    with staff in it ("with no staff member signed in by name"); at home (no sign-in) it is not."""
    required = SIGN_IN_REQUIRED.get()  # a page: as the sign-in read it for this request, no query more
    return Access(records.db).required if required is None else required


def walk_dates(walk: Any, *, clinic: bool = True) -> dict[str, Any]:
    """A walk's ``when``: its recording's start (``recorded_at``), else when it was sent; and ``sent``,
    when it was sent, said beside a recording's own start ('' otherwise). A Sensor Logger walk of
    5 Nov 2025 sent on 27 Nov 2026 read 'Your walk from 27 Nov 2026'."""
    recorded, sent = _get(walk, "recorded_at", None), _get(walk, "created_at")
    # and ``sent_by``: who sent it, in a sentence (``services.records.sender_words``); ``by_staff``: a
    # staff member by name, so the person's own page never says "you sent it" beside their name
    via, staff = _get(walk, "sent_via", None), _get(walk, "sent_by", None)
    return {
        "when": walk_when(recorded, sent),  # on the clock where it was recorded, its day in the charts
        "sent": when(sent) if recorded else "",
        "sent_by": sender_words(via, staff, clinic=clinic),
        "sent_by_short": sender_short(via, staff, clinic=clinic),
        "by_staff": bool(staff and via is not None),
    }


def walk_row(walk: Any) -> dict[str, Any]:
    summary = _get(walk, "summary") or {}
    return {
        "id": _get(walk, "id"),
        **walk_dates(walk),
        "filename": _get(walk, "original_filename"),
        "walking": f"{walk_time(summary.get('walking_duration_s'))}, {summary.get('n_steps', 0)} steps",
        # not worn at the lower back (``summarize_walk``): "not judged", as its own page says
        "speed": NOT_JUDGED
        if summary.get("not_at_lower_back")
        else walk_measure(summary, "walking_speed_mps", "m/s"),
        "cadence": walk_measure(summary, "cadence_spm"),
    }


NOT_JUDGED = "not judged"  # a walk's speed or stride length, not worn at the lower back


def walk_not_judged(result: Mapping[str, Any], bouts: Sequence[Mapping[str, Any]]) -> str | None:
    """Why the walk page judges no walking habit in this walk, in words; None when it does
    (``services.gait_findings.walk_not_judged``: the terminal says the same)."""
    return _not_judged({**result, "walking_bouts": list(bouts)}) if bouts else None


def walk_context(kb: Any, walk: Any, *, clinic: bool = True) -> dict[str, Any]:
    """The walk page: numbers, the timeline chart and its table, gait factors and what they change.
    ``clinic``: staff accounts exist (``in_clinic``), so who sent it may speak of staff."""
    result: Mapping[str, Any] = _get(walk, "result") or {}
    summary: Mapping[str, Any] = _get(walk, "summary") or {}
    # a sensor worn away from the lower back: said first, before any number (docs/gait-input.md)
    alignment: Mapping[str, Any] = result.get("alignment") or {}
    stored = result.get("summary")  # a walk stored before the tilt check: checked now
    placement = placement_warning_of(dict(alignment), stored if isinstance(stored, dict) else None)

    def estimate(numbers: Mapping[str, Any], key: str, unit: str) -> str:
        """Speed and stride length: the lower-back estimate the distance is, not judged as it is."""
        return NOT_JUDGED if placement is not None else walk_measure(numbers, key, unit)

    bouts_in = list(result.get("walking_bouts") or ())
    bouts = []
    for index, b in enumerate(bouts_in, start=1):
        bouts.append(
            {
                "label": f"Walk {index}",
                "start": walk_time(b.get("start_s")),
                "end": walk_time(b.get("end_s")),
                "steps": b.get("n_steps", "—"),
                "cadence": walk_measure(b, "cadence_spm"),
                "stride": estimate(b, "stride_length_m", "m"),
                "speed": estimate(b, "walking_speed_mps", "m/s"),
            }
        )
    duration = float(
        result.get("duration_s") or max((float(b.get("end_s", 0)) for b in bouts_in), default=1.0)
    )
    contacts = [float(t) for t in result.get("initial_contacts_s") or ()]
    desc = (
        f"A recording of {walk_time(duration)} with {len(bouts_in)} stretch"
        f"{'' if len(bouts_in) == 1 else 'es'} of walking and {len(contacts)} foot strikes. "
        + " ".join(f"Walk {i}: {r['start']} to {r['end']}." for i, r in enumerate(bouts, start=1))
    )
    timeline = walk_timeline_svg(
        duration_s=duration,
        bouts=[
            Bout(float(b.get("start_s", 0)), float(b.get("end_s", 0)), f"Walk {i}")
            for i, b in enumerate(bouts_in, start=1)
        ],
        contacts_s=contacts,
        chart_id=f"walk-{_get(walk, 'id')}-timeline",
        title="When you walked during the recording",
        desc=desc,
    )
    facts = [
        {"value": walk_time(duration), "label": "recorded"},
        {"value": walk_time(summary.get("walking_duration_s")), "label": "of walking"},
        {"value": str(summary.get("n_steps", 0)), "label": "steps"},
        {"value": walk_measure(summary, "cadence_spm"), "label": "steps per minute"},
        {"value": estimate(summary, "walking_speed_mps", "m/s"), "label": "walking speed"},
        {"value": estimate(summary, "stride_length_m", "m"), "label": "stride length (two steps)"},
    ]
    factor_defs = _table(kb, "gait_factors")
    # a walk the checks will not use (too little or too unsteady walking) claims no habit and no
    # certainty: its factors are "not judged", as the check that passes it over says
    unjudged = walk_not_judged(result, bouts_in)
    # not worn at the lower back: its factors are not judged, also those of a pocket walk stored before
    # the tilt check, whose stored verdicts ("uneven steps" found) are left out (``as_judged``)
    away = stored_not_at_lower_back(result)
    factors = []
    for f in (as_judged(result) if away else result).get("gait_factors") or ():
        code = str(f.get("code"))
        value = f.get("value")
        # the gait engine's own wording of the value (one rounding rule with its texts), else ours
        value_text = str(f.get("shown_value") or "")
        if not value_text and isinstance(value, int | float) and not isinstance(value, bool):
            value_text = f"{number(value, 2)} {f.get('unit') or ''}".strip()
        measured = f.get("present") is not None  # by the gait engine (with the height it assumed)
        found = None if not measured or unjudged else bool(f.get("present"))
        judged = found is not None
        factors.append(
            {
                "code": code,
                # said in words, so a heading never reads as a claim when the factor is absent
                "status": FACTOR_STATUS[found],
                "name": str(_get(factor_defs.get(code), "text") or humanize(code)).rstrip("."),
                "present": bool(found),
                "value": value_text,
                "explanation": "" if unjudged else f.get("explanation") or "",
                # a factor not judged claims no certainty, nor a height it did not use
                "grade": (f.get("evidence_grade") or "") if judged else "",
                "grade_words": grade_level_words(str(f.get("evidence_grade") or "")) if judged else None,
                "quality": quality_words(
                    q for q in f.get("quality") or () if measured or q != "default_height"
                ),
            }
        )
    present = [] if away else [str(c) for c in _get(walk, "gait_factor_codes") or ()]
    plan_items = []
    for advice in _table(kb, "advice").values():
        linked = [g for g in (_get(advice, "gait_factors") or ()) if g in present]
        if linked:
            reason = " ".join(str(_get(factor_defs.get(g), "reason", "")) for g in linked)
            plan_items.append(f"{_get(advice, 'title')}: {reason}".strip())
    findings: Mapping[str, Any] = _get(walk, "findings") or {}
    # a walk stored before its words changed: said as the page words them now (its placement warning too)
    notes = [said_now(str(n)) for n in result.get("notes") or result.get("quality_notes") or ()]
    return {
        "id": _get(walk, "id"),
        **walk_dates(walk, clinic=clinic),
        "filename": _get(walk, "original_filename"),
        "format": _get(walk, "source_format"),
        "facts": facts,
        "bouts": bouts,
        "timeline_svg": timeline,
        "factors": factors,
        "factors_not_judged": unjudged,
        "tolerance": tolerance_context(result.get("walking_tolerance")),
        # each as this page says it: its walking time "1.9 s", not the finding's "0 minutes"
        "findings": [
            f"{finding_label(kb, code)} (this walk: {words})"
            for code, words in said.walk_findings_said(findings, result, _table(kb, "findings")).items()
        ],
        "plan_items": plan_items,
        "placement_warning": placement,
        "notes": [n for n in notes if n != placement],
        "notes_plain": plain_notes(n for n in notes if n != placement),
    }


# --------------------------------------------------------------------------------------- diary


def _chart(
    chart_id: str,
    heading: str,
    series: Series,
    *,
    unit_label: str,
    y_min: float | None = None,
    y_max: float | None = None,
    value_header: str,
    digits: int = 1,
    empty_text: str = "No entries yet.",
    more: Sequence[Series] = (),
    say: Callable[[float], str] | None = None,
    both_said: str = "",
    note: str = "",
) -> dict[str, Any]:
    """One chart and its table; with ``more`` series, the table says which series each value is from,
    and the caption describes each series by its name (``both_said``: what a day with values in several
    series shows). ``say``: a value in the caption's words (default: the number with ``digits``).
    ``note``: what the chart left out and why, said under it (also when nothing is left to draw)."""
    drawn = [s for s in (series, *more) if s.points] or [series]
    labelled = any(m.points for m in more)  # then the table says where each value comes from
    points = sorted((p for s in drawn for p in s.points), key=lambda p: p[0])
    said = say or (lambda v: number(v, digits))
    if points and labelled:
        desc = " ".join(f"{s.label}: {_values_said(s.points, said)}" for s in drawn)
        days = [{d for d, _ in s.points} for s in drawn]
        if both_said and len(days) > 1 and set.intersection(*days):
            desc += f" {both_said}"
    elif points:
        desc = _values_said(points, said)
    else:
        desc = "No values yet."
    svg: Markup = time_series_svg(
        drawn,
        chart_id=chart_id,
        title=heading,
        desc=desc,
        y_label=unit_label,
        y_min=y_min,
        y_max=y_max,
    )
    return {
        "id": chart_id,
        "empty": not points,
        "empty_text": empty_text,
        "note": note,
        "heading": heading,
        "caption": desc,
        "svg": svg,
        "series": drawn,  # the lines as numbers (the PDF report draws them again)
        "table_caption": f"{heading}: the numbers",
        "headers": ["Day", value_header, *(["From"] if labelled else [])],
        "rows": [
            # in the caption's words: a table of "0.93" under a caption of "56 s" said one walk two ways
            (day_words(d), said(v), *([label] if labelled else []))
            for d, label, v in sorted((d, s.label, v) for s in drawn for d, v in s.points)
        ],
    }


# what a chart's caption says when a day has two or more values, as the report's weekly table says it
SAME_DAY_SAID = "A day with two or more values counts once, at their mean."


def _values_said(points: Iterable[tuple[date, float]], said: Callable[[float], str]) -> str:
    """A chart's values in one sentence: how many, the first and last, the lowest and highest, of the
    points the chart draws: a day with two or more values at their mean (``charts.day_means``), as its
    line does; the caption said "from 20 Nov 2026 (7)" of a day of 3 and 7 drawn at 5 (a
    physiotherapist's new-user test, 2026-11-28). The table under it keeps every value."""
    given = list(points)
    days = day_means(given)
    first, last = days[0], days[-1]
    if len(given) == 1:
        return f"1 value on {day_words(first[0])} ({said(first[1])})."
    lowest, highest = min(p[1] for p in days), max(p[1] for p in days)
    on_days = "" if len(days) == len(given) else f" on {len(days)} day{'' if len(days) == 1 else 's'}"
    if len(days) == 1:
        return f"{len(given)} values{on_days}, {day_words(first[0])} ({said(first[1])}). {SAME_DAY_SAID}"
    return (
        f"{len(given)} values{on_days} from {day_words(first[0])} ({said(first[1])}) to "
        f"{day_words(last[0])} ({said(last[1])}). Lowest {said(lowest)}, highest {said(highest)}."
        + ("" if len(days) == len(given) else f" {SAME_DAY_SAID}")
    )


# the header of a table of times walked, said as minutes_said says them ("56 s", "15 min")
TIME_WALKED = "Time walked"


def minutes_said(minutes: float) -> str:
    """Minutes walked in a caption's words: ``56 s``, ``2 min 30 s``, ``15 min`` (not ``0.93``): the
    diary's wording (``minutes_words``), with tenths of a second under 10 s for a measured walk."""
    return minutes_words(minutes, digits=1)


def diary_charts(progress: Mapping[str, Any], *, voice: str = "you") -> list[dict[str, Any]]:
    """Pain, walking tolerance, walking speed and cadence over time, each with its table. ``voice``
    "person": said about them, for the report ("Their diary", "from their walks")."""
    words: Callable[[str], str] = about_them_text if voice == "person" else str
    walks_page = "Walks" if voice == "person" else "My walks"  # the menu's name for it (base.html)
    entries = list(progress.get("entries") or ())
    walks = list(progress.get("walks") or ())
    pain = [(day(e["entry_date"]), float(e["pain_0_10"])) for e in entries if e.get("pain_0_10") is not None]
    tolerance = [
        (day(e["entry_date"]), float(e["walking_tolerance_min"]))
        for e in entries
        if e.get("walking_tolerance_min") is not None
    ]
    # a walk's day: its recording's start's day where it was recorded, else sent (Records.progress: walked_on)
    speed = [(walk_day(w), float(w["walking_speed_mps"])) for w in walks if w.get("walking_speed_mps")]
    # a walk not worn at the lower back has no speed (``summarize_walk``): the chart says it left it out
    away = sum(1 for w in walks if w.get("not_at_lower_back"))
    speed_note = (
        ""
        if not away
        else f"{away} walk{'' if away == 1 else 's'} left out: "
        f"{'it was' if away == 1 else 'they were'} not worn at the lower back, so the speed is not judged."
    )
    cadence = [(walk_day(w), float(w["cadence_spm"])) for w in walks if w.get("cadence_spm")]
    # minutes to the first symptom measured on a walk with its times given [D7]: the diary's moment
    # ("before the pain started"), not the forced stop a check takes from the walk, so like is shown
    # with like
    measured = [
        (walk_day(w), float(w["first_symptom_min"])) for w in walks if w.get("first_symptom_min") is not None
    ]
    return [
        _chart(
            "pain-chart",
            "Pain (0 to 10)",
            Series("Pain", pain),
            unit_label="Pain, 0 = none, 10 = worst",
            y_min=0,
            y_max=10,
            value_header="Pain (0-10)",
            digits=1,  # a day's mean in the caption: 3.5, not 4 (a pain typed is said as typed: 3)
        ),
        _chart(
            "tolerance-chart",
            "Minutes walked before pain",
            Series(words("Your diary") if measured else "Minutes", tolerance),
            unit_label="Minutes",
            y_min=0,
            value_header=TIME_WALKED,
            digits=2,  # a short walk's minutes to the first symptom: 0.5, not 0
            more=[Series("Measured on a walk", measured)],
            say=minutes_said,
            both_said="A day with both shows both: a measured walk does not replace the minutes typed in "
            "the diary.",
            # the diary and a walk's first symptom time one moment; the check's answer times another
            note=words("Both are the time walked before the pain starts, not before it makes you stop.")
            if measured
            else "",
        ),
        _chart(
            "speed-chart",
            words("Walking speed from your walks"),
            Series("Speed", speed),
            unit_label="Metres per second",
            y_min=0,
            value_header="Speed (m/s)",
            digits=2,
            say=lambda v: f"{number(v, 2)} m/s",  # "1 value on 27 Nov 2026 (0.62 m/s)", with its unit
            empty_text="No walking speed to show yet."
            if walks
            else words(f"No walks yet. Send a walk on the {walks_page} page to see your speed here."),
            note=speed_note,
        ),
        _chart(
            "cadence-chart",
            words("Steps per minute from your walks"),
            Series("Steps per minute", cadence),
            unit_label="Steps per minute",
            value_header="Steps per minute",
            digits=0,
            say=lambda v: f"{number(v, 0)} steps per minute",
            empty_text=words(
                f"No walks yet. Send a walk on the {walks_page} page to see your steps per minute here."
            ),
        ),
    ]


__all__ = [
    "CHECK_WALK_WORDS",
    "TIME_WALKED",
    "FORMAT_CHOICES",
    "TYPED_NUMBER",
    "answers_key",
    "answers_unsure",
    "answers_warning",
    "answered_by",
    "banner_context",
    "check_walk_context",
    "condition_name",
    "diary_charts",
    "minutes_said",
    "emergency_alert_context",
    "examined",
    "finding_label",
    "full_stop",
    "parse_answer",
    "plan_context",
    "progress_context",
    "qualify_banner",
    "question_context",
    "typed_number",
    "examination_context",
    "result_context",
    "uncertain_context",
    "walk_context",
    "walk_not_judged",
    "walk_row",
    "plain_notes",
]
