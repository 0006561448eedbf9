"""The result page says how many questions and how many answers, so the two numbers agree.

A new-user test read "It is made from your answers to 10 questions" and then "Show your 30 answers":
a checklist is one question, and each of its items one answer (``n_questions`` and ``n_answers`` of
the API and ``checks.csv`` keep those meanings). Both sentences now say both numbers when they
differed: "10 questions (30 answers: a question with a list takes one answer for each item)". A
fresh-eyes review (2026-11-28) found that said nothing that helps a person: both now say the questions
only, "It is made from your answers to 10 questions." and "Show your answers to the 10 questions", so
the numbers still agree. Not a diagnosis.
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
    assert n > 10
    # only what helps (review 2026-11-28): the questions; a list's items counted as answers said nothing
    assert "It is made from your answers to 10 questions." in text
    assert "Show your answers to the 10 questions" in text
    assert f"{n} answers" not in text and "takes one answer for each item" not in text


def test_answers_sent_unasked_through_the_api_are_counted_in_words_true_of_them(
    client: TestClient,  # noqa: F811
) -> None:
    # three items of the infection checklist and the age, sent at once: no list was shown to anyone
    sent = {"fever": False, "chills": False, "iv_drug_use": False, "age_years": 52}
    check_id = _check(client, "person", sent)
    text = _text(client.get(f"/check/{check_id}/result").text)
    assert "It is made from your answers to 2 questions." in text
    assert "Show your answers to the 2 questions" in text
    assert "4 answers" not in text
    assert "counting each item of a list" not in text  # a reason about lists they never saw
