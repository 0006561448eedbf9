"""Every check asks about walking, "Neither leg" too (questions 1.7.0, knowledge 1.26.0).

A new user of 63 with back pain for two years, about the same, and "Neither leg" was asked 10
questions: the warning signs, age, length, which legs, the direction, the calf, hip and groin, and
the lower back. Never whether walking brings the pain on, how many minutes, deep buttock pain or what
helps. Narrowed spinal canal stayed at 1%: the level (a routine visit, pain not better after 6
weeks) was set already, and no single answer could change the leading cause. With pain in both
buttocks, brought on by walking, eased by sitting and bending forward, it is the likeliest cause.
The app is for people whose back hurts when they walk, so every check now asks "Does walking bring
the pain on?" (``always``), and after "Neither leg" deep buttock pain, which "Which legs ...?" does
not ask about; what helps then follows from the answers.

"Neither leg" also read as "neurogenic claudication absent" (LR 0.3 against stenosis [B1]), though
that row of EVIDENCE.md B.1 is about buttock *or* leg symptoms and the question asks about the legs
only: pain in both buttocks no longer counts it. Not a diagnosis.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.unit.test_hidden_item_never_hides_an_emergency_sign import _run
from typer.testing import CliRunner

from backstride.assessment.engine import evaluate
from backstride.cli.main import app as cli_app
from backstride.knowledge.models import Expr
from backstride.knowledge.questions import load_questions

#: the new user's answers (warning signs all "no"; answers not given here are "don't know")
NEW_USER: dict[str, Any] = {
    "age_years": 63.0,
    "duration_weeks": 104.0,
    "leg_symptoms_side": "none",
    "trend": "stable",
    "pain_low_back": True,
    "pain_calf_main": False,
    "pain_groin": False,
    "pain_outer_hip": False,
}
#: ... and what they answer when asked about walking, the buttock and what helps
WALKING = {
    "pain_buttock": "both_sides",
    "worse_walking": True,
    "walking_tolerance_min": 10.0,
    "relief_sitting": True,
    "relief_flexion": True,
}
ALWAYS = ("worse_walking", "pain_buttock", "relief_sitting", "relief_flexion")


@pytest.mark.parametrize("mode", ["person", "clinician"])
def test_neither_leg_is_asked_about_walking_the_buttock_and_what_helps(mode: str) -> None:
    session, asked = _run({**NEW_USER, **WALKING}, mode)
    assert set(ALWAYS) <= set(asked)
    result = evaluate(session.known)
    assert result.leading.code == "lumbar_spinal_stenosis"
    assert result.disposition == "routine"


@pytest.mark.parametrize("mode", ["person", "clinician"])
@pytest.mark.parametrize("legs", ["one_side", "both_sides", None])
def test_walking_is_asked_whatever_the_legs(mode: str, legs: str | None) -> None:
    _session, asked = _run({**NEW_USER, "leg_symptoms_side": legs}, mode)
    assert "worse_walking" in asked


def test_the_buttock_is_asked_after_neither_leg_before_walking_ends_the_check() -> None:
    session, asked = _run({**NEW_USER, "worse_walking": True}, "person")
    assert asked.index("pain_buttock") < asked.index("worse_walking")


def test_the_terminal_check_of_the_new_user_asks_about_walking() -> None:
    # as typed by the new user: no warning signs, 63, 2 years, "Neither leg", about the same, none of
    # the calf, groin or hip, lower back yes; then "don't know" to whatever else is asked
    typed = "0\n0\n0\n0\n63\n2 years\n1\n2\n0\n1\n" + "?\n" * 30
    result = CliRunner().invoke(cli_app, ["assess"], input=typed, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Does walking bring the pain on or make it worse?" in result.output
    assert "Do you have pain deep in the buttock?" in result.output


def test_neither_leg_with_both_buttocks_is_not_read_as_no_walking_symptoms() -> None:
    findings = {**NEW_USER, "pain_buttock": "both_sides"}
    stenosis = next(c for c in evaluate(findings).conditions if c.code == "lumbar_spinal_stenosis")
    assert ("leg_symptoms_side", "none") not in {(c.finding, c.value) for c in stenosis.contributions}
    # with no buttock pain (or not asked yet) "Neither leg" still counts against it, as before
    for buttock in ("none", None):
        plain = {**NEW_USER, "pain_buttock": buttock}
        stenosis = next(c for c in evaluate(plain).conditions if c.code == "lumbar_spinal_stenosis")
        assert ("leg_symptoms_side", "none") in {(c.finding, c.value) for c in stenosis.contributions}


def test_always_questions_are_the_walking_ones_and_never_warning_signs() -> None:
    always = [q for q in load_questions().questions if q.always]
    assert {q.id: q.always for q in always} == {
        "walking": True,
        "buttock": Expr.model_validate({"eq": ["leg_symptoms_side", "none"]}),
    }
    assert not any(q.screen for q in always)


def test_always_on_a_warning_sign_question_is_named() -> None:
    from tests.unit.test_interview_ask_when import _raw_bank

    from backstride.knowledge.questions import validate_questions

    raw = _raw_bank()
    next(q for q in raw["questions"] if q["id"] == "rf_infection")["always"] = True
    problems = validate_questions(raw)
    assert any("rf_infection" in p and "always" in p for p in problems), problems
