"""The terminal quotes "you said" only for an answer the person gave.

"Neither leg" means the question "Does the pain go down your leg?" is not asked, and the engine reads
its answer as "No, it stays in my back or buttock" (questions.yaml, ``otherwise``). The result then
said "points towards it: How far down your leg the pain goes (you said no, it stays in my back or
buttock)": words of a question the person was never asked, and the buttock never came up (new-user
test, N7). The result page says that reason without a quote; the terminal now does the same."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.knowledge.questions import load_questions

runner = CliRunner()


def test_an_answer_the_person_was_not_asked_is_not_quoted_as_said(tmp_path: Path) -> None:
    findings = {c: False for q in load_questions().questions if q.screen for c in q.codes}
    findings |= {"age_years": 63, "duration_weeks": 104, "leg_symptoms_side": "none", "trend": "stable"}
    findings |= {"pain_low_back": True, "pain_calf_main": False, "pain_groin": False, "pain_outer_hip": False}
    answers = tmp_path / "case.json"
    answers.write_text(json.dumps({"findings": findings}))
    done = runner.invoke(app, ["assess", "--answers", str(answers)], env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    text = " ".join(done.stdout.split())
    assert "How far down your leg the pain goes (odds x2" in text  # the reason, without a quote
    assert "you said no, it stays in my back or buttock" not in text
    assert "Legs with pain, numbness or heaviness (you said neither leg)" in text  # what was said
