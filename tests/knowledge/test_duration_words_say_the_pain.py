"""Words about how long, and which way, say the answer they rest on: the length of the *pain*.

The interview asks one length of time, "How many weeks have you had this pain?" (``duration_weeks``),
and one direction, "Over the last few weeks, is it getting better ...?" (``trend``), right after it.
A rule's chronic clause reads those two answers, yet the foot-drop message said "It has been like
this for 12 weeks or more and is not getting worse" about the *foot* to someone with 20 weeks of
back pain whose foot may have begun to drop yesterday (a new foot drop is a visit the same day,
EVIDENCE.md A.6). The same for measured weakness, unsteady walking, both legs after a sudden start,
a big injury, and the likelihood ratios' notes in the because-trail ("Stable for more than a year"
for a duration alone). Each text now says the pain's length, at the bound its clause uses.
"""

from __future__ import annotations

import re

import pytest

from backstride.assessment import evaluate
from backstride.knowledge import load_knowledge
from backstride.knowledge.models import Expr
from backstride.knowledge.questions import load_questions

KB = load_knowledge()


def _weeks_bound(expr: Expr) -> float | None:
    """The bound of ``duration_weeks`` an expression reads (``gte`` or ``lte``), or None."""
    for pair in (expr.gte, expr.lte):
        if pair is not None and pair[0] == "duration_weeks":
            return float(pair[1])
    found = [b for child in (expr.all_ or ()) + (expr.any_ or ()) if (b := _weeks_bound(child)) is not None]
    return found[0] if found else None


def test_the_length_asked_is_the_pains() -> None:
    """What the texts below rest on: the one question about time asks how long the pain has lasted."""
    question = load_questions().code_to_question()["duration_weeks"]
    assert "this pain" in question.text


# A person's answers, as a vignette gives them: the warning sign, pain for 20 weeks, about the same.
LONG_STABLE = {
    "age_years": 52,
    "sex": "female",
    "duration_weeks": 20,
    "trend": "stable",
    "pain_low_back": True,
}
# Since knowledge 1.18.0 the clause also needs the sign itself to be old (``leg_signs_long_standing``,
# tests/knowledge/test_leg_signs_long_standing.py); its words say both lengths.
CASES = {
    "new_foot_drop": ({"foot_drop": True, "leg_symptoms_side": "one_side"}, "the foot problem"),
    "unsteady_walking": ({"unsteady_gait": True}, "the unsteadiness"),
    "measured_weakness": (
        {"exam_weakness_myotomal": True, "leg_symptoms_side": "one_side"},
        "the weakness",
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_a_long_standing_sign_says_how_long_the_pain_has_lasted(code: str) -> None:
    extra, sign = CASES[code]
    result = evaluate({**LONG_STABLE, **extra, "leg_signs_long_standing": True})
    (hit,) = [h for h in result.red_flags if h.code == code]
    assert hit.chronic and hit.disposition == "routine"
    assert "Your pain has lasted 12 weeks or more and is not getting worse" in hit.message
    assert f"{sign.capitalize()} has been there for 12 weeks or more without getting worse" in hit.message
    assert "like this" not in hit.message and "It has lasted" not in hit.message
    assert f"If {sign} gets worse, see a clinician today" in hit.message


CHRONIC = [
    (code, rule)
    for code, rule in KB.red_flag_rules.items()
    if rule.chronic is not None and _weeks_bound(rule.chronic.when) is not None
]


@pytest.mark.parametrize(("code", "rule"), CHRONIC, ids=[c for c, _ in CHRONIC])
def test_every_chronic_message_puts_the_weeks_on_the_pain(code: str, rule) -> None:
    bound = _weeks_bound(rule.chronic.when)
    weeks = f"{bound:g} weeks"
    said = re.search(
        rf"[Yy]our (back )?pain (has lasted {weeks} or more|began at least {weeks} ago)[^.]*\.",
        rule.chronic.message,
    )
    assert said, f"{code}: {rule.chronic.message!r} does not say the pain has lasted {weeks}"
    if "trend" in rule.chronic.when.codes():
        assert "not getting worse" in said.group(0), f"{code}: the direction is not the pain's"
    assert weeks in rule.chronic.note and "more than" not in rule.chronic.note, (
        f"{code}: {rule.chronic.note!r}"
    )
    assert "long-standing" not in rule.chronic.note.lower(), f"{code}: says the sign is long-standing"


def test_both_legs_within_two_weeks_says_the_pain_began_then() -> None:
    """The emergency rule reads the pain's length, not when the legs began."""
    result = evaluate({**LONG_STABLE, "duration_weeks": 1, "leg_symptoms_side": "both_sides"})
    (hit,) = [h for h in result.red_flags if h.code == "new_bilateral_leg_symptoms"]
    assert "with pain that began in the last two weeks" in hit.message


RATIOS = [
    (f"{code}:{i}", lr)
    for code, condition in KB.conditions.items()
    for i, lr in enumerate(condition.likelihood_ratios)
    if lr.finding == "duration_weeks"
]


@pytest.mark.parametrize(("where", "lr"), RATIOS, ids=[w for w, _ in RATIOS])
def test_a_duration_ratio_says_its_bound_and_no_direction(where: str, lr) -> None:
    """The because-trail quotes the note beside "you said 60 weeks": it names the weeks compared
    and never a direction (stable, worse) that the length alone does not say."""
    bound = lr.gte if lr.gte is not None else lr.lte if lr.lte is not None else lr.lt
    assert f"{bound:g} weeks" in lr.note, f"{where}: {lr.note!r}"
    assert not re.search(r"stable|worse|better|more than", lr.note, re.I), f"{where}: {lr.note!r}"


def test_the_long_standing_cause_says_its_bound() -> None:
    for code, condition in KB.conditions.items():
        if condition.long_standing is not None and _weeks_bound(condition.long_standing.when) is not None:
            bound = _weeks_bound(condition.long_standing.when)
            note = condition.long_standing.note
            assert f"{bound:g} weeks" in note and "more than 3 months" not in note, f"{code}: {note!r}"
