"""Night pain in the back and a foot that hurts at night are told apart (knowledge 1.30.1, questions 1.8.1).

Two warning-sign checklists ask about pain at night: the legs' ("A foot that hurts at rest or at
night ...", a foot short of blood: a visit the same day, EVIDENCE.md B.2) and the one about cancer
and bones ("Pain at night that does not ease in any position", a cancer-list sign [A21]: a routine
visit alone). The second did not say where, so a person whose foot hurts at night (the pain of a
foot short of blood) could tick it too, and read "Pain at night ... should be checked" among the
reasons for a cause named cancer in the spine. A.3's question is about the back pain ("Is the pain
there at night even when you lie still or change position?"), so the item and its rule now say
"Back pain at night". The contract's meaning of ``night_pain`` is unchanged.
"""

from __future__ import annotations

from backstride.assessment import evaluate
from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import load_questions

# a smoker of 72 with diabetes whose walking pain is worst in the calf; every warning sign "no"
CALF = {
    **{code: False for q in load_questions().questions if q.screen for code in q.codes},
    "age_years": 72,
    "smoker": True,
    "diabetes": True,
    "pain_calf_main": True,
    "worse_walking": True,
    "leg_symptoms_side": "one_side",
    "duration_weeks": 20,
}


def test_the_night_pain_item_and_its_rule_say_the_back() -> None:
    night = load_questions().by_id("rf_cancer_bone").labels["night_pain"]
    assert night.startswith("Back pain at night") and "foot" not in night
    message = load_knowledge().red_flag_rules["night_pain_alone"].message
    assert message.startswith("Back pain at night")
    foot = load_questions().by_id("rf_leg_nerves").labels["foot_rest_pain_or_sore"]
    assert "foot" in foot.lower() and "at night" in foot


def test_a_foot_that_hurts_at_night_is_the_same_day_visit_and_no_cancer_sign() -> None:
    result = evaluate({**CALF, "foot_rest_pain_or_sore": True})
    assert result.disposition == "urgent"
    fired = {h.code for h in result.red_flags + result.escalations}
    assert "foot_short_of_blood" in fired and "night_pain_alone" not in fired
    # back pain at night as well: both are said, and the same-day visit stands
    both = evaluate({**CALF, "foot_rest_pain_or_sore": True, "night_pain": True})
    assert both.disposition == "urgent"
    assert {"foot_short_of_blood", "night_pain_alone"} <= {h.code for h in both.red_flags + both.escalations}
