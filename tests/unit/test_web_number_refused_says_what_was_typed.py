"""Every number question on the web's question page says what was typed when it is out of range,
as a length always did (review 2026-11-28).

Typing 200 as the age read only "Please type a number from 0 to 120.", while -1 weeks read "You typed
-1 weeks. Please type a number from 0 to 5200 weeks.". Now each number question, from the real
question bank, says the number typed and the range in its unit.
"""

from __future__ import annotations

import pytest

from backstride.knowledge.questions import load_questions
from backstride.services.interview import question_of
from backstride.web import views

NUMBER_QUESTIONS = [q.codes for q in load_questions().questions if q.kind == "number"]


@pytest.mark.parametrize("codes", NUMBER_QUESTIONS, ids=lambda c: c[0])
@pytest.mark.parametrize("typed", ["100000", "-1"])
def test_a_number_out_of_range_is_said_back(codes: tuple[str, ...], typed: str) -> None:
    question = question_of(codes)
    assert question is not None
    with pytest.raises(ValueError) as refused:
        views.parse_answer(question, "number", number_text=typed)
    shown = views.question_context(question)["unit"]  # the page's unit: none for pain 0 to 10
    unit = f" {shown}" if shown else ""
    assert str(refused.value).startswith(f"You typed {typed}{unit}. Please type a number from "), (
        refused.value
    )


def test_age_and_pain_in_words() -> None:
    age, pain = question_of(["age_years"]), question_of(["pain_severity_nrs"])
    with pytest.raises(
        ValueError, match=r"^You typed 200 years\. Please type a number from 0 to 120 years\.$"
    ):
        views.parse_answer(age, "number", number_text="200")
    with pytest.raises(ValueError, match=r"^You typed 11\. Please type a number from 0 to 10\.$"):
        views.parse_answer(pain, "number", number_text="11")
