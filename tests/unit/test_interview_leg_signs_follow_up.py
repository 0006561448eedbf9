"""The interview asks whether a foot drop, leg weakness or unsteady walk is old (``leg_signs_long_standing``)
when the answer could lower the level, and not otherwise.

A "yes" lowers a visit today to a routine check only with one of the signs and pain of 12 weeks or
more that is not getting worse (EVIDENCE.md A.6 [A22]); without a sign the answer changes nothing.
"""

from __future__ import annotations

from backstride import Interview
from backstride.knowledge.questions import load_questions

SCREENING = [c for q in load_questions().questions if q.screen for c in q.codes]
CODE = "leg_signs_long_standing"


def _run(answers: dict, mode: str = "person") -> tuple[list[str], str]:
    """Answer every question from ``answers`` (None for the rest) until the interview stops."""
    interview = Interview(mode=mode)
    asked: list[str] = []
    while (question := interview.next_question()) is not None:
        for code in question.codes:
            asked.append(code)
            interview.answer(code, answers.get(code))
    return asked, interview.result().disposition


BASE = {**dict.fromkeys(SCREENING, False), "age_years": 52.0, "sex": "female", "pain_low_back": True}


def test_asked_after_a_foot_drop_with_long_stable_pain() -> None:
    answers = {**BASE, "foot_drop": True, "duration_weeks": 20.0, "trend": "stable"}
    asked, level = _run(answers)
    assert CODE in asked and level == "urgent"  # "don't know": still a visit today
    asked, level = _run({**answers, CODE: True})
    assert level == "routine"


def test_asked_after_unsteady_walking_with_long_stable_pain() -> None:
    answers = {**BASE, "unsteady_gait": True, "duration_weeks": 30.0, "trend": "improving"}
    asked, level = _run({**answers, CODE: False})
    assert CODE in asked and level == "urgent"


def test_asked_of_a_clinician_after_measured_weakness() -> None:
    answers = {**BASE, "exam_weakness_myotomal": True, "duration_weeks": 20.0, "trend": "stable", CODE: True}
    asked, level = _run(answers, mode="clinician")
    assert CODE in asked and level == "routine"


def test_not_asked_without_a_sign() -> None:
    asked, _level = _run({**BASE, "duration_weeks": 20.0, "trend": "stable"})
    assert CODE not in asked


def test_not_asked_when_the_pain_is_new_or_getting_worse() -> None:
    for more in ({"duration_weeks": 3.0, "trend": "stable"}, {"duration_weeks": 20.0, "trend": "worsening"}):
        asked, level = _run({**BASE, "foot_drop": True, **more})
        assert CODE not in asked and level == "urgent"
