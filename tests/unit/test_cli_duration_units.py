"""The terminal takes the pain's length in weeks, months or years ("10 weeks", "6 wk", "3 months",
"2 years"), as the web page does, and keeps it in weeks with the same conversion
(``core.units.in_weeks``): 52/12 weeks a month, 52 a year, cut down to a tenth, never rounded up. A
length just under 2, 6, 12, 26 or 52 weeks stays under it (2.76 months is 11.9 weeks, not 12), as
"12 weeks or more" clauses lower a warning (tests/knowledge/test_duration_units_boundaries.py for the
web). Before, "3 months" was asked again and "2 years" could not be said at all. A word that is not
weeks, months or years, a negative length and one past 5200 weeks are asked again, naming the
problem; nothing is answered."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from typer.testing import CliRunner

from backstride.cli.assess_cmd import _parse_answer
from backstride.cli.main import app
from backstride.core.typed import NotATimeUnit, typed_duration
from backstride.core.units import in_weeks
from backstride.knowledge.questions import load_questions
from backstride.services.interview import _to_question
from backstride.web.views import parse_answer, question_context


def duration():  # noqa: ANN201 - a Question
    return _to_question(load_questions().by_id("duration"))


@pytest.mark.parametrize(
    ("typed", "weeks"),
    [
        ("3 months", 13),
        ("2 years", 104),
        ("10 weeks", 10),
        ("6 wk", 6),
        ("1 yr", 52),
        ("3mo", 13),
        ("7 Months.", 30.3),
        ("0.5 years", 26),
        ("11.99 weeks", 11.99),  # in the question's unit: kept as typed, as the web keeps it
    ],
)
def test_the_terminal_reads_weeks_months_and_years(typed, weeks):
    assert _parse_answer(duration(), typed) == {"duration_weeks": weeks}


@pytest.mark.parametrize(
    ("typed", "boundary"),
    [("2.76 months", 12), ("1.38 months", 6), ("0.46 months", 2), ("5.99 months", 26), ("11.99 months", 52)],
)
def test_a_length_just_under_a_boundary_stays_under_it(typed, boundary):
    exact = Fraction(typed.split()[0]) * Fraction(52, 12)
    assert exact < boundary  # the length really is under the boundary
    kept = _parse_answer(duration(), typed)["duration_weeks"]
    assert kept < boundary, f"{typed} ({float(exact):.3f} weeks) was kept as {kept} weeks"


@pytest.mark.parametrize("typed", ["2.76", "7", "0.46", "1.5", "11.99", "100"])
@pytest.mark.parametrize("unit", ["months", "years"])
def test_the_terminal_and_the_web_keep_the_same_weeks(typed, unit):
    """One conversion for both: the web's form and the terminal's typed words give the same weeks."""
    question = duration()
    on_the_web = parse_answer(question_context(question), "number", number_text=typed, number_unit=unit)
    assert _parse_answer(question, f"{typed} {unit}") == on_the_web
    assert on_the_web["duration_weeks"] == in_weeks(float(typed), unit)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("3 days", "'days' is not a unit we can read here: please give the number in weeks, months or years"),
        ("7 fortnights", "'fortnights' is not a unit"),
        # in the unit typed, as the web page says it (not "the 5200 weeks we can take")
        ("101 years", "you typed 101 years. Please type a number from 0 to 100 years"),
        ("1e308 years", "that is too many years. Please type a number from 0 to 100 years"),
        ("6000 weeks", "you typed 6000 weeks. Please type a number from 0 to 5200 weeks"),
        ("-3 months", "you typed -3 months. Please type a number from 0 to 1200 months"),
        ("-2 yrs", "you typed -2 years. Please type a number from 0 to 100 years"),
        ("-1e308 years", "that is less than 0 years. Please type a number from 0 to 100 years"),
        ("-2", "you typed -2 weeks. Please type a number from 0 to 5200 weeks"),
        ("three months", "please type a number from 0 to 5200 weeks"),
    ],
)
def test_a_length_that_cannot_be_is_asked_again_naming_the_problem(typed, said):
    with pytest.raises(ValueError) as refused:
        _parse_answer(duration(), typed)
    assert said in str(refused.value)


def test_a_unit_for_another_question_is_still_refused():
    """Only a question asked in weeks takes months and years: an age of "15 months" is asked again."""
    with pytest.raises(ValueError, match="please"):
        _parse_answer(_to_question(load_questions().by_id("age")), "15 months")


def test_typed_duration_names_the_word_it_cannot_read():
    assert typed_duration(" 3 months ") == (3.0, "months")
    assert typed_duration("4,5") == (4.5, "weeks")
    with pytest.raises(NotATimeUnit) as refused:
        typed_duration("3 days")
    assert refused.value.word == "days"


def _to_duration(extra: str) -> str:
    """Answers typed at the terminal up to the pain's length, then ``extra``, then quit."""
    from backstride.services.interview import Interview

    interview, lines = Interview(), []
    while (question := interview.next_question()) is not None and question.id != "duration":
        lines.append("0" if question.kind == "checklist" else "?")
        for code in question.codes:
            interview.answer(code, False if question.kind == "checklist" else None)
    return "\n".join([*lines, extra, "quit"]) + "\n"


