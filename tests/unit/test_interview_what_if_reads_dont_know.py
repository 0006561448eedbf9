"""The interview's what-ifs read the answers as the real result reads them (``assessment.read_answers``).

Found last session: the what-ifs (the warning signs said "if true", and the history questions weighed
before an examination) started from the answers without their "don't know"s (``Interview.known``, an
assessment's ``findings``), so an implied answer took a "don't know"'s place: "Neither leg" beside
"don't know" to how far the pain goes read as "it does not go down a leg" (narrowed leg arteries
x0.2, mechanical back pain x2) in the what-if, but as unknown in the result.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest
from tests.conftest import VIGNETTES

from backstride.assessment import evaluate
from backstride.services import interview as interview_module
from backstride.services.interview import Interview, what_if_answers

ANSWERS = {
    "leg_symptoms_side": "none",
    "pain_leg": None,  # "don't know", then "Neither leg"
    "worse_cough_sneeze": None,
    "age_years": 72.0,
    "smoker": True,
    "pain_low_back": True,
}


def _interview() -> Interview:
    session = Interview(mode="clinician")
    for code, value in ANSWERS.items():
        session.answer(code, value)
    return session


def test_a_what_if_keeps_a_dont_know_unknown() -> None:
    session = _interview()
    real = evaluate(session.answers)  # the result the interview shows (``assess`` of the same answers)
    assert "pain_leg" not in real.findings and "worse_cough_sneeze" not in real.findings
    what_if = what_if_answers(session.answers, {"exam_pulses_reduced": True})
    assert "pain_leg" not in what_if.findings and "worse_cough_sneeze" not in what_if.findings
    assert dict(what_if.findings) == {**real.findings, "exam_pulses_reduced": True}
    # built from the answers without their "don't know"s, the implied answers stood in for them
    before = evaluate({**session.known, "exam_pulses_reduced": True})
    assert before.findings["pain_leg"] == "none" and before.findings["worse_cough_sneeze"] is False


def test_a_what_if_with_nothing_added_is_the_result() -> None:
    session = _interview()
    real = evaluate(session.answers)  # the result the interview shows (``assess`` of the same answers)
    same = what_if_answers(session.answers, {})
    assert same.disposition == real.disposition
    assert [(c.code, round(c.probability, 12)) for c in same.conditions] == [
        (c.code, round(c.probability, 12)) for c in real.conditions
    ]


def test_every_what_if_of_a_clinician_check_keeps_the_dont_know(monkeypatch: pytest.MonkeyPatch) -> None:
    # dev-005 in clinician mode, after "don't know" to how far the pain goes and then "Neither leg":
    # the history questions before an examination are weighed on what-ifs of each examination answer
    # (before, 13 questions in another order: the what-ifs read the leg pain as "none")
    vignette = next(json.loads(line) for line in VIGNETTES.read_text().splitlines() if '"dev-005"' in line)
    seen: list[dict[str, Any]] = []

    def spy(findings: Mapping[str, Any], *args: Any, **kwargs: Any) -> Any:
        seen.append(dict(findings))
        return evaluate(findings, *args, **kwargs)

    monkeypatch.setattr(interview_module, "evaluate", spy)
    session = Interview(mode="clinician")
    session.answer("pain_leg", None).answer("leg_symptoms_side", "none")
    asked = []
    while (question := session.next_question()) is not None and len(asked) < 60:
        asked.append(question.id)
        for code in question.codes:
            session.answer(code, vignette["findings"].get(code))
    assert any(q.startswith("exam_") for q in asked)  # what-ifs of examination answers were made
    assert len(seen) > 10
    assert all("pain_leg" in f and f["pain_leg"] is None for f in seen), [
        sorted(f) for f in seen if f.get("pain_leg", "") is not None
    ][:1]
