"""Sudden, severe pain with feeling faint, sweaty or passing out is an emergency (knowledge 1.29.0).

EVIDENCE.md A.9's emergency row names "sudden severe back/abdominal/flank pain with faintness (AAA
pattern)" [A24], and A.7 ("What software should ask") says the same with "faintness, collapse,
sweating or a throbbing sensation in the abdomen -> EMERGENCY NOW". Before 1.29.0 only the throbbing
(and a tearing pain) could be said: ``abdominal_pulsation``. A man of 68 who smokes, has artery
disease and has sudden pain of 9 out of 10 that walking does not bring on, and who feels faint, was
told "Pain this strong deserves a clinician's help" (a routine visit), with mechanical back pain
"loaded by walking" at 87% and the aneurysm at 2%. The backstride finding
``sudden_pain_with_faintness`` is one more item of the screening checklist that holds the throbbing
(no new question), and the rule ``aortic_aneurysm_faint`` makes a yes an emergency.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.knowledge.screening import random_person_answers, screened_codes
from typer.testing import CliRunner

from backstride.assessment import evaluate
from backstride.cli.main import app
from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import load_questions
from backstride.services.interview import Interview

# every warning sign of the screening checklists answered "no"
NO_WARNING_SIGNS = {
    code: False for question in load_questions().questions if question.screen for code in question.codes
}
# the case that was a routine visit: sudden, severe pain not brought on by walking, 68, smoker
SUDDEN_SEVERE = {
    **NO_WARNING_SIGNS,
    "age_years": 68,
    "sex": "male",
    "smoker": True,
    "vascular_disease": True,
    "onset": "sudden",
    "pain_severity_nrs": 9,
    "duration_weeks": 0,
    "pain_low_back": True,
    "leg_symptoms_side": "none",
    "worse_walking": False,
}


def test_sudden_severe_pain_with_faintness_is_an_emergency() -> None:
    assert evaluate(SUDDEN_SEVERE).disposition == "routine"
    result = evaluate({**SUDDEN_SEVERE, "sudden_pain_with_faintness": True})
    assert result.disposition == "emergency"
    assert "aortic_aneurysm_faint" in result.disposition_because
    (hit,) = [h for h in result.red_flags if h.code == "aortic_aneurysm_faint"]
    assert hit.red_flag and hit.findings == ("sudden_pain_with_faintness",)
    assert hit.condition == "abdominal_aortic_aneurysm"
    assert "Call emergency services now" in hit.message and "faint" in hit.message
    assert hit.sources == ("A24",)


def test_it_fires_at_any_age_and_a_no_or_dont_know_changes_nothing() -> None:
    # A.9's emergency row gives the pattern no age; A.7's "especially" older men is not "only"
    young = {**SUDDEN_SEVERE, "age_years": 30, "sex": "female", "smoker": False, "vascular_disease": False}
    assert evaluate({**young, "sudden_pain_with_faintness": True}).disposition == "emergency"
    for answer in (False, None):
        for findings in (SUDDEN_SEVERE, young):
            result = evaluate({**findings, "sudden_pain_with_faintness": answer})
            assert result.disposition == evaluate(findings).disposition
            assert "aortic_aneurysm_faint" not in {h.code for h in result.red_flags}


def test_every_interview_screens_for_it_beside_the_throbbing_without_a_new_question() -> None:
    question = load_questions().by_id("rf_cancer_bone")
    assert question.screen and question.kind == "checklist"
    assert "sudden_pain_with_faintness" in question.codes and "abdominal_pulsation" in question.codes
    assert "faint" in question.labels["sudden_pain_with_faintness"]
    for mode in ("person", "clinician"):
        assert "sudden_pain_with_faintness" in screened_codes(mode), mode


def test_dont_know_is_said_back_as_an_emergency_sign() -> None:
    interview = Interview(mode="person")
    for code in load_questions().by_id("rf_cancer_bone").codes:
        interview.answer(code, None if code == "sudden_pain_with_faintness" else False)
    signs = [s for s in interview.uncertain_warning_signs() if s.code == "sudden_pain_with_faintness"]
    assert [s.disposition for s in signs] == ["emergency"]


def test_the_terminal_says_it_from_an_answers_file(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"findings": {**SUDDEN_SEVERE, "sudden_pain_with_faintness": True}}))
    for mode in ("person", "clinician"):
        out = CliRunner().invoke(app, ["assess", "--answers", str(answers), "--json", "--mode", mode])
        assert out.exit_code == 0, out.output
        result = json.loads(out.output)
        assert result["disposition"] == "emergency", mode
        assert "aortic_aneurysm_faint" in {h["code"] for h in result["red_flags"]}, mode


def test_the_warning_signs_advice_names_it() -> None:
    text = load_knowledge().advice["warning_signs"].text
    assert "Call emergency services" in text and "feeling faint, sweaty or passing out" in text


def test_a_yes_always_gives_an_emergency() -> None:
    for findings in random_person_answers(11, 200, leave_out="sudden_pain_with_faintness"):
        assert evaluate({**findings, "sudden_pain_with_faintness": True}).disposition == "emergency", findings
