"""The interview does not stop while answers that say nothing about a serious cause could lift it.

A woman of 94 on steroid tablets whose pain came on slowly, worse downhill, eased by sitting, with
heavy legs and groin pain: with every answer she gives, a broken bone is the cause the level is
weighed on and she should see a doctor today. The interview stopped after 17 questions at a routine
visit (stenosis 54%, a broken bone 19%), without asking whether she is a man or a woman or whether
there is a tender spot deep in the buttock. A serious cause more likely than not sets a visit today,
weighed without what the yes-answers that say nothing about it add to other causes (so "a tender
spot in the buttock" counts there only against ordinary back pain). Neither answer alone changes the
level, and the look before stopping tried each cause with its own answers only ("the buttock" has no
likelihood ratio for a broken bone). Found with
``tools/knowledge_scans/interview_vs_all_answers.py --count 600 --seed 2 --people steroids``
(her, #418, and #512 ended at a routine visit there; none does now).
"""

from __future__ import annotations

import pytest
from tests.unit.test_interview_serious_leader_untested import _interview

from backstride.assessment import evaluate
from backstride.services.assessment import assess

# her warning-sign answers: the rest of the checklists "don't know"
HER = {
    "saddle_numbness": False,
    "leg_symptoms_spread_to_other_leg": False,
    "leg_weakness_progressive": False,
    "iv_drug_use": False,
    "long_term_steroids": True,
    "age_years": 94.0,
    "sex": "female",
    "onset": "gradual",
    "worse_downhill": True,
    "relief_sitting": True,
    "leg_heaviness": True,
    "leg_cramping": False,
    "pain_groin": True,
    "buttock_tender": True,
    "cold_pale_feet": True,
    "vascular_disease": True,
    "flat_feet": False,
    "long_strides": False,
    "fast_pace": False,
}


@pytest.mark.parametrize("mode", ["person", "clinician"])
def test_the_interview_ends_at_a_visit_today_as_all_her_answers_do(mode: str) -> None:
    full = evaluate(HER)
    assert full.disposition == "urgent" and full.disposition_because == ("condition:vertebral_fracture",)
    session = _interview(HER, mode)
    assert session.result().disposition == "urgent"  # was routine: "sex" and "buttock_tender" never asked
    assert {"sex", "buttock_tender"} <= set(session.answers)


@pytest.mark.parametrize(
    "changed", [{"sex": "male"}, {"buttock_tender": False}, {"sex": "male", "buttock_tender": False}]
)
def test_when_an_answer_goes_against_it_the_interview_ends_where_all_the_answers_do(changed: dict) -> None:
    other = {**HER, **changed}
    session = _interview(other, "person")
    assert session.result().disposition == assess(other).disposition
