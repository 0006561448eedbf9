"""``backstride assess --mode clinician``: an examination question says "? if not tested".

As on the web's question page, a clinician does not "not know" a test's result: they did not do it.
The line under an examination question said "? if you don't know"; it now says "? if not tested", a
wrong answer there says "or ? (not tested)", and typing "not tested" is taken as that answer. The
person's questions keep "? if they don't know"; the person's own check keeps "? if you don't know".
"""

from __future__ import annotations

from typer.testing import CliRunner

from backstride.cli.main import app

runner = CliRunner()
# three "none of these", age 45, 6 weeks, both legs, slowly; "don't know" to the history after them
HISTORY = "0\n0\n0\n0\n45\n6\n3\n2\n"


def _typed() -> str:
    """HISTORY, "don't know" until the first examination (a clinician's check takes the history
    first, so where it comes depends on the questions), there a wrong answer, then "not tested";
    "don't know" to the rest."""
    probe = runner.invoke(
        app, ["assess", "--mode", "clinician"], input=HISTORY + "?\n" * 80, env={"COLUMNS": "200"}
    )
    lines = [" ".join(line.split()) for line in probe.stdout.splitlines()]
    first_exam = next(i for i, line in enumerate(lines) if "Examination:" in line)
    asked_before = sum("back to go back" in line for line in lines[:first_exam])
    return HISTORY + "?\n" * (asked_before - HISTORY.count("\n")) + "maybe\nnot tested\n" + "?\n" * 60


def _hints_under(out: str, start: str) -> list[str]:
    lines = [" ".join(line.split()) for line in out.splitlines()]
    return [next(h for h in lines[i:] if "back to go back" in h) for i, s in enumerate(lines) if start in s]


def test_an_examination_question_says_not_tested() -> None:
    typed = _typed()
    result = runner.invoke(app, ["assess", "--mode", "clinician"], input=typed, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    exams = _hints_under(out, "Examination:")
    assert exams and all("? if not tested;" in h for h in exams), exams
    assert "> Sorry, please answer 1 (yes), 2 (no) or ? (not tested)." in " ".join(out.split())
    asked = _hints_under(out, "How old are")
    assert asked and all("? if they don't know;" in h for h in asked), asked


def test_the_persons_own_check_keeps_dont_know() -> None:
    result = runner.invoke(app, ["assess"], input="0\n0\n0\n0\n45\n" + "?\n" * 60, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "? if not tested" not in result.stdout and "? if you don't know;" in result.stdout
