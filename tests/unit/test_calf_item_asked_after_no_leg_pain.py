"""The calf item is asked after "Neither leg" and "No, it stays in my back or buttock" (questions 1.5.2).

Knowledge 1.23.0 made walking pain worst in the calf a routine visit whichever cause leads
(calf_walking_pain: no answer a person gives can rule narrowed leg arteries out; EVIDENCE.md B.2
[B8][B9]). Questions 1.5.0 then hid "The calf is where walking hurts most" after those two answers
and read it as "no". Artery pain in the calf comes only when walking, and "Which legs have pain,
numbness or heaviness?" and "Does the pain go down your leg?" (the back pain) do not ask about walking,
so a person with back pain that stays in the back and a calf that hurts when walking could say both.
They were told self-care (tools/knowledge_scans/interview_vs_all_answers.py --count 600 --seed 1,
person #39: self-care against routine), where asked they are told to book a visit.
"""

from __future__ import annotations

import pytest
from tests.unit.test_hidden_item_never_hides_an_emergency_sign import _run

from backstride.knowledge.questions import implied_answers


@pytest.mark.parametrize("mode", ["person", "clinician"])
@pytest.mark.parametrize(
    "legs", [{"leg_symptoms_side": "none"}, {"leg_symptoms_side": "one_side", "pain_leg": "none"}]
)
def test_calf_worst_when_walking_is_asked_and_booked(mode: str, legs: dict[str, str]) -> None:
    person = {**legs, "pain_calf_main": True, "worse_walking": True, "age_years": 68.0, "pain_low_back": True}
    session, asked = _run(person, mode)
    assert "pain_calf_main" in asked
    assert session.result().disposition in ("routine", "urgent", "emergency")
    assert "pain_calf_main" not in implied_answers(legs)
