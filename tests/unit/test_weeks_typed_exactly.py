"""The pain's length is kept in weeks from the number exactly as it was typed, never from the nearest
float: a float keeps about 16 digits, so "0.230769230769230769 years" (just under 12 weeks) was read
as a float a hair above 3/13 of a year and kept as 12 weeks, "5.9999999999999999 months" as 26 and
"11.99999999999999999 weeks" as 12, on the web page and in the terminal alike. The rules compare these
weeks with 2, 6, 12, 26 and 52 ("12 weeks or more" lowers a warning, red_flags.yaml), so a length
under a boundary must never reach it (``core.units.in_weeks``). A length too large for a float ("1e400
months") is refused in words, where the terminal said "Invalid literal for Fraction: 'inf'" and an
answers file stopped with a traceback."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from typer.testing import CliRunner

from backstride.cli.assess_cmd import _parse_answer
from backstride.cli.main import app
from backstride.core.units import WEEKS_IN, in_weeks
from backstride.knowledge.questions import load_questions
from backstride.services.interview import _to_question
from backstride.web.views import parse_answer, question_context


def duration():  # noqa: ANN201 - a Question
    return _to_question(load_questions().by_id("duration"))


@pytest.mark.parametrize(
    ("typed", "unit", "boundary"),
    [
        ("0.230769230769230769", "years", 12),
        ("5.9999999999999999", "months", 26),
        ("0.461538461538461538", "months", 2),
        ("11.99999999999999999", "months", 52),
        ("11.99999999999999999", "weeks", 12),
        ("25.99999999999999999", "weeks", 26),
    ],
)
def test_a_length_typed_with_many_digits_never_reaches_the_boundary_above_it(typed, unit, boundary):
    assert Fraction(typed) * WEEKS_IN[unit] < boundary  # what was typed really is under it
    question = duration()
    in_the_terminal = _parse_answer(question, f"{typed} {unit}")["duration_weeks"]
    on_the_web = parse_answer(question_context(question), "number", number_text=typed, number_unit=unit)
    assert in_the_terminal == on_the_web["duration_weeks"]
    assert in_the_terminal < boundary, f"{typed} {unit} was kept as {in_the_terminal} weeks"


@pytest.mark.parametrize(("typed", "weeks"), [("11.95", 11.95), ("0.1", 0.1), ("12", 12), ("1e-400", 0)])
def test_a_length_in_weeks_is_still_kept_as_typed(typed, weeks):
    question = duration()
    assert _parse_answer(question, f"{typed} weeks") == {"duration_weeks": weeks}
    on_the_web = parse_answer(question_context(question), "number", number_text=typed, number_unit="weeks")
    assert on_the_web == {"duration_weeks": weeks}
    assert parse_answer(question_context(question), "number", number_text=typed) == on_the_web


@pytest.mark.parametrize("typed", ["1e400 months", "1e400 years", "1E999999999 months"])
def test_a_length_too_large_for_a_float_is_asked_again_in_words(typed):
    with pytest.raises(ValueError) as refused:
        _parse_answer(duration(), typed)
    assert "that is too many" in str(refused.value) and "Please type a number from 0 to" in str(refused.value)
    assert "Fraction" not in str(refused.value)


def test_in_weeks_takes_a_length_past_any_limit_and_a_tiny_one():
    assert in_weeks(float("inf"), "months") == float("inf")
    assert in_weeks(float("-inf"), "years") == float("-inf")
    assert in_weeks(Decimal("1e999999999"), "months") == float("inf")
    assert in_weeks(Decimal("1e-999999999"), "months") == 0
    assert in_weeks(Decimal("-1e-999999999"), "months") < 0  # below 0 stays below: refused, not 0


def test_an_answers_file_with_a_huge_length_in_months_is_refused_without_a_traceback(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"findings": {"duration_weeks": "1e400 months"}}), encoding="utf-8")
    refused = CliRunner().invoke(app, ["assess", "--answers", str(case), "--json"])
    assert refused.exit_code == 2, refused.output
    assert refused.exception is None or isinstance(refused.exception, SystemExit)
    assert "duration_weeks: expected a number in weeks from 0 to 5200" in refused.stderr


@pytest.mark.parametrize(
    ("text", "write"),
    [
        ("11.9999999 weeks", "11.9999999"),  # the hint said "write duration_weeks: 12": 6 digits, rounded up
        ("11.9999999", "11.9999999"),
        ("5.9999999 months", "25.9"),
    ],
)
def test_the_weeks_an_answers_file_is_told_to_write_are_never_rounded_up(tmp_path, text, write):
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"findings": {"duration_weeks": text}}), encoding="utf-8")
    refused = CliRunner().invoke(app, ["assess", "--answers", str(case), "--json"])
    assert refused.exit_code == 2
    assert f"write duration_weeks: {write} for '{text}'" in refused.stderr


def test_an_answers_file_is_never_told_to_write_weeks_it_would_refuse(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"findings": {"duration_weeks": "101 years"}}), encoding="utf-8")
    refused = CliRunner().invoke(app, ["assess", "--answers", str(case), "--json"])
    assert refused.exit_code == 2
    assert "write duration_weeks: 5252" not in refused.stderr  # more than the 5200 it takes
    assert "expected a number in weeks from 0 to 5200, got '101 years'" in refused.stderr


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1e99999999999999999999", float("inf")),
        ("-1e99999999999999999999", float("-inf")),
        ("1e-99999999999999999999", 0.0),
    ],
)
def test_an_exponent_past_any_decimal_reads_as_its_float(typed, number):
    """Read exactly, an exponent too large for a Decimal raised decimal.InvalidOperation, not the
    ValueError every form and command turns into a message (a 500 on the web)."""
    from backstride.core.typed import typed_decimal, typed_number

    assert typed_number(typed) == number
    assert float(typed_decimal(typed)) == number
    for unit in ("weeks", "months"):  # said in words, or kept: never another exception
        try:
            on_the_web = parse_answer(
                question_context(duration()), "number", number_text=typed, number_unit=unit
            )
        except ValueError:
            on_the_web = None
        try:
            in_the_terminal = _parse_answer(duration(), f"{typed} {unit}")
        except ValueError:
            in_the_terminal = None
        assert on_the_web == in_the_terminal == (None if number else {"duration_weeks": 0})


@pytest.mark.parametrize("typed", ["-1e-99999999999999999999", "-5e-99999999999999999999"])
def test_a_negative_length_past_any_decimal_stays_below_0(typed):
    """Its float is -0.0, so the page and the terminal took -1e-99999999999999999999 weeks as 0 while
    -1e-400 (below 0 too) is refused: every length below 0 is refused, however small."""
    from backstride.core.typed import typed_decimal

    assert typed_decimal(typed) < 0
    for unit in ("weeks", "months"):
        with pytest.raises(ValueError):
            parse_answer(question_context(duration()), "number", number_text=typed, number_unit=unit)
        with pytest.raises(ValueError):
            _parse_answer(duration(), f"{typed} {unit}")
