"""An answer to one question never hides a finding an emergency or same-day rule reads (questions 1.5.1).

Questions 1.5.0 hid the whole checklist "When you walk, do your legs have any of these?" after "Which
legs have pain, numbness or heaviness?" = "Neither leg", and read "Numbness or pins and needles in a
leg or foot" as "no". That item is what makes a fever, or a past cancer, with back pain an emergency
(fever_with_nerve_symptoms, cancer_with_nerve_symptoms: EVIDENCE.md A.3, A.5 [A18][A23]). The side
question does not say "when you walk", and leg symptoms of a narrowed spinal canal come on with
walking, so "Neither leg" sitting down is no answer to it: a person who had cancer, said "Neither leg"
and goes numb in a foot when walking was told to see a doctor within a day, not to go to hospital now.
At questions 1.4.0 the interview asked, and said emergency.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.unit.test_interview_checklist_ask_when import _raw_bank

from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import implied_answers, load_questions, validate_questions
from backstride.services.interview import Interview

LEVELS = ("emergency", "urgent")


def _run(person: dict[str, Any], mode: str) -> tuple[Interview, list[str]]:
    """An interview answered from ``person``: warning signs not given are a no, the rest don't know."""
    kb = load_knowledge()
    screening = {c for q in load_questions().questions if q.screen for c in q.codes}
    session, asked = Interview(mode), []
    while (question := session.next_question()) is not None:
        for code in question.codes:
            asked.append(code)
            default = False if code in screening and kb.findings[code].kind == "bool" else None
            session.answer(code, person.get(code, default))
    return session, asked


@pytest.mark.parametrize("mode", ["person", "clinician"])
@pytest.mark.parametrize(
    ("sign", "rule"),
    [("history_of_cancer", "cancer_with_nerve_symptoms"), ("fever", "fever_with_nerve_symptoms")],
)
def test_neither_leg_still_asks_numbness_when_walking_and_ends_in_an_emergency(
    mode: str, sign: str, rule: str
) -> None:
    person = {
        sign: True,
        "leg_symptoms_side": "none",
        "leg_numbness_tingling": True,
        "worse_walking": True,
        "age_years": 70.0,
    }
    session, asked = _run(person, mode)
    assert "leg_numbness_tingling" in asked
    result = session.result()
    assert result.disposition == "emergency"
    assert rule in [flag.code for flag in result.red_flags]


def test_no_answer_reads_an_emergency_or_same_day_sign_as_no() -> None:
    kb = load_knowledge()
    read = {c for r in kb.red_flag_rules.values() if r.disposition in LEVELS for c in r.when.codes()}
    for answers in (
        {"leg_symptoms_side": "none"},
        {"pain_leg": "none"},
        {"leg_symptoms_side": "none", "pain_leg": "none", "pain_buttock": "none"},
    ):
        assert not set(implied_answers(answers)) & read, answers


@pytest.mark.parametrize(
    ("question_id", "changes"),
    [
        ("leg_feelings", {"ask_when": {"not": {"eq": ["leg_symptoms_side", "none"]}}, "otherwise": False}),
        ("leg_feelings", {"items": {"leg_numbness_tingling": {"ask_when": {"present": "smoker"}}}}),
    ],
)
def test_an_ask_when_that_would_hide_an_emergency_sign_is_named(
    question_id: str, changes: dict[str, Any]
) -> None:
    raw = _raw_bank()
    for q in raw["questions"]:
        if q["id"] == question_id:
            q.pop("items", None)
            q.update(changes)
    problems = validate_questions(raw)
    assert any("leg_numbness_tingling" in p and "cancer_with_nerve_symptoms" in p for p in problems), problems
