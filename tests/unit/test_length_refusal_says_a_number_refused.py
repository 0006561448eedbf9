"""A refused length of time says what was typed, in the unit typed (``services.wording.length_refused``,
shared by the terminal and the question page). It rounded what was typed to a tenth, so a length
just past the range was said as a number inside it: "-0.04 years" was refused as "You typed 0
years. Please type a number from 0 to 100 years", and "5200.04" weeks as "You typed 5200 weeks ...
from 0 to 5200 weeks": a person told they typed an allowed number cannot see what is wrong. The
terminal said "-0.04 years is less than 0" before it took the page's wording. Now the number is
said with the digits that show it is outside the range, or, when no short number can, which side it
is on."""

from __future__ import annotations

import pytest

from backstride.cli.assess_cmd import _parse_answer
from backstride.knowledge.questions import load_questions
from backstride.services.interview import _to_question
from backstride.web.views import parse_answer, question_context


def _refusals(number: str, unit: str) -> list[str]:
    question = _to_question(load_questions().by_id("duration"))
    said = []
    with pytest.raises(ValueError) as at_the_terminal:
        _parse_answer(question, f"{number} {unit}")
    said.append(str(at_the_terminal.value))
    with pytest.raises(ValueError) as on_the_page:
        parse_answer(question_context(question), "number", number_text=number, number_unit=unit)
    said.append(str(on_the_page.value))
    return said


@pytest.mark.parametrize(
    ("number", "unit", "said"),
    [
        ("-0.04", "years", "ou typed -0.04 years. Please type a number from 0 to 100 years"),
        ("-0.001", "months", "ou typed -0.001 months. Please type a number from 0 to 1200 months"),
        ("-0.01", "weeks", "ou typed -0.01 weeks. Please type a number from 0 to 5200 weeks"),
        ("5200.04", "weeks", "ou typed 5200.04 weeks. Please type a number from 0 to 5200 weeks"),
        ("1200.03", "months", "ou typed 1200.03 months. Please type a number from 0 to 1200 months"),
        # no short number shows it: which side it is on
        ("-1e-400", "weeks", "hat is less than 0 weeks. Please type a number from 0 to 5200 weeks"),
        ("5200.00000000000000001", "weeks", "hat is more than 5200 weeks. Please type a number from 0"),
        # as before
        ("-2", "years", "ou typed -2 years. Please type a number from 0 to 100 years"),
        ("101", "years", "ou typed 101 years. Please type a number from 0 to 100 years"),
        ("1e308", "years", "hat is too many years. Please type a number from 0 to 100 years"),
        ("-1e308", "years", "hat is less than 0 years. Please type a number from 0 to 100 years"),
    ],
)
def test_a_refused_length_is_never_said_as_a_number_in_the_range(number: str, unit: str, said: str) -> None:
    for refusal in _refusals(number, unit):
        assert said in refusal, refusal
