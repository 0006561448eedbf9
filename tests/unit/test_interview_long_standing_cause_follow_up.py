"""Before stopping at a visit today set by a likely broken bone, the interview asks how long the pain
has lasted and whether it is getting worse, which together could make it a routine check.

A serious cause more likely than not sets a visit today; a broken bone's ``long_standing`` clause
(knowledge 1.15.0: pain for 12 weeks or more, not getting worse) lowers it to a routine check (A.4
[A1, A22]; judgement). Neither answer lowers it alone, so the look one answer ahead never asked
them, and the interview ended at "see a doctor today" where all the person's answers give a routine
check (over-triage, found by seeding random people who answer "don't know" to all but these two).
The interview already asked what a warning *rule's* long-standing clause needs (docs/interview.md);
it now asks what the clause of a serious cause that sets the level needs too, and only that.
"""

from __future__ import annotations

from backstride import Interview
from backstride.assessment import evaluate
from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import load_questions

SCREENING = [c for q in load_questions().questions if q.screen for c in q.codes]
# a random person (seed 3 of the search) whose answers make a broken bone likely (77%)
PERSON = {
    **dict.fromkeys(SCREENING, False),
    "long_term_steroids": True,
    "age_years": 85.0,
    "sex": "male",
    "cycling_tolerated": False,
    "relief_lying": True,
    "buttock_tender": True,
    "tight_hips_hamstrings": True,
    "smoker": False,
    "worse_cough_sneeze": True,
    "known_spondylolisthesis": True,
    "leg_cramping": False,
    "sway_back": True,
    "worse_extension": True,
    "pain_low_back": False,
    "unsupportive_shoes": True,
    "leg_numbness_tingling": True,
    "previous_back_surgery": True,
    "leg_symptoms_side": "none",
    "pain_groin": False,
    "long_strides": True,
    "weak_core": False,
    "worse_walking": True,
    "worse_uphill": False,
    "cold_pale_feet": False,
    "fast_pace": False,
    "worse_bending_forward": True,
    "worse_sitting": False,
    "morning_stiffness_long": True,
    "pain_outer_hip": False,
    "walking_tolerance_min": 30.0,
    "pain_buttock": "none",
    "pain_severity_nrs": 4.0,
    "extension_sport": False,
    "relief_sitting": True,
    "pain_leg": "above_knee",
    "relief_standing_still": True,
    "leg_heaviness": True,
}
LENGTH = ("duration_weeks", "trend")


def _finish(more: dict) -> tuple[list[str], str]:
    """Replay PERSON ("don't know" to every other question but the pain's length and direction),
    then answer what the interview asks from ``more``."""
    kb = load_knowledge()
    asked_codes = [c for q in load_questions().questions for c in q.codes]
    rest = [c for c in asked_codes if kb.findings[c].who == "person" and c not in PERSON and c not in LENGTH]
    interview = Interview("person", {**PERSON, **dict.fromkeys(rest, None)})
    asked: list[str] = []
    while (question := interview.next_question()) is not None:
        for code in question.codes:
            asked.append(code)
            interview.answer(code, more.get(code))
    return asked, interview.result().disposition


def test_the_case_is_a_visit_today_set_by_the_broken_bone() -> None:
    result = evaluate(PERSON)
    assert result.disposition == "urgent" and result.disposition_because == ("condition:vertebral_fracture",)
    assert evaluate({**PERSON, "duration_weeks": 20.0, "trend": "stable"}).disposition == "routine"


def test_long_standing_stable_pain_is_asked_and_gives_the_routine_check_all_answers_give() -> None:
    asked, level = _finish({"duration_weeks": 20.0, "trend": "stable"})
    assert set(LENGTH) <= set(asked)  # stopped at urgent without either before
    assert level == "routine"


def test_new_or_worsening_pain_keeps_the_visit_today() -> None:
    asked, level = _finish({"duration_weeks": 20.0, "trend": "worsening"})
    assert level == "urgent"
    asked, level = _finish({"duration_weeks": 3.0, "trend": "stable"})
    assert level == "urgent" and "trend" not in asked  # new pain: the direction cannot lower it
    asked, level = _finish({})  # "don't know" never lowers it
    assert level == "urgent"
