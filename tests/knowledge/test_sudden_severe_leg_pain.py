"""Sudden, severe pain down one leg is a routine visit of its own, never an emergency alone (1.23.0).

The article: "The sudden, severe onset of pain, particularly if it radiates intensely down one or
both legs, is a warning sign." Both legs is an emergency here (``sudden_bilateral_sciatica``,
BASS [A16]). One leg alone is no recognised emergency flag (EVIDENCE.md C.1; the CKS and BASS
lists [A21][A16]), and A.9 sets a visit the same day only with a deficit (new one-sided weakness or
foot drop [A22]). But severe sciatica is not cared for at home: B.4 gives self-care only with
tolerable pain and a routine visit when it is severe [B25]. Before, pain of 7 out of 10 that came on
suddenly and went down one leg got self-care whenever non-specific back pain led (pain to the thigh
fits it, B.10), while the plan's safety note said "see a clinician soon about it". The rule
``sudden_severe_leg_pain`` makes it a routine visit (7 or more out of 10 as "severe" is a
judgement: the knowledge base's own line for severe pain, the broken-bone ratio's).
"""

from __future__ import annotations

from backstride.assessment import evaluate
from backstride.knowledge import load_knowledge

# the random answer sets' case: sudden, 7 out of 10, down to the thigh of one leg; back pain led
SUDDEN_THIGH = {
    "exam_ankle_reflex_reduced": False,
    "worse_standing": False,
    "leg_numbness_tingling": False,
    "sex": "female",
    "onset": "sudden",
    "pain_leg": "above_knee",
    "leg_symptoms_side": "one_side",
    "pain_severity_nrs": 7.0,
}


def _no_warning() -> dict[str, bool]:
    kb = load_knowledge()
    return dict.fromkeys((c for c, d in kb.findings.items() if d.group == "red_flags"), False)


def test_sudden_severe_pain_down_one_leg_is_a_routine_visit() -> None:
    result = evaluate({**SUDDEN_THIGH, **_no_warning()})
    assert result.leading.code == "mechanical_gait_related"
    assert result.disposition == "routine"  # was self-care
    (hit,) = [h for h in result.escalations if h.code == "sudden_severe_leg_pain"]
    assert hit.disposition == "routine" and not hit.red_flag
    assert set(hit.findings) == {"onset", "pain_leg", "pain_severity_nrs"}
    assert {"B25", "A21", "A16"} <= set(hit.sources)
    assert "not an emergency" in hit.message and "today" in hit.message


def test_below_the_knee_too_and_not_below_7() -> None:
    below = {**SUDDEN_THIGH, "pain_leg": "below_knee"}
    assert "sudden_severe_leg_pain" in {h.code for h in evaluate(below).escalations}
    for changed in ({"pain_severity_nrs": 6.0}, {"onset": "gradual"}, {"pain_leg": "none"}):
        codes = {h.code for h in evaluate({**SUDDEN_THIGH, **changed}).escalations}
        assert "sudden_severe_leg_pain" not in codes, changed
    # an unknown severity or start never fires it (a rule fires only when definitely true)
    unknown = {k: v for k, v in SUDDEN_THIGH.items() if k != "pain_severity_nrs"}
    assert "sudden_severe_leg_pain" not in {h.code for h in evaluate(unknown).escalations}


def test_both_legs_stay_an_emergency() -> None:
    result = evaluate({**SUDDEN_THIGH, "leg_symptoms_side": "both_sides", "duration_weeks": 1.0})
    assert result.disposition == "emergency"
    assert result.disposition_because[0] in {"sudden_bilateral_sciatica", "new_bilateral_leg_symptoms"}
