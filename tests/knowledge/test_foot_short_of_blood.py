"""A foot short of blood is a visit the same day (knowledge 1.25.0, clinical lead).

EVIDENCE.md B.2 ("What software should ask"): a cold or pale foot, sores that do not heal, pain in
the foot at rest or at night "suggest critical limb ischaemia -> URGENT SAME DAY" (not formally
researched there). Before 1.25.0 nothing could say so: the only answer near it, ``cold_pale_feet``
("Feet are cold or pale, or wounds on the feet heal slowly", a contract code in the health
background), raises narrowed arteries and sets a routine visit (``artery_signs``, A.9: suspected
artery disease needs an ankle-brachial index). Cold feet are common and the contract code mixes them
with slow healing, so it stays routine (dev-008, "my feet are often cold", is routine by its gold;
dev-025's rationale keeps claudication routine "without rest pain or tissue loss"). The new
backstride finding ``foot_rest_pain_or_sore`` asks B.2's three signs of one foot, in the leg
warning-sign checklist, and the rule ``foot_short_of_blood`` makes any of them a same-day visit.
"""

from __future__ import annotations

from tests.knowledge.screening import random_person_answers, screened_codes

from backstride.assessment import evaluate
from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import load_questions
from backstride.services.interview import Interview

RANK = {"self_care": 0, "routine": 1, "urgent": 2, "emergency": 3}

# dev-008 without its story: 71, smoker with diabetes, both legs, relief sitting, feet often cold
DEV_008 = {
    "age_years": 71,
    "sex": "male",
    "diabetes": True,
    "smoker": True,
    "leg_cramping": True,
    "leg_heaviness": True,
    "leg_symptoms_side": "both_sides",
    "pain_leg": "below_knee",
    "pain_low_back": True,
    "worse_walking": True,
    "walking_tolerance_min": 5,
    "relief_sitting": True,
    "relief_flexion": True,
    "relief_standing_still": False,
    "cold_pale_feet": True,
}
# an ordinary self-care case: 40, mild mechanical back pain, getting better
MILD = {
    "age_years": 40,
    "pain_low_back": True,
    "pain_leg": "none",
    "worse_walking": True,
    "pain_severity_nrs": 3,
    "duration_weeks": 2,
    "trend": "improving",
    "onset": "gradual",
}


def test_a_foot_short_of_blood_is_a_visit_today() -> None:
    before = evaluate(MILD)
    assert before.disposition == "self_care"
    result = evaluate({**MILD, "foot_rest_pain_or_sore": True})
    assert result.disposition == "urgent"
    (hit,) = [h for h in result.red_flags if h.code == "foot_short_of_blood"]
    assert hit.red_flag and hit.disposition == "urgent" and hit.findings == ("foot_rest_pain_or_sore",)
    assert hit.condition == "vascular_claudication"
    assert "today" in hit.message and "blood" in hit.message
    assert set(hit.sources) <= set(load_knowledge().sources)
    # the cause the rule names is in view (1.25.2): it was under 1%, below mechanical back pain's 92%,
    # with no word that the arteries could not be ruled out; now at least 5%, as cold feet give
    arteries = next(c for c in result.conditions if c.code == "vascular_claudication")
    assert arteries.probability >= 0.05 - 1e-9
    assert "vascular_claudication" in {m.condition for m in result.mimics}


def test_cold_feet_alone_stay_a_routine_visit() -> None:
    # the contract code mixes common cold feet with slow healing: a routine check of the arteries
    result = evaluate(DEV_008)
    assert result.disposition == "routine"
    assert "foot_short_of_blood" not in {h.code for h in result.red_flags}
    assert evaluate({**DEV_008, "foot_rest_pain_or_sore": True}).disposition == "urgent"
    # a "no" or an unknown answer never fires it (review R9: "don't know" was not tested) nor lowers
    for answer in (False, None):
        for findings in (DEV_008, MILD):
            result = evaluate({**findings, "foot_rest_pain_or_sore": answer})
            assert result.disposition == evaluate(findings).disposition, (answer, findings)
            assert "foot_short_of_blood" not in {h.code for h in result.red_flags}


def test_dont_know_is_said_back_as_a_sign_to_see_a_doctor_today_about() -> None:
    # "I don't know" is never passed over: the result's "not sure" box names it at the same-day level
    interview = Interview(mode="person")
    for code in ("leg_weakness_progressive", "foot_drop", "unsteady_gait"):
        interview.answer(code, False)
    interview.answer("foot_rest_pain_or_sore", None)
    (sign,) = interview.uncertain_warning_signs()
    assert sign.code == "foot_rest_pain_or_sore" and sign.disposition == "urgent"


def test_it_has_no_long_standing_clause() -> None:
    # B.2 gives no lower level for an old sore or long-standing rest pain: same day however long
    rule = load_knowledge().red_flag_rules["foot_short_of_blood"]
    assert rule.chronic is None
    old = {**MILD, "duration_weeks": 60, "trend": "stable", "foot_rest_pain_or_sore": True}
    assert evaluate(old).disposition == "urgent"


def test_every_interview_screens_for_it_with_the_leg_signs() -> None:
    question = load_questions().by_id("rf_leg_nerves")
    assert question.screen and "foot_rest_pain_or_sore" in question.codes
    assert "blood" in question.why and "same day" in question.why
    for mode in ("person", "clinician"):
        assert "foot_rest_pain_or_sore" in screened_codes(mode), mode


def test_a_yes_never_lowers_and_always_reaches_a_visit_today() -> None:
    for findings in random_person_answers(7, 300, leave_out="foot_rest_pain_or_sore"):
        before = evaluate(findings).disposition
        after = evaluate({**findings, "foot_rest_pain_or_sore": True}).disposition
        assert RANK[after] >= max(RANK[before], RANK["urgent"]), findings
