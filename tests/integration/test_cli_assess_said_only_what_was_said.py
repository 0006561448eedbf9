"""The terminal quotes "you said" only for an answer the person gave.

"Neither leg" means the question "Does the pain go down your leg?" is not asked, and the engine reads
its answer as "No, it stays in my back or buttock" (questions.yaml, ``otherwise``). The result then
said "points towards it: How far down your leg the pain goes (you said no, it stays in my back or
buttock)": words of a question the person was never asked, and the buttock never came up (new-user
test, N7). The result page says that reason without a quote; the terminal now does the same. Since
then both say which answer it comes from: "(from your answer: neither leg)" (review K8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
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
    # the reason, with the answer it comes from, not a quote of words never asked
    assert (
        "How far down your leg the pain goes (from your answer: neither leg) (makes this more likely" in text
    )
    assert "you said no, it stays in my back or buttock" not in text
    assert "Legs with pain, numbness or heaviness (you said neither leg)" in text  # what was said


def test_a_walk_filling_a_dont_know_is_not_quoted_as_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A "don't know" to long strides, and a walk that showed them: the walk's answer is used, but the
    person did not say it. The terminal said "Long strides, landing hard on the heel (you said yes)";
    the result page says it came from the walk, and ``causes`` promises a walk's value is not quoted."""
    import backstride.services.gait_findings as gait_findings

    monkeypatch.setattr(
        gait_findings, "gait_to_inputs", lambda data: ({"long_strides": True}, ["over_striding"])
    )
    gait = tmp_path / "gait.json"
    gait.write_text(json.dumps({"walking_bouts": []}))
    findings = {"age_years": 45, "duration_weeks": 10, "pain_low_back": True, "worse_walking": True}
    findings |= {"leg_symptoms_side": "none", "long_strides": None}
    answers = tmp_path / "case.json"
    answers.write_text(json.dumps({"findings": findings}))
    args = ["assess", "--answers", str(answers), "--gait", str(gait)]
    done = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    text = " ".join(done.stdout.split())
    assert "Long strides, landing hard on the heel (makes this more likely" in text  # used, from the walk
    assert "Long strides, landing hard on the heel (you said yes)" not in text
    assert "Do you have pain in your lower back? (you said yes)" in text  # an answer given: quoted
