"""An answers file's pain length (``duration_weeks``) is read as the terminal reads a typed one, from
its digits (``core.units.in_weeks``), never from the float nearest them: 11.99999999999999999 weeks was
read as 12.0, "12 weeks or more", and a foot drop under 12 weeks, getting no worse, was lowered from a
visit today (urgent) to a routine one (red_flags.yaml, its long-standing clause [A22]). The file still
takes a number of weeks only (CONTRACT.md: a wrong type is an error, never read another way); every
length it cannot take is refused naming the code and the value as written (1e400 was said as 'inf'),
exit 2, nothing saved."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backstride.cli.main import app

runner = CliRunner()
FOOT_DROP_NO_WORSE = '{"foot_drop": true, "foot_drop_long_standing": true, "trend": "stable", '


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("weeks", "disposition"), [("11.99999999999999999", "urgent"), ("12", "routine")])
def test_a_length_just_under_12_weeks_is_under_12_weeks(tmp_path: Path, weeks: str, disposition: str) -> None:
    case = _file(tmp_path, FOOT_DROP_NO_WORSE + f'"duration_weeks": {weeks}}}')
    done = runner.invoke(app, ["assess", "--answers", str(case), "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["disposition"] == disposition


def test_the_saved_check_keeps_the_weeks_the_terminal_would(tmp_path: Path) -> None:
    case = _file(tmp_path, '{"findings": {"duration_weeks": 11.99999999999999999, "age_years": 61.5}}')
    db = tmp_path / "home.sqlite3"
    done = runner.invoke(app, ["assess", "--answers", str(case), "--save", "--db", str(db)])
    assert done.exit_code == 0, done.output
    with sqlite3.connect(db) as connection:
        [(answers,)] = connection.execute("SELECT answers FROM assessments").fetchall()
    assert json.loads(answers) == {"duration_weeks": 11.9, "age_years": 61.5}


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ('"3 months"', "got '3 months' (the file takes a number of weeks: write duration_weeks: 13"),
        ('"3 days"', "got '3 days' (the file takes a number of weeks; 'days' is not weeks, months or years)"),
        (
            '"-3 months"',
            "got '-3 months' (the file takes a number of weeks; a length of time cannot be negative)",
        ),
        (
            '"101 years"',
            "got '101 years' (the file takes a number of weeks; that is more than the 5200 weeks",
        ),
        ('"1e400 years"', "got '1e400 years' (the file takes a number of weeks; that is more than the 5200"),
        ("-3", "got -3"),
        ("-0.5", "got -0.5"),
        ("6000", "got 6000"),
        ("1e400", "got 1e400"),
        ("-1e400", "got -1e400"),
        ("-1e-400", "got -1e-400"),  # below 0, though its float is -0.0
        # an exponent past any Decimal's: was a traceback (decimal.InvalidOperation), exit 1
        ("1e99999999999999999999", "got 1e99999999999999999999"),
        ("-1e-99999999999999999999", "got -1e-99999999999999999999"),
        ("true", "got True"),
        ("[3.5]", "got [3.5]"),
        ('{"weeks": 3}', "got {'weeks': 3}"),
    ],
)
def test_a_length_it_cannot_take_is_refused_naming_code_and_value(
    tmp_path: Path, value: str, said: str
) -> None:
    case = _file(tmp_path, f'{{"findings": {{"duration_weeks": {value}}}}}')
    db = tmp_path / "home.sqlite3"
    for save in ([], ["--save", "--db", str(db)]):
        refused = runner.invoke(app, ["assess", "--answers", str(case), "--json", *save])
        assert refused.exit_code == 2, refused.output
        assert refused.stdout == ""
        assert "Traceback" not in refused.stderr
        assert f"duration_weeks: expected a number in weeks from 0 to 5200, {said}" in refused.stderr
    assert not db.exists()  # nothing saved, no database made for it
