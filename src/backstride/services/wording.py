"""Numbers and answers in words for people, shared by the terminal and the web pages (one rule,
one place)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any

from backstride.core.chances import percent
from backstride.core.units import WEEKS_IN, from_weeks, in_weeks
from backstride.core.voice import about_them_text

# backstride.gait.factors, imported on the first call and kept (see ``_QUESTIONS``)
_FACTORS: list[Any] = []


def plain_number(value: float, digits: int) -> str:
    """A number rounded by the gait result's one rule (``factors.shown``), without trailing zeros."""
    if not _FACTORS:
        from backstride.gait import factors

        _FACTORS.append(factors)
    text = _FACTORS[0].shown(float(value), digits)
    return text.rstrip("0").rstrip(".") if "." in text else text


# An advice item's evidence grade in words: the result page and the report say these, the terminal the
# same in small letters (cli.render.GRADE_WORDS), so one tip has one grade wherever it is read
GRADE_LABELS = {
    "supported": "Supported by studies",
    "supported_mechanism": "Supported for some causes",
    "plausible_untested": "Makes sense, but not tested",
    "insufficient_evidence": "Not enough evidence yet",
    "not_supported": "Studies found it does not help",
    "safety": "Safety advice",
}


# A time too short to say with ``digits`` places of a second (never "0 s" for a time that was measured)
TOO_SHORT_TO_SAY = {0: "under 1 s", 1: "less than 0.1 s"}


