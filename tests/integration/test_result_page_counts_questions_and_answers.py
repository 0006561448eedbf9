"""The result page says how many questions and how many answers, so the two numbers agree.

A new-user test read "It is made from your answers to 10 questions" and then "Show your 30 answers":
a checklist is one question, and each of its items one answer (``n_questions`` and ``n_answers`` of
the API and ``checks.csv`` keep those meanings). Both sentences now say both numbers when they
differ: "10 questions (30 answers, counting each item of a list)". Not a diagnosis.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.integration.test_result_page_asked_words import _check, _text, client  # noqa: F401

from backstride.knowledge.questions import load_questions

NEW_USER = {
    **{c: False for q in load_questions().questions if q.screen for c in q.codes},
    "age_years": 63,
    "duration_weeks": 104,
    "leg_symptoms_side": "none",
    "trend": "stable",
    "pain_calf_main": False,
    "pain_groin": False,
    "pain_outer_hip": False,
    "pain_low_back": True,
}


def test_the_result_page_says_both_counts(client: TestClient) -> None:  # noqa: F811
    check_id = _check(client, "person", NEW_USER)
    text = _text(client.get(f"/check/{check_id}/result").text)
    n = len(NEW_USER)  # 30 answers to 10 questions
    assert (
        f"It is made from your answers to 10 questions ({n} answers, counting each item of a list)." in text
    )
    assert f"Show your {n} answers to 10 questions (each item of a list is one answer)" in text
