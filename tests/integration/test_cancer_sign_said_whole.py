"""A warning sign not asked yet that calls for an emergency only with another answer is said with
that other half, never on its own under "Go to an emergency department now".

A fresh-eyes review (2026-11-28): a check stopped after "New trouble peeing" (an emergency [A15])
listed "They have ever had cancer." under "They must go to an emergency department now if they
have any of these" in the report (and "You have ever had cancer" in ``backstride assess``). Cancer
alone is a visit today (red_flags.yaml cancer_history [A2]); it is an emergency only with
numbness, weakness or a change in the bladder or bowels now (cancer_with_nerve_symptoms [A23]),
here the trouble peeing already said. The list now says the rule's own words, both halves; a sign
that is an emergency on its own (new leaking of pee) keeps its short label.
"""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path

from typer.testing import CliRunner

from backstride import Interview
from backstride.cli.main import app as cli_app

ANSWERS = {
    "age_years": 60,
    "sex": "female",
    "duration_weeks": 2,
    "pain_low_back": True,
    "urinary_retention": True,
}
BOTH_HALVES = "had cancer, and now have numbness, weakness, or a change in"


def _interview(answers: dict) -> Interview:
    interview = Interview()
    for code, value in answers.items():
        interview.answer(code, value)
    return interview


def test_cancer_not_asked_is_said_with_its_other_half_under_an_emergency() -> None:
    signs = {s.code: s for s in _interview(ANSWERS).unscreened_warning_signs()}
    cancer = signs["history_of_cancer"]
    assert cancer.disposition == "emergency"
    assert BOTH_HALVES in cancer.text, cancer.text
    assert "ever had cancer" not in cancer.text
    # a sign that is an emergency on its own keeps its short label
    assert signs["urinary_incontinence"].disposition == "emergency"
    assert "had cancer" not in signs["urinary_incontinence"].text


def test_cancer_alone_is_not_listed_as_an_emergency() -> None:
    # no nerve sign answered: cancer alone would be a visit today, said in its own label
    answers = {k: v for k, v in ANSWERS.items() if k != "urinary_retention"}
    cancer = next(s for s in _interview(answers).unscreened_warning_signs() if s.code == "history_of_cancer")
    assert cancer.disposition == "urgent"


def test_the_terminal_and_the_report_say_both_halves(tmp_path: Path) -> None:
    runner = CliRunner()
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
    db = str(tmp_path / "db.sqlite3")
    shown = runner.invoke(cli_app, ["assess", "--answers", str(answers), "--save", "--db", db])
    assert shown.exit_code == 0, shown.output
    terminal = " ".join(shown.output.replace("│", " ").split())
    assert "You have ever had cancer" not in terminal
    assert "You have " + BOTH_HALVES in terminal
    report = runner.invoke(cli_app, ["report", "--db", db, "--out", "-"])
    assert report.exit_code == 0, report.output
    page = unescape(report.output)
    assert "They have ever had cancer" not in page
    # a rule's own sentence, said after the list of short items (b2ea08fc), not in it
    assert "<p>They have " + BOTH_HALVES in page