def duration_words(seconds: Any, *, digits: int | None = None, unknown: str = "—") -> str:
    """``45 s``, ``3 min 20 s``, ``1 h 5 min``; ``unknown`` when there is no time. ``digits``: at most
    that many places of a second (0: whole seconds; 1: tenths under 10 s, as without it), and a time
    that rounds to nothing reads ``TOO_SHORT_TO_SAY`` ("less than 0.1 s"), not "0 s". A half rounds
    away from zero, a minute or more too ("1 min 3 s" for 62.5 s), as every number is said."""
    if seconds is None or isinstance(seconds, bool):
        return unknown
    if digits is not None:
        x = float(seconds)
        if x != 0 and float(plain_number(x, digits)) == 0:
            return TOO_SHORT_TO_SAY[digits]
        if digits == 0:
            seconds = float(plain_number(x, 0))
    s = int(plain_number(seconds, 0))
    if s < 60:
        return f"{plain_number(seconds, 0 if float(seconds) >= 10 else 1)} s"
    if s < 3600:
        return f"{s // 60} min" + (f" {s % 60} s" if s % 60 else "")
    return f"{s // 3600} h" + (f" {s % 3600 // 60} min" if s % 3600 // 60 else "")


def minutes_words(minutes: Any, *, digits: int = 0, unknown: str = "—") -> str:
    """A time given in minutes, said as ``duration_words`` says it, never ``0 minutes`` for a few
    seconds. ``digits``: the places of a second it is said with.

    * 0 (the default): a time a person gave (an answer, a diary day), kept to a hundredth of a minute
      (0.6 s), so "1.8 s" would claim too much: ``2 s`` (0.03 min), ``56 s``, ``12 min 30 s``,
      ``1 h 30 min``, ``under 1 s``, and ``0 min`` as typed (no walking at all).
    * 1: a time a walk measured (the walking time it gave a check), as the walk's page says it:
      ``1.9 s``, ``less than 0.1 s``, ``4 min``.
    """
    if minutes is None or isinstance(minutes, bool):
        return unknown
    if digits == 0 and float(minutes) == 0:
        return "0 min"  # as typed: no walking at all
    return duration_words(float(minutes) * 60.0, digits=digits, unknown=unknown)


def distance_words(metres: Any) -> str:
    """``about 350 m``, ``about 1.2 km``; empty when there is no distance."""
    if metres is None or isinstance(metres, bool):
        return ""
    m = float(metres)
    return f"about {plain_number(m / 1000.0, 1)} km" if m >= 1000 else f"about {plain_number(m, 0)} m"


def examined(kb: Any, answers: Mapping[str, Any]) -> bool:
    """Whether ``answers`` hold an examination finding (``who: clinician``), not "don't know": a
    clinician's check may end before one is asked, and must then not be said to have one."""
    findings = table_of(kb, "findings")
    return any(
        v is not None and c in findings and field_of(findings[c], "who") == "clinician"
        for c, v in answers.items()
    )


def banner_reasons(result: Mapping[str, Any]) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """The fired rules a result's banner lists under its action (the warning signs, then the reasons
    for a review, each with a message), in groups with their heading: "Why:" for the rules that set
    the level shown, then "Also:" for those that fired below it (they are not why it is this soon: a
    likely serious cause, or a more urgent rule, set it; under an emergency, a routine rule's "book a
    check" must not read as the advice). The web's banner and ``assess``'s both say it so."""
    code = result.get("disposition")
    hits = [f for f in (*(result.get("red_flags") or ()), *(result.get("reasons_for_review") or ())) if f]
    listed = [f for f in hits if f.get("message")]
    why = [f for f in listed if f.get("disposition") == code]
    also = [f for f in listed if f.get("disposition") != code]
    return [(heading, group) for heading, group in (("Why:", why), ("Also:", also)) if group]


# what a clinician reads above a question written to the person (the web's question page, ``assess``)
ASK_THE_PERSON = "Ask the person:"


def asks_the_person(kb: Any, mode: str, codes: Any) -> bool:
    """Whether a question (its finding ``codes``) is the clinician's to ask the person: in clinician mode
    every question but an examination's, as the questions are written to the person ("How old are
    you?"). Shown under ``ASK_THE_PERSON``, with "them"/"their" in the words around it."""
    return mode == "clinician" and not examined(kb, dict.fromkeys(codes, True))


def field_of(obj: Any, name: str, default: Any = None) -> Any:
    """Attribute or key ``name`` of a pydantic model, dataclass or mapping."""
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def table_of(kb: Any, name: str) -> Mapping[str, Any]:
    """The knowledge base's table ``name`` (findings, conditions ...), empty when there is none."""
    table = getattr(kb, name, None) if kb is not None else None
    return table if isinstance(table, Mapping) else {}


def humanize(code: str) -> str:
    """``lumbar_spinal_stenosis`` -> ``Lumbar spinal stenosis`` (a last resort for unknown codes)."""
    text = str(code).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def number(value: Any, digits: int = 1) -> str:
    """A number for people: rounded, no trailing zeros; an em dash when unknown."""
    if value is None or isinstance(value, bool):
        return "—"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if x != x:  # NaN
        return "—"
    if x in (float("inf"), float("-inf")):
        return str(x)
    # a half rounds away from zero on the number as written (1.25 -> "1.3", 0.685 -> "0.69"), as a
    # person rounds and as the gait result does (``plain_number``); f"{1.25:.1f}" gave "1.2"
    return plain_number(x, digits)


def length_refused(typed: float | Decimal, unit: str, low: float | None, high: float | None) -> str:
    """Why a length of time typed in ``unit`` (weeks, months or years) cannot be taken, and the range
    in that unit, not in weeks (the question's ``low`` to ``high`` weeks, ``core.units.from_weeks``):
    "You typed -2 years. Please type a number from 0 to 100 years." The page and the terminal say it
    alike. ``typed``: the number as typed (``core.typed.typed_decimal``), said with the digits that
    show it outside the range ("-0.04 years", never "0 years"); when no short number can (5200 and a
    17th decimal), which side it is on. A huge number is not written out (1e308 years)."""
    highest = None if high is None else from_weeks(high, unit)
    return number_refused(typed, unit, from_weeks(low or 0, unit), highest)


def number_refused(typed: float | Decimal, unit: str | None, lowest: float, highest: float | None) -> str:
    """Why a number typed cannot be taken, saying what was typed, and the range: "You typed 200 years.
    Please type a number from 0 to 120 years." (``unit`` None: "You typed 11. Please type a number
    from 0 to 10."). Every number question says it so, as ``length_refused`` says a length (an age of
    200 read only "Please type a number from 0 to 120." while -1 weeks said what was typed)."""
    exact = typed if isinstance(typed, Decimal) else Decimal(typed)  # no arithmetic: 1e999999999
    unit = f" {unit}" if unit else ""
    below = exact < Decimal(lowest)
    many = f"too many{unit}" if unit else "too big"
    given = f"That is {many}" if not below else f"That is less than {number(lowest)}{unit}"
    if exact.is_finite() and exact.copy_abs() < 10**12:
        if not below:
            given = f"That is more than {number(highest)}{unit}"
        for digits in range(1, 16):  # "-0.04", not "0": never a number the range holds
            said = number(exact, digits)
            if Decimal(said) < Decimal(lowest) if below else Decimal(said) > Decimal(highest or 0):
                given = f"You typed {said}{unit}"
                break
    said_high = "" if highest is None else f" to {number(highest)}"
    return f"{given}. Please type a number from {number(lowest)}{said_high}{unit}."


WEEKS_A_YEAR = float(WEEKS_IN["years"])


def answer_words(value: Any, finding: Any, *, asked: str | None = None) -> str:
    """An answer as a person says it: ``yes``, ``don't know`` (``not tested`` for an examination: the
    question page's "Not tested"), ``72 years``, ``one side``.
    ``asked``: the finding's code, for the person's own page: a choice in the words the person chose
    it by (questions.yaml's label, ``yes, below the knee``), not its short code (``below knee``)."""
    label = chosen_label(asked, value) if asked else None
    if label:
        return label[:1].lower() + label[1:]
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value is None:  # an examination (a clinician's check only) left unknown is a test not done
        return "not tested" if field_of(finding, "who") == "clinician" else "don't know"
    if isinstance(value, int | float):
        unit = field_of(finding, "unit")
        if unit == "minutes":  # as the diary says a time: "2 s", "56 s", "12 min 30 s", never "0 minutes"
            return minutes_words(value)
        said = said_on_its_side(value)
        typed = _as_typed(value) if unit == "weeks" else None
        if typed:
            return typed
        if unit == "weeks" and value >= WEEKS_A_YEAR:  # "2 years" typed: not only "104 weeks"
            years = number(value / WEEKS_A_YEAR)
            return f"{said} weeks, about {years} year{'' if years == '1' else 's'}"
        return f"{said} {unit}".strip() if unit and unit != "0-10" else said
    return humanize(str(value)).lower()


def length_as_given(weeks: float) -> tuple[str, str] | None:
    """A pain's length kept in weeks (``core.units.in_weeks``) as the number and unit it was most likely
    given in, on the page's Unit menu or typed in the terminal: ``("2", "years")`` for 104 weeks (the
    answer is kept in weeks, the contract's unit, not the unit chosen). Whole or half years from a year
    up (78 weeks: 1.5 years); a whole number of months that is not a whole number of weeks (30.3 weeks,
    as ``in_weeks`` keeps 7 months). None otherwise: weeks as typed."""
    if weeks >= WEEKS_A_YEAR and (weeks * 2 / WEEKS_A_YEAR).is_integer():
        return number(from_weeks(weeks, "years")), "years"
    if not float(weeks).is_integer():
        months = round(from_weeks(weeks, "months"))
        if 0 < months and in_weeks(months, "months") == weeks:
            return str(months), "months"
    return None


def _as_typed(weeks: float) -> str | None:
    """``length_as_given`` in words: "2 years", "1 month" (None: weeks as typed)."""
    given = length_as_given(weeks)
    if given is None:
        return None
    said, unit = given
    return f"{said} {unit.removesuffix('s') if said == '1' else unit}"


def said_on_its_side(value: float) -> str:
    """A number answer rounded to a tenth as people say it, but never onto a whole number it is not:
    the rules draw their lines at whole numbers (pain 8 or more, age 50 or over) and judge the digits
    typed (``core.typed.as_written``), so 7.99999999999999999 is "just under 8", not "8" beside a
    result that did not count pain of 8; 49.96 is "49.96", not "50"."""
    said = number(value)
    if float(value).is_integer() or not float(said).is_integer():
        return said
    closer = number(value, 2)
    if not float(closer).is_integer():
        return closer
    return f"just {'under' if value < float(said) else 'over'} {said}"


# The question bank's questions by finding code, with the bank they were read from: a result page asks
# for about 300 of them, and the bank made its whole table anew each time (about 2 ms a page). The
# bank (``load_questions``, read once) is compared by identity, so a bank read again is never missed.
_BY_CODE: list[tuple[Any, Mapping[str, Any]]] = []
# backstride.knowledge.questions, imported on the first call and kept: an import statement run in a
# function costs 2-20 us each time it runs here (measured, timeit), and a result page ran such
# statements about 170 times (``question_asking``, ``finding_label``, ``plain_number``): 0.5-3 ms a page
_QUESTIONS: list[Any] = []


def _questions() -> Any:
    if not _QUESTIONS:
        from backstride.knowledge import questions

        _QUESTIONS.append(questions)
    return _QUESTIONS[0]


def question_asking(code: str) -> Any:
    """The question (questions.yaml) that asks about finding ``code``; None when none does."""
    bank = _questions().load_questions()
    kept = _BY_CODE[0] if _BY_CODE else None
    if kept is None or kept[0] is not bank:
        kept = (bank, bank.code_to_question())
        _BY_CODE[:] = [kept]
    return kept[1].get(code)


def chosen_label(code: str, value: Any) -> str | None:
    """The words of the choice ``value`` of ``code``'s question (questions.yaml ``labels``: "Yes,
    below the knee" for ``below_knee``); None for a yes/no, a number, or a value with no label."""
    question = question_asking(code)
    if question is None or question.kind != "enum" or not isinstance(value, str):
        return None
    return question.labels.get(value)


# A number or a choice, said as what the answer is about: the findings' own words ("means", fixed by
# the findings vocabulary) describe the measure for a clinician, like "Age in whole years", which read
# oddly before an answer ("Age in whole years (you said 68 years)").
PLAIN_FINDING_WORDS = {
    "age_years": "Your age",
    "sex": "Your sex",
    "height_cm": "Your height",
    "duration_weeks": "How long you have had this pain",
    "trend": "Whether it is getting better or worse",
    "pain_severity_nrs": "Your worst pain in the last day, from 0 to 10",
    "onset": "How the pain started",
    "pain_leg": "How far down your leg the pain goes",
    "leg_symptoms_side": "Legs with pain, numbness or heaviness",
    "walking_tolerance_min": "How long you can walk before the pain makes you stop or slow down",
}


# The same findings said about the person to a clinician (the report: "Age (71 years last time,
# ...)", "How far down the leg the pain goes (they said below knee)"), never "Your age"
ABOUT_THEM = {
    "age_years": "Age",
    "sex": "Sex",
    "height_cm": "Height",
    "duration_weeks": "How long they have had this pain",
    "pain_severity_nrs": "Worst pain in the last day, from 0 to 10",
    "pain_leg": "How far down the leg the pain goes",
    "walking_tolerance_min": "How long they can walk before the pain makes them stop or slow down",
}


# checklists whose items say what they are about only under their question ("Bending forward" under
# "Which of these bring the pain on or make it worse?" is the opposite of "... eases it" under "Which of
# these help?"): an item is quoted with its question (review R6)
ITEMS_UNDER_THEIR_QUESTION = frozenset({"pain_places", "leg_feelings", "worse_with"})


def asked_words(code: str) -> str | None:
    """What the person read when asked about ``code`` (questions.yaml): a ticked item's own words
    ("You inject drugs", not the finding's "Injects drugs"; after its question for the checklists of
    ``ITEMS_UNDER_THEIR_QUESTION``), else ``PLAIN_FINDING_WORDS`` ("Your age"), else the question
    itself ("Does walking bring the pain on or make it worse?"); None for a code no question asks."""
    question = question_asking(code)
    if question is None:
        return PLAIN_FINDING_WORDS.get(code)
    if question.kind == "checklist" and code in question.labels:
        item = question.labels[code]
        return f"{question.text} {item}" if question.id in ITEMS_UNDER_THEIR_QUESTION else item
    return PLAIN_FINDING_WORDS.get(code) or question.text


def finding_label(
    kb: Any,
    code: str,
    answers: Mapping[str, Any] | None = None,
    *,
    said: str = "you said",
    about_them: bool = False,
    asked: bool = False,
) -> str:
    """A finding in plain words with the answer given, e.g. ``Sitting down eases it (you said yes)``.
    ``about_them``: said to a clinician about the person (``ABOUT_THEM``), not to the person.
    ``asked``: in the words the person was asked (``asked_words``), for the person's own page; the
    findings' clinical words ("New sexual dysfunction ...") stay for a clinician."""
    finding = table_of(kb, "findings").get(code)
    rule = table_of(kb, "red_flag_rules").get(code) if asked and finding is None else None
    if rule is not None:  # a warning sign in the because-trail: the answers that fired it, as asked
        from backstride.knowledge.expr import witnesses

        when = field_of(rule, "when")
        # the answers that make it true: not the age of 45 in 'steroid tablets or over the age of 70'
        fired = witnesses(when, answers or {}) if when else []
        if fired:
            return "; ".join(finding_label(kb, c, answers, said=said, asked=True) for c in fired)
    words = (
        (about_them and ABOUT_THEM.get(code))
        or (asked and asked_words(code))
        or PLAIN_FINDING_WORDS.get(code)
    )
    text = str(words or field_of(finding, "means") or humanize(code)).rstrip(".")
    if answers is not None and code in answers:
        return f"{text} ({said} {answer_words(answers[code], finding, asked=code if asked else None)})"
    known = answers or {}
    given = _questions().implied_by(code, known)  # not asked: another answer gives it ("Neither leg")
    if given:
        findings = table_of(kb, "findings")
        quoted = ", ".join(answer_words(known[c], findings.get(c), asked=c) for c in given)
        whose = "their" if said.startswith("they") else "your"
        return f"{text} (from {whose} answer: {quoted})"
    return text


def is_floor(kb: Any, step: Mapping[str, Any]) -> bool:
    """Whether a because-trail step is a warning sign's floor (``engine._apply_floors``), not an answer:
    its ``kind`` says so (1.36.0); a result stored before that names the rule's code as its finding."""
    kind = step.get("kind")
    if kind is not None:
        return bool(kind == "red_flag_floor")
    return str(step.get("finding")) in table_of(kb, "red_flag_rules")


def floor_words(kb: Any, step: Mapping[str, Any], *, with_note: bool = True) -> str:
    """A warning sign's floor in words, as what it is: "held at 15% at least because of the warning
    sign: among people sent for an emergency scan with these signs, 7.5-22% have ..." (its rule's
    ``post_test_note``), never as the answer that fired it counted again. Without sources (the caller
    cites them)."""
    rule = table_of(kb, "red_flag_rules").get(str(step.get("finding")))
    floor = step.get("floor")
    if floor is None:
        floor = field_of(rule, "post_test_probability")
    held = f"held at {percent(float(floor))} at least" if floor is not None else "held up"
    note = str(step.get("note") or field_of(rule, "post_test_note") or "").strip().rstrip(".")
    why = f": {note[:1].lower()}{note[1:]}" if note and with_note else ""
    return f"{held} because of the warning sign{why}"


def warning_sign_causes(result: Mapping[str, Any]) -> list[str]:
    """The names of the causes a fired warning sign is about (its rule's ``condition``) that the list of
    causes does not put first, nor names under "cannot rule out" already (the aneurysm's own note, 1.35.0):
    with cauda equina held at 15% and a narrowed canal at 22% from the priors alone, a person read the
    first, reason-less cause as what the emergency was about."""
    conditions = list(result.get("conditions") or ())
    first = conditions[0].get("code") if conditions else None
    noted = {str(n.get("code")) for n in result.get("cannot_exclude") or ()}
    names = {str(c.get("code")): str(c.get("name") or humanize(str(c.get("code")))) for c in conditions}
    about = [
        str(h.get("condition"))
        for h in result.get("red_flags") or ()
        if h.get("condition") and h.get("condition") != first and str(h.get("condition")) not in noted
    ]
    return [names.get(code, humanize(code)) for code in dict.fromkeys(about)]


def warning_sign_cause_text(names: Collection[str]) -> str:
    """What a person reads above the list of causes when a warning sign is about a cause not listed
    first (``warning_sign_causes``): the list's order is not what the warning is about."""
    which = " and ".join(names)
    return (
        f"The warning sign is about {which}. A cause listed above it is not what the warning sign is "
        "about, and does not make it less urgent."
    )


#: Under a cause with no reason while a warning sign is about another (``warning_sign_causes``): its
#: chance is its prior, not something the answers showed
NO_REASON_TEXT = "No answer points to it: this is its starting chance, before any answers."


#: How much a likelihood ratio moves a cause, in plain words for the person (the numbers stay for a
#: clinician and in the JSON): 10 or more is "much" (x10 is the usual mark of a strong test).
STRONG_RATIO = 10.0


def ratio_words(ratio: float, *, judgement: bool = False) -> str:
    """A likelihood ratio said to a person: "makes this much more likely", "makes this less likely",
    with "an expert's estimate" when it is a judgement, not a study's figure."""
    if ratio > 1:
        words = "makes this much more likely" if ratio >= STRONG_RATIO else "makes this more likely"
    else:
        words = "makes this much less likely" if ratio <= 1 / STRONG_RATIO else "makes this less likely"
    return f"{words}, an expert's estimate" if judgement else words


def about_them_in(value: Any, *, labels: Collection[str] = ()) -> Any:
    """Every text in ``value`` (dicts, lists and tuples of them, as a result's JSON holds them) said
    about the person (``about_them_text``); keys and other values as they are. For what a clinician
    reads: the report, and the result of a clinician's check on the web page and in the terminal.
    ``labels``: keys whose values are labels, not words to the person, kept as they are (the banner's
    "How soon" ``level``: "Look after it at home", never "They can look after it at home")."""
    if isinstance(value, str):
        return about_them_text(value)
    if isinstance(value, Mapping):
        return {
            key: item if key in labels else about_them_in(item, labels=labels) for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [about_them_in(item, labels=labels) for item in value]
    return value


__all__ = [
    "NO_REASON_TEXT",
    "STRONG_RATIO",
    "floor_words",
    "is_floor",
    "ratio_words",
    "warning_sign_cause_text",
    "warning_sign_causes",
    "GRADE_LABELS",
    "length_as_given",
    "length_refused",
    "number_refused",
    "said_on_its_side",
    "ABOUT_THEM",
    "ASK_THE_PERSON",
    "ITEMS_UNDER_THEIR_QUESTION",
    "PLAIN_FINDING_WORDS",
    "TOO_SHORT_TO_SAY",
    "about_them_in",
    "about_them_text",
    "answer_words",
    "asks_the_person",
    "banner_reasons",
    "asked_words",
    "chosen_label",
    "distance_words",
    "duration_words",
    "examined",
    "field_of",
    "finding_label",
    "humanize",
    "minutes_words",
    "number",
    "percent",
    "plain_number",
    "question_asking",
    "table_of",
]
