"""The interview does not stop while answers together could make its serious leading cause likely.

A woman of 75 on steroid tablets, pain for 51 weeks, 8 out of 10, getting worse: with every answer
a broken bone is 54% likely, more likely than not, and the result is a visit today. The interview
stopped at a routine visit after 18 questions with the bone at 41%, without asking whether she is a
man or a woman or whether the pain is getting worse: neither answer alone lifts the bone over 50%
(49% and 46%), so one-step foresight saw no change, and the look-ahead before stopping
("untested causes") tried every cause except the leading one. It now tries the leading cause too when
it is serious: the answers most for it against the next cause, taken together.
"""

from __future__ import annotations

import pytest

from backstride.services.assessment import assess
from backstride.services.foresight import question_plan
from backstride.services.interview import Interview

NO_SIGNS = {c: False for c in question_plan("person").screening_codes}
STEROIDS = {
    **NO_SIGNS,
    "long_term_steroids": True,
    "age_years": 75.0,
    "duration_weeks": 51.0,
    "trend": "worsening",
    "pain_severity_nrs": 8.0,
    "sex": "female",
}


def _interview(findings: dict, mode: str) -> Interview:
    session = Interview(mode=mode)
    while (question := session.next_question()) is not None:
        for code in question.codes:
            session.answer(code, findings.get(code))
        assert session.questions_asked < 60
    return session


@pytest.mark.parametrize("mode", ["person", "clinician"])
def test_the_interview_ends_at_a_visit_today_as_every_answer_does(mode: str) -> None:
    assert assess(STEROIDS).disposition == "urgent"
    session = _interview(STEROIDS, mode)
    assert session.result().disposition == "urgent"  # was routine: "sex" and "trend" never asked
    assert {"sex", "trend"} <= set(session.known)


def test_when_the_answers_go_against_it_the_interview_still_ends() -> None:
    other = {**STEROIDS, "sex": "male", "trend": "improving"}
    session = _interview(other, "person")
    assert session.result().disposition == assess({k: v for k, v in other.items()}).disposition