def test_the_interactive_check_takes_3_months_and_asks_again_for_3_days():
    runner = CliRunner()
    taken = runner.invoke(app, ["assess"], input=_to_duration("3 months"))
    assert taken.exit_code == 0, taken.output
    assert "How long have you had this pain?" in taken.output
    assert "Sorry" not in taken.output
    asked_again = runner.invoke(app, ["assess"], input=_to_duration("3 days\n3 months"))
    assert asked_again.exit_code == 0, asked_again.output
    assert asked_again.output.count("Sorry, 'days' is not a unit we can read here") == 1
    assert asked_again.output.count("Sorry") == 1  # "3 months" typed next was taken


@pytest.mark.parametrize(("text", "write"), [("3 months", "13"), ("2.76 months", "11.9"), ("2 years", "104")])
def test_an_answers_file_with_text_is_refused_saying_the_weeks_to_write(tmp_path, text, write):
    """The contract reads a finding's number in its unit (a wrong type is an error, never read another
    way), so text stays refused in a file, with the weeks worked out as the terminal reads them."""
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"findings": {"duration_weeks": text}}), encoding="utf-8")
    refused = CliRunner().invoke(app, ["assess", "--answers", str(case), "--json"])
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert f"write duration_weeks: {write} for '{text}'" in refused.stderr


def test_a_huge_negative_length_in_years_is_refused_on_the_web_too():
    """-1e308 years was cut down to a tenth as a number too large for a float: an OverflowError (a
    server error) where a message was due."""
    assert in_weeks(-1e308, "years") == float("-inf")
    with pytest.raises(ValueError, match="less than 0 years. Please type a number from 0 to 100 years"):
        parse_answer(question_context(duration()), "number", number_text="-1e308", number_unit="years")


def test_the_question_says_months_and_years_can_be_typed() -> None:
    """The hint under the question said only "Type a number from 0 to 5200 weeks", and the question
    itself "A year is 52 weeks": a person with 2 years of pain worked out 104 weeks, not knowing that
    "2 years" is taken (README: "the pain's length in weeks, months or years")."""
    from io import StringIO

    from rich.console import Console

    from backstride.cli.assess_cmd import _show_question

    out = StringIO()
    _show_question(Console(file=out, width=200), duration(), 6)
    hint = " ".join(out.getvalue().split())
    assert "Type a number from 0 to 5200 weeks, or months or years (like 3 months or 2 years; " in hint, hint
    # the question is just the question (questions 1.8.2): a few days is said here, once
    assert "0.5 weeks for a few days)" in hint and "52 weeks" not in hint, hint
