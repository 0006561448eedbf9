"""A foot drop, measured weakness or unsteady walking is lowered to a routine check only when the
*sign* is known to be old, not only the pain.

The three rules are a visit the same day (EVIDENCE.md A.6: new one-sided weakness or foot drop is
urgent, same day [A22]). Their chronic clauses read how long the pain has lasted and its direction,
so a foot drop that began yesterday in someone with 20 weeks of stable back pain was a routine
check. Each clause now also needs ``leg_signs_long_standing`` (the sign has been there for 12 weeks
or more and is not getting worse) to be a yes; "no" or "don't know" keeps the visit today.
"""

from __future__ import annotations

import pytest
from tests.knowledge.test_duration_words_say_the_pain import LONG_STABLE  # 20 weeks, stable
from tests.knowledge.test_plain_language import MAX_GRADE_ANY_TEXT, fk_grade

from backstride.assessment import evaluate
from backstride.knowledge.questions import load_questions

SIGNS = {
    "new_foot_drop": {"foot_drop": True, "leg_symptoms_side": "one_side"},
    "unsteady_walking": {"unsteady_gait": True},
    "measured_weakness": {"exam_weakness_myotomal": True, "leg_symptoms_side": "one_side"},
}


def _hit(code: str, **more):
    result = evaluate({**LONG_STABLE, **SIGNS[code], **more})
    (hit,) = [h for h in result.red_flags if h.code == code]
    return result, hit


@pytest.mark.parametrize("code", sorted(SIGNS))
@pytest.mark.parametrize("answer", [None, False])
def test_a_sign_not_known_to_be_old_stays_a_visit_today(code: str, answer) -> None:
    more = {} if answer is None else {"leg_signs_long_standing": answer}
    result, hit = _hit(code, **more)
    assert hit.disposition == "urgent" and not hit.chronic
    assert result.disposition == "urgent"
    assert "today" in hit.message


@pytest.mark.parametrize("code", sorted(SIGNS))
def test_a_sign_old_and_not_worse_with_long_stable_pain_is_a_routine_check(code: str) -> None:
    result, hit = _hit(code, leg_signs_long_standing=True)
    assert hit.chronic and hit.disposition == "routine"
    assert result.disposition == "routine"
    assert "has been there for 12 weeks or more without getting worse" in hit.message
    assert "Your pain has lasted 12 weeks or more and is not getting worse" in hit.message


@pytest.mark.parametrize("code", sorted(SIGNS))
@pytest.mark.parametrize(("weeks", "trend"), [(6, "stable"), (20, "worsening"), (20, None)])
def test_an_old_sign_with_new_or_worsening_pain_stays_a_visit_today(code: str, weeks, trend) -> None:
    more = {"duration_weeks": weeks, "leg_signs_long_standing": True}
    if trend is None:
        result = evaluate({k: v for k, v in {**LONG_STABLE, **SIGNS[code], **more}.items() if k != "trend"})
    else:
        result = evaluate({**LONG_STABLE, **SIGNS[code], **more, "trend": trend})
    (hit,) = [h for h in result.red_flags if h.code == code]
    assert hit.disposition == "urgent"


def test_the_question_asks_about_each_sign_and_a_new_one_answers_no() -> None:
    # one answer covers three signs: an old foot drop with new unsteadiness must not be a yes
    # (questions 1.2.1); the question's words ask about each sign the person has
    text = load_questions().by_id("leg_signs_long_standing").text
    for sign in ("foot drop", "leg weakness", "unsteady walking"):
        assert sign in text
    assert text.startswith("Has each one you have")
    assert "If any one is new or worse, answer no." in text
    assert fk_grade(text) <= MAX_GRADE_ANY_TEXT
