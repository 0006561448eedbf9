"""The hip's pain on turning in counts once (knowledge 1.36.0, review f8).

The person's "turning the hip in hurts" (``pain_hip_rotation``, x2, judgement) and the clinician's
"the hip turns in painfully and not far" (``exam_hip_ir_limited``, x3.4, derived from the ACR clinical
set [B19], EVIDENCE.md B.6) both counted for hip arthritis. The ACR set already holds pain on internal
rotation, so the examination's ratio includes what the person said: counting both took the same sign
twice. With the examination given (either way), the person's x2 does not count; without it, it does,
as before. Not a diagnosis.
"""

from __future__ import annotations

import pytest

from backstride.assessment import evaluate

BASE = {"age_years": 62, "pain_groin": True, "pain_hip_rotation": True}


def _hip(answers: dict[str, object]) -> tuple[float, list[str]]:
    hip = next(c for c in evaluate(answers).conditions if c.code == "hip_osteoarthritis")
    return hip.log_odds, [x.finding for x in hip.contributions]


@pytest.mark.parametrize("exam", [True, False])
def test_the_examination_holds_the_persons_answer(exam: bool) -> None:
    with_yes, trail = _hip({**BASE, "exam_hip_ir_limited": exam})
    assert "exam_hip_ir_limited" in trail
    assert "pain_hip_rotation" not in trail
    without, _ = _hip({**BASE, "pain_hip_rotation": False, "exam_hip_ir_limited": exam})
    assert with_yes == pytest.approx(without)  # the person's yes adds nothing beside the examination


@pytest.mark.parametrize("exam", [None, "left out"])
def test_without_the_examination_the_persons_answer_counts(exam: object) -> None:
    answers = dict(BASE) if exam == "left out" else {**BASE, "exam_hip_ir_limited": None}
    _, trail = _hip(answers)
    assert "pain_hip_rotation" in trail
