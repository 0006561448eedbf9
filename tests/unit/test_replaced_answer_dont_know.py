"""The old answer for all three leg signs (``leg_signs_long_standing``, replaced in knowledge 1.20.0)
never lowers a sign whose own age is "don't know" or "no", whichever way the answers reach the engine.

A foot drop, measured weakness or unsteady walk is a visit today unless the sign is known to be old
(EVIDENCE.md A.6: a new one is urgent, same day [A22]). ``validate_findings`` lets the old answer
stand for each sign's own answer only where that one is not given at all: a "don't know" given for
the sign itself keeps it unknown. But the interview, the stored check's result, the warning said
before a check is finished and the restore's floor all left "don't know" out *before* the engine saw
the answers, so the old "yes" filled the gap and lowered the visit today to a routine check: the
interview said routine where ``assess`` of the same answers said urgent (review R2).

Two answers about the same sign that disagree (the old "no", said because one of the signs was new,
beside the sign's own "yes") keep the visit today too: a sign counts as old only when no answer says
it is new.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backstride import Interview, assess
from backstride.cli.assess_cmd import _assess_file
from backstride.knowledge.questions import load_questions
from backstride.services.interview import warning_now
from backstride.services.records import Records

SCREENING = [c for q in load_questions().questions if q.screen for c in q.codes]
BASE = {**dict.fromkeys(SCREENING, False), "age_years": 52.0, "sex": "female", "pain_low_back": True}
LONG_STABLE = {"duration_weeks": 20.0, "trend": "stable"}
SIGNS = {
    "foot_drop_long_standing": ("person", {"foot_drop": True}),
    "unsteady_gait_long_standing": ("person", {"unsteady_gait": True}),
    "leg_weakness_long_standing": (
        "clinician",
        {"exam_weakness_myotomal": True, "leg_symptoms_side": "one_side"},
    ),
}
OLD = "leg_signs_long_standing"


def _levels(answers: dict, mode: str, tmp_path: Path) -> dict[str, str]:
    """The level of the same answers every way the engine is reached."""
    interview = Interview(mode, answers)
    warning = warning_now(answers)
    file = tmp_path / "answers.json"
    file.write_text(json.dumps({"findings": answers}), encoding="utf-8")
    return {
        "assess": assess(answers, mode=mode).disposition,
        "interview": interview.result().disposition,
        "stored check": Records._assess(answers, {}, [], mode=mode)["disposition"],
        "warning before the end": warning["disposition"] if warning else "none",
        "assess --answers": _assess_file(file, None, mode)[0].disposition,
    }


@pytest.mark.parametrize("own", sorted(SIGNS))
def test_dont_know_for_the_sign_itself_keeps_a_visit_today(own: str, tmp_path: Path) -> None:
    mode, sign = SIGNS[own]
    answers = {**BASE, **sign, **LONG_STABLE, OLD: True, own: None}
    levels = _levels(answers, mode, tmp_path)
    assert levels == dict.fromkeys(levels, "urgent") and len(levels) == 5
    # the old answer alone still reads as before (a check made by 1.18.0-1.19.x)
    old_only = {k: v for k, v in answers.items() if k != own}
    assert set(_levels(old_only, mode, tmp_path).values()) == {"routine", "none"}
    assert set(_levels({**old_only, own: True}, mode, tmp_path).values()) == {"routine", "none"}


@pytest.mark.parametrize("own", sorted(SIGNS))
def test_the_old_no_beside_the_sign_own_yes_keeps_a_visit_today(own: str, tmp_path: Path) -> None:
    # "If any one is new or worse, answer no": the old no says a sign is new; a yes about the same
    # sign beside it does not lower the level (A.6 [A22])
    mode, sign = SIGNS[own]
    answers = {**BASE, **sign, **LONG_STABLE, OLD: False, own: True}
    assert set(_levels(answers, mode, tmp_path).values()) == {"urgent"}


def _finished(answers: dict, mode: str) -> Interview:
    """An interview carried to its end, every question not in ``answers`` answered "don't know"."""
    interview = Interview(mode, answers)
    while (question := interview.next_question()) is not None:
        for code in question.codes:
            interview.answer(code, answers.get(code))
    return interview


@pytest.mark.parametrize("own", sorted(SIGNS))
@pytest.mark.parametrize("old", [True, False, None])
def test_a_check_finished_with_the_old_answer_stays_finished(own: str, old: bool | None) -> None:
    """A check finished before 1.20.0 answered the old question for all three signs; it must still be
    finished, with the same level (a stored check's view works out its next question again from its
    answers: one asked now would reopen it, and a "don't know" to it would change its level)."""
    mode, sign = SIGNS[own]
    done = _finished({**BASE, **sign, **LONG_STABLE, "leg_symptoms_side": "one_side", own: old}, mode)
    before = {k: v for k, v in done.answers.items() if k != own} | {OLD: old}  # as 1.19.x kept it
    stored = Interview(mode, before)
    assert stored.next_question() is None
    assert stored.result().disposition == ("routine" if old else "urgent")


def test_an_old_dont_know_for_all_three_signs_is_not_followed_by_the_pain_direction() -> None:
    """A check of 1.18.0-1.19.x that answered "don't know" to the one question for all three signs
    keeps its visit today whatever the pain does: carried on, it is not asked whether the pain is
    getting worse for that sign's sake (only while an answer could lower the level, docs/interview.md)."""
    asked_codes = [c for q in load_questions().questions for c in q.codes]
    given = {**BASE, "foot_drop": True, "duration_weeks": 20.0, "leg_symptoms_side": "one_side", OLD: None}
    rest = dict.fromkeys(
        (c for c in asked_codes if c not in given and c != "trend" and not c.startswith("exam_")), None
    )
    interview = Interview("person", {**given, **{c: v for c, v in rest.items() if c not in SIGNS}})
    assert interview.next_question() is None
    assert interview.result().disposition == "urgent"
