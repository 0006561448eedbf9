"""The old answer for all three leg signs (``leg_signs_long_standing``, 1.18.0-1.19.x: "each sign the
person has has been there 12 weeks or more") never speaks for a sign the person says they have only
after it was given.

A check kept by 1.19.x with a foot drop, no unsteady walking and the old "yes" is a routine check (the
foot drop is old). Its answers can still be changed (POST /api/assessments/{id}/answers takes an
answer to any question). When unsteady walking is then said to be there, the old "yes" stood for its
age too, though it was said of the foot drop alone: the check stayed a routine one and never asked
how long the unsteadiness has been there. A new unsteady walk is a visit the same day (EVIDENCE.md
A.6 [A22]). Now the old answer is kept for the signs it was said of (each one's own answer) and the
new sign's age is asked. Review R5; on SQLite and PostgreSQL (``database_url``).
"""

from __future__ import annotations

from typing import Any

import pytest

from backstride.knowledge.questions import load_questions
from backstride.services.records import Records
from backstride.storage.models import Assessment

SCREENING = [c for q in load_questions().questions if q.screen for c in q.codes]
OLD = "leg_signs_long_standing"
ANSWERS = {
    **dict.fromkeys(SCREENING, False),
    "foot_drop": True,
    "age_years": 52.0,
    "sex": "female",
    "pain_low_back": True,
    "duration_weeks": 20.0,
    "trend": "stable",
}


def _kept_by_1_19(records: Records, answers: dict[str, Any]) -> int:
    """A check whose answers are those 1.19.x kept: the old answer among them."""
    check = records.start_assessment("person").id
    records.answer(check, answers)
    with records.db.session(write=True) as session:
        row = session.get(Assessment, check)
        row.answers = {**row.answers, OLD: True}
    return check


def _finish(records: Records, check: int) -> list[str]:
    """Answer every question still asked "don't know"; the codes asked."""
    asked: list[str] = []
    while (question := records.get_assessment(check).next_question) is not None:
        codes = list(question["codes"])
        asked.extend(codes)
        records.answer(check, dict.fromkeys(codes))
    return asked


@pytest.mark.parametrize("before", [False, None])
def test_a_sign_said_after_the_old_answer_is_asked_its_age(records: Records, before: Any) -> None:
    check = _kept_by_1_19(records, {**ANSWERS, "unsteady_gait": before})
    _finish(records, check)
    assert records.result(check).result["disposition"] == "routine"  # the foot drop is old: as 1.19.x said

    records.answer(check, {"unsteady_gait": True})
    asked = _finish(records, check)
    assert "unsteady_gait_long_standing" in asked  # how long has the unsteadiness been there?
    assert "foot_drop_long_standing" not in asked  # the old answer still says it of the foot drop
    assert records.result(check).result["disposition"] == "urgent"  # "don't know": a visit today (A.6 [A22])


def test_an_answer_that_adds_no_sign_keeps_the_old_answer_as_it_was(records: Records) -> None:
    check = _kept_by_1_19(records, {**ANSWERS, "unsteady_gait": False})
    records.answer(check, {"smoker": True})
    answers = records.get_assessment(check).answers
    assert answers[OLD] is True and "foot_drop_long_standing" not in answers
    _finish(records, check)
    assert records.result(check).result["disposition"] == "routine"


@pytest.mark.parametrize("old", [False, None])
def test_an_old_no_or_dont_know_is_kept_as_it_was(old: Any) -> None:
    """Only the old "yes" could speak for a sign it was not said of: a "no" keeps every sign a visit
    today, a "don't know" keeps every sign's age unknown."""
    from backstride.assessment import replaced_answer_kept_to_its_signs

    before = {**ANSWERS, "unsteady_gait": False, OLD: old}
    after = {**before, "unsteady_gait": True}
    assert replaced_answer_kept_to_its_signs(before, after) == after


def test_the_old_yes_is_spelled_out_in_its_place_for_the_signs_it_was_said_of() -> None:
    from backstride.assessment import replaced_answer_kept_to_its_signs

    before = {"foot_drop": True, "unsteady_gait": None, OLD: True, "smoker": False}
    after = {**before, "unsteady_gait": True}
    kept = replaced_answer_kept_to_its_signs(before, after)
    assert list(kept.items()) == [
        ("foot_drop", True),
        ("unsteady_gait", True),
        ("foot_drop_long_standing", True),
        ("smoker", False),
    ]
