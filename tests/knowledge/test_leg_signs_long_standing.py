"""A foot drop, measured weakness or unsteady walking is lowered to a routine check only when the
*sign* is known to be old, not only the pain.

The three rules are a visit the same day (EVIDENCE.md A.6: new one-sided weakness or foot drop is
urgent, same day [A22]). Their chronic clauses read how long the pain has lasted and its direction,
so a foot drop that began yesterday in someone with 20 weeks of stable back pain was a routine
check. Each clause now also needs the sign's own age to be a yes (it has been there for 12 weeks or
more and is not getting worse); "no" or "don't know" keeps the visit today. From 1.18.0 one answer,
``leg_signs_long_standing``, covered all three signs; since 1.20.0 each sign has its own (``AGE``), and
the old answer stands for each one not given (answers given before still read).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.knowledge.test_duration_words_say_the_pain import LONG_STABLE  # 20 weeks, stable
from tests.knowledge.test_plain_language import MAX_GRADE_ANY_TEXT, fk_grade

from backstride.assessment import evaluate
from backstride.knowledge import DATA_DIR, validate_knowledge
from backstride.knowledge.questions import load_questions

SIGNS = {
    "new_foot_drop": {"foot_drop": True, "leg_symptoms_side": "one_side"},
    "unsteady_walking": {"unsteady_gait": True},
    "measured_weakness": {"exam_weakness_myotomal": True, "leg_symptoms_side": "one_side"},
}
AGE = {
    "new_foot_drop": "foot_drop_long_standing",
    "unsteady_walking": "unsteady_gait_long_standing",
    "measured_weakness": "leg_weakness_long_standing",
}


def _hit(code: str, **more):
    result = evaluate({**LONG_STABLE, **SIGNS[code], **more})
    (hit,) = [h for h in result.red_flags if h.code == code]
    return result, hit


@pytest.mark.parametrize("code", sorted(SIGNS))
@pytest.mark.parametrize("answer", [None, False])
def test_a_sign_not_known_to_be_old_stays_a_visit_today(code: str, answer) -> None:
    more = {} if answer is None else {AGE[code]: answer}
    result, hit = _hit(code, **more)
    assert hit.disposition == "urgent" and not hit.chronic
    assert result.disposition == "urgent"
    assert "today" in hit.message


@pytest.mark.parametrize("code", sorted(SIGNS))
@pytest.mark.parametrize("which", ["own", "old answer for all three"])
def test_a_sign_old_and_not_worse_with_long_stable_pain_is_a_routine_check(code: str, which: str) -> None:
    result, hit = _hit(code, **{AGE[code] if which == "own" else "leg_signs_long_standing": True})
    assert hit.chronic and hit.disposition == "routine"
    assert result.disposition == "routine"
    assert "has been there for 12 weeks or more without getting worse" in hit.message
    assert "Your pain has lasted 12 weeks or more and is not getting worse" in hit.message


@pytest.mark.parametrize("code", sorted(SIGNS))
@pytest.mark.parametrize(("weeks", "trend"), [(6, "stable"), (20, "worsening"), (20, None)])
def test_an_old_sign_with_new_or_worsening_pain_stays_a_visit_today(code: str, weeks, trend) -> None:
    more = {"duration_weeks": weeks, AGE[code]: True}
    if trend is None:
        result = evaluate({k: v for k, v in {**LONG_STABLE, **SIGNS[code], **more}.items() if k != "trend"})
    else:
        result = evaluate({**LONG_STABLE, **SIGNS[code], **more, "trend": trend})
    (hit,) = [h for h in result.red_flags if h.code == code]
    assert hit.disposition == "urgent"


@pytest.mark.parametrize("code", sorted(SIGNS))
def test_another_sign_being_old_does_not_lower_this_one(code: str) -> None:
    # knowledge 1.20.0: an old foot drop said old says nothing of new unsteadiness (A.6 [A22])
    others = {AGE[c]: True for c in SIGNS if c != code}
    result, hit = _hit(code, **others)
    assert hit.disposition == "urgent" and result.disposition == "urgent"
    result, hit = _hit(code, **{**others, "leg_signs_long_standing": True, AGE[code]: False})
    assert hit.disposition == "urgent"  # the sign's own "no" wins over the old answer for all three


WORDS = {
    "new_foot_drop": ("foot", "toes"),
    "unsteady_walking": ("unsteady",),
    "measured_weakness": ("weakness",),
}


@pytest.mark.parametrize("code", sorted(SIGNS))
def test_each_sign_has_its_own_question_in_plain_words(code: str) -> None:
    # questions 1.3.0: one question for all three could be answered yes for an old foot drop beside
    # new unsteadiness; each question now names its own sign only
    text = load_questions().by_id(AGE[code]).text
    assert all(word in text for word in WORDS[code])
    assert not [w for c, words in WORDS.items() if c != code for w in words if w in text]
    assert "12 weeks or more, without getting worse" in text
    assert fk_grade(text) <= MAX_GRADE_ANY_TEXT


def test_a_replaced_answer_is_checked_when_the_knowledge_loads(tmp_path: Path) -> None:
    # knowledge 1.20.0: leg_signs_long_standing is kept only so that answers given before still read;
    # it must stand for known answers of its kind, and no rule may read it instead of them
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    findings = data / "findings.yaml"
    text = findings.read_text(encoding="utf-8")
    findings.write_text(text.replace("replaced_by: [foot_drop_long_standing,", "replaced_by: [foot_slap,"))
    rules = data / "red_flags.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "{present: foot_drop_long_standing}" in text
    rules.write_text(text.replace("{present: foot_drop_long_standing}", "{present: leg_signs_long_standing}"))
    problems = validate_knowledge(data)
    assert (
        "findings.yaml: findings.leg_signs_long_standing.replaced_by: unknown finding code 'foot_slap'"
        in problems
    )
    assert any(
        p.startswith(
            "red_flags.yaml: rules.new_foot_drop: reads 'leg_signs_long_standing', which is replaced"
        )
        for p in problems
    ), problems
