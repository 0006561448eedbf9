"""The interview asks whether a foot drop, leg weakness or unsteady walk is old, one question per sign
(knowledge 1.20.0, questions 1.3.0), when the answer could lower the level, and not otherwise.

A "yes" lowers a visit today to a routine check only with the sign and pain of 12 weeks or more that
is not getting worse (EVIDENCE.md A.6: a new one is a visit the same day [A22]); without the sign the
answer changes nothing. Before 1.20.0 one question (``leg_signs_long_standing``) covered all three,
so an old foot drop beside new unsteadiness could be answered "yes" by mistake and lower both.
"""

from __future__ import annotations

from backstride import Interview, assess
from backstride.knowledge.questions import load_questions

SCREENING = [c for q in load_questions().questions if q.screen for c in q.codes]
FOOT = "foot_drop_long_standing"
WEAK = "leg_weakness_long_standing"
UNSTEADY = "unsteady_gait_long_standing"
AGES = (FOOT, WEAK, UNSTEADY)


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
LONG_STABLE = {"duration_weeks": 20.0, "trend": "stable"}


def test_asked_after_a_foot_drop_with_long_stable_pain() -> None:
    answers = {**BASE, "foot_drop": True, **LONG_STABLE}
    asked, level = _run(answers)
    assert FOOT in asked and level == "urgent"  # "don't know": still a visit today
    asked, level = _run({**answers, FOOT: True})
    assert level == "routine"
    assert WEAK not in asked and UNSTEADY not in asked  # only the sign the person has


def test_asked_after_unsteady_walking_with_long_stable_pain() -> None:
    answers = {**BASE, "unsteady_gait": True, "duration_weeks": 30.0, "trend": "improving"}
    asked, level = _run({**answers, UNSTEADY: False})
    assert UNSTEADY in asked and FOOT not in asked and level == "urgent"
    asked, level = _run({**answers, UNSTEADY: True})
    assert level == "routine"


def test_asked_of_a_clinician_after_measured_weakness() -> None:
    answers = {**BASE, "exam_weakness_myotomal": True, **LONG_STABLE, WEAK: True}
    asked, level = _run(answers, mode="clinician")
    assert WEAK in asked and level == "routine"


def test_an_old_foot_drop_with_new_unsteadiness_stays_a_visit_today() -> None:
    """The case one question for all three signs could get wrong: each sign is asked on its own."""
    answers = {**BASE, "foot_drop": True, "unsteady_gait": True, **LONG_STABLE, FOOT: True, UNSTEADY: False}
    asked, level = _run(answers)
    assert FOOT in asked and UNSTEADY in asked and level == "urgent"
    asked, level = _run({**answers, UNSTEADY: True})
    assert level == "routine"  # both old and stable: a booked visit


def test_a_new_sign_stops_the_questions_about_the_others() -> None:
    """Once one sign is new, nothing can lower the level: the other sign's age is not asked."""
    answers = {**BASE, "foot_drop": True, "unsteady_gait": True, **LONG_STABLE, FOOT: False}
    asked, level = _run(answers)
    assert FOOT in asked and UNSTEADY not in asked and level == "urgent"


def test_not_asked_without_a_sign() -> None:
    asked, _level = _run({**BASE, **LONG_STABLE})
    assert not set(AGES) & set(asked)


def test_not_asked_when_the_pain_is_new_or_getting_worse() -> None:
    for more in ({"duration_weeks": 3.0, "trend": "stable"}, {"duration_weeks": 20.0, "trend": "worsening"}):
        asked, level = _run({**BASE, "foot_drop": True, **more})
        assert FOOT not in asked and level == "urgent"


def test_the_old_answer_for_all_three_still_reads_as_before() -> None:
    """Answers given before 1.20.0 (a stored check, a backup, an answers file) keep their meaning:
    ``leg_signs_long_standing`` stands for each sign's own answer where that one is not given; an
    answer given for the sign itself wins, so a "no" keeps the visit today."""
    old = {"foot_drop": True, "unsteady_gait": True, **LONG_STABLE, "leg_signs_long_standing": True}
    assert assess(old).disposition == "routine"
    assert assess({**old, UNSTEADY: False}).disposition == "urgent"
    assert assess({**old, "leg_signs_long_standing": False}).disposition == "urgent"
    assert "leg_signs_long_standing" not in {c for q in load_questions().questions for c in q.codes}
    replayed = Interview("person", {**BASE, **old})  # a stored check's answers, replayed
    while (question := replayed.next_question()) is not None:
        for code in question.codes:
            replayed.answer(code, None)
    assert replayed.result().disposition == "routine"


def test_not_asked_when_the_pain_length_or_direction_is_not_known() -> None:
    """'Don't know' to how long the pain has lasted, or to whether it is getting worse, keeps the visit
    today whatever the sign's age is: the interview does not ask it (docs/interview.md: only while it
    could lower the level; review R2)."""
    for more in ({"duration_weeks": 20.0, "trend": None}, {"duration_weeks": None, "trend": "stable"}):
        asked, level = _run(
            {**BASE, "foot_drop": True, "unsteady_gait": True, **more, FOOT: True, UNSTEADY: True}
        )
        assert FOOT not in asked and UNSTEADY not in asked and level == "urgent", (more, asked)
