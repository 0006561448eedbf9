"""A positive straight-leg raise beside "Neither leg": the history is read first, on purpose.

Review R1 (session 18) found a clinician's check that ended at self-care where all its answers give a
routine visit: the person said the pain stays in the back ("Neither leg") and the straight-leg raise
was positive. Since history-first (I5) the leg question comes before the examination, and the raise is
asked only with leg pain (``ask_when``, docs/knowledge-base.md "Settled by the clinical lead" item 4):
it is positive when it "reproduces leg pain" (the contract's words), and a person with no leg pain has
none to reproduce, so the two answers contradict each other. Left as it is (item 7 there): no warning
sign's rule is at stake (the raise's rule is a routine review, ``red_flag: false``, and B.4 itself
gives self-care for a nerve root without a deficit [B13]; with steroid tablets a contradicting answer
can lift a likely broken bone, item 7 gives the scan's figures), and a clinician who finds the raise
positive anyway can still record it: the answer is taken and counts.
"""

from __future__ import annotations

from backstride.assessment import evaluate, known_answers
from backstride.services.interview import Interview

BACK_ONLY = {
    "leg_symptoms_side": "none",
    "age_years": 35,
    "duration_weeks": 2,
    "trend": "improving",
    "pain_low_back": True,
    "worse_walking": True,
    "pain_severity_nrs": 3,
}


def _interview(answers: dict[str, object]) -> tuple[Interview, list[str]]:
    session = Interview(mode="clinician")
    asked: list[str] = []
    while (question := session.next_question()) is not None:
        for code in question.codes:
            asked.append(code)
            session.answer(code, False if question.screening else answers.get(code))
    return session, asked


def test_neither_leg_then_the_raise_is_not_asked_and_the_check_ends_at_self_care() -> None:
    contradicting = {**BACK_ONLY, "exam_slr_positive": True}
    session, asked = _interview(contradicting)
    assert "leg_symptoms_side" in asked
    assert "exam_slr_positive" not in asked and "exam_crossed_slr_positive" not in asked
    assert session.result().disposition == "self_care"
    # all the answers, the contradicting raise too, would give the routine review of the raise's rule
    full = evaluate(known_answers({**session.answers, "exam_slr_positive": True}))
    assert full.disposition == "routine"
    assert "nerve_root_sign_on_examination" in {h.code for h in full.escalations}


def test_a_raise_found_positive_anyway_is_taken_and_counts() -> None:
    session, _ = _interview(BACK_ONLY)
    session.answer("exam_slr_positive", True)
    assert session.answers["exam_slr_positive"] is True
    assert session.result().disposition == "routine"


def test_with_leg_pain_the_raise_is_asked() -> None:
    _, asked = _interview({**BACK_ONLY, "leg_symptoms_side": "one_side", "pain_leg": "below_knee"})
    assert "exam_slr_positive" in asked
