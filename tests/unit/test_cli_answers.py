"""Typed answers in the interactive CLI: by number or by word, "?" for don't know."""

from __future__ import annotations

import pytest

from backstride.cli.assess_cmd import _Back, _parse_answer, _Quit
from backstride.knowledge.questions import load_questions
from backstride.services.interview import _to_question


def question(qid: str):  # noqa: ANN201 - a Question
    return _to_question(load_questions().by_id(qid))


@pytest.mark.parametrize(
    ("qid", "typed", "expected"),
    [
        ("leg_pain", "3", {"pain_leg": "below_knee"}),
        ("leg_pain", "below", {"pain_leg": "below_knee"}),
        ("leg_side", "Both", {"leg_symptoms_side": "both_sides"}),
        ("trend", "worse", {"trend": "worsening"}),
        ("sex", "m", {"sex": "male"}),
        ("walking", "yes", {"worse_walking": True}),
        ("walking", "2", {"worse_walking": False}),
        ("age", "70", {"age_years": 70}),
        ("duration", "0.5", {"duration_weeks": 0.5}),
        ("age", "?", {"age_years": None}),
        # the question's unit typed after the number (found in review, R2: '15 years' was refused)
        ("age", "15 years", {"age_years": 15}),
        ("age", "15 yrs old", {"age_years": 15}),
        ("duration", "6 wks", {"duration_weeks": 6}),
        # months and years are read as what they are and kept in weeks, as the web keeps them
        # (tests/unit/test_cli_duration_units.py); before, "3 months" was asked again
        ("duration", "3 months", {"duration_weeks": 13}),
        ("duration", "2 years", {"duration_weeks": 104}),
        ("walking_minutes", "20 min", {"walking_tolerance_min": 20}),
        ("height", "170cm", {"height_cm": 170}),
        ("walking", "don't know", {"worse_walking": None}),
        (
            "rf_leg_nerves",
            "1, 3",
            {
                "leg_weakness_progressive": True,
                "foot_drop": False,
                "unsteady_gait": True,
                "foot_rest_pain_or_sore": False,
            },
        ),
        (
            "rf_leg_nerves",
            "0",
            {
                "leg_weakness_progressive": False,
                "foot_drop": False,
                "unsteady_gait": False,
                "foot_rest_pain_or_sore": False,
            },
        ),
        (
            "rf_leg_nerves",
            "none",
            {
                "leg_weakness_progressive": False,
                "foot_drop": False,
                "unsteady_gait": False,
                "foot_rest_pain_or_sore": False,
            },
        ),
        (
            "rf_leg_nerves",
            "?",
            {
                "leg_weakness_progressive": None,
                "foot_drop": None,
                "unsteady_gait": None,
                "foot_rest_pain_or_sore": None,
            },
        ),
    ],
)
def test_typed_answers(qid: str, typed: str, expected: dict[str, object]) -> None:
    assert _parse_answer(question(qid), typed) == expected


@pytest.mark.parametrize(
    ("qid", "typed"),
    [
        ("walking", "maybe"),
        ("leg_pain", "9"),
        ("age", "old"),
        ("duration", "3 days"),  # a unit the question cannot take is never read as weeks
        ("age", "15 weeks"),
        ("rf_leg_nerves", "1,7"),
        # "²" is a digit to str.isdigit but not to int(): it used to show Python's own message
        ("leg_pain", "²"),
        ("rf_leg_nerves", "1,²"),
    ],
)
def test_nonsense_asks_again(qid: str, typed: str) -> None:
    with pytest.raises(ValueError, match="please"):
        _parse_answer(question(qid), typed)


def test_back_and_quit_words() -> None:
    with pytest.raises(_Back):
        _parse_answer(question("age"), "back")
    with pytest.raises(_Quit):
        _parse_answer(question("age"), "quit")
