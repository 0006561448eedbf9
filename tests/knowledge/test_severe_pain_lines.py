"""Two lines for "severe pain", on purpose (knowledge 1.25.1, clinical lead).

``severe_pain`` (any pain, 8 or more out of 10) and ``sudden_severe_leg_pain`` (sudden pain down a
leg, 7 or more) draw "severe" at different numbers. EVIDENCE.md gives no number for either, and the
two rest on different advice: C.4 sends back pain to a routine visit when it is *disabling* despite
self-care, while most acute back pain settles on its own (median 58 days [A29]; NICE self-management
[A9]); B.4 keeps sciatica at home only while the pain is *tolerable* and gives a routine visit when it
is severe [B25], and the sciatica's own self-care rule already stops at 5. So leg pain has the lower
line. Lowering ``severe_pain`` to 7 would send every 7-out-of-10 back ache to a visit with no source
asking for it; raising the leg rule to 8 would lower the level of people who get a visit today (the
brief: no level is lowered unless the evidence demands it, and it does not). Each rule's text says
the other's line, and a higher pain score never lowers the level.
"""

from __future__ import annotations

import random

from backstride.assessment import evaluate
from backstride.knowledge import load_knowledge

RANK = {"self_care": 0, "routine": 1, "urgent": 2, "emergency": 3}
BACK_ONLY = {
    "age_years": 40,
    "pain_low_back": True,
    "pain_leg": "none",
    "leg_symptoms_side": "none",
    "onset": "sudden",
    "duration_weeks": 1,
    "trend": "improving",
    "worse_walking": True,
}


def test_the_two_lines_and_their_reasons_travel_with_the_rules() -> None:
    rules = load_knowledge().red_flag_rules
    assert "threshold 8/10" in rules["severe_pain"].text
    assert "sudden_severe_leg_pain" in rules["severe_pain"].text  # says the leg's own line
    assert "7 or more out of 10" in rules["sudden_severe_leg_pain"].text
    assert "severe_pain" in rules["sudden_severe_leg_pain"].text.replace("sudden_severe_leg_pain", "")
    # the sciatica's self-care rule stops at 5: B.4's "tolerable" [B25]
    self_care = repr(load_knowledge().conditions["lumbar_radiculopathy"].self_care_when)
    assert "pain_severity_nrs" in self_care and "5" in self_care


def test_seven_out_of_ten_back_pain_alone_stays_at_home_and_eight_is_a_visit() -> None:
    for score, level in ((7, "self_care"), (8, "routine")):
        result = evaluate({**BACK_ONLY, "pain_severity_nrs": score})
        assert result.disposition == level, (score, result.disposition_because)
    leg = evaluate(
        {**BACK_ONLY, "pain_leg": "above_knee", "leg_symptoms_side": "one_side", "pain_severity_nrs": 7}
    )
    assert leg.disposition == "routine"
    assert "sudden_severe_leg_pain" in {h.code for h in leg.escalations}


def test_a_higher_pain_score_never_lowers_the_level() -> None:
    rng = random.Random(11)
    kb = load_knowledge()
    person = sorted(c for c, d in kb.findings.items() if d.who == "person" and d.kind != "number")
    for _ in range(250):
        findings = {}
        for code in rng.sample(person, 14):
            d = kb.findings[code]
            findings[code] = rng.random() < 0.2 if d.kind == "bool" else rng.choice(d.values)
        findings.update(age_years=rng.randint(18, 90), duration_weeks=rng.choice([0.5, 3, 8, 30]))
        levels = [RANK[evaluate({**findings, "pain_severity_nrs": p}).disposition] for p in range(11)]
        assert levels == sorted(levels), (findings, levels)
