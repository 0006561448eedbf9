"""Sudden, severe back pain without faintness or a throbbing belly is a routine visit, not an emergency
(read again 2026-11-28, c4; docs/knowledge-base.md "The aneurysm leads its own emergency").

A man over 60 who smokes, with sudden pain of 9 out of 10 and no warning sign, gets a routine visit
("Pain this strong deserves a clinician's help"). EVIDENCE.md gives nothing higher: A.9's emergency row
names sudden severe back, belly or side pain *with faintness* (the aneurysm pattern) [A24], A.7 the same
with faintness, collapse, sweating or a throbbing belly; C.1 says the article's "sudden severe radiating
pain" alone "is not a recognised emergency flag"; A.9's same-day row names a sudden start only for a
suspected broken bone over 70 [A1] (the rule's line is 70 or over). This pins that reading (it held
before and holds now), so a later change cannot lower it to self-care or raise it to a level the evidence
does not give without a test saying so; and the box every terminal result ends with names the aneurysm's
signs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.knowledge.test_sudden_pain_with_faintness import SUDDEN_SEVERE
from typer.testing import CliRunner

from backstride.assessment import evaluate
from backstride.cli.main import app


@pytest.mark.parametrize("age", [61, 65, 68, 69])
@pytest.mark.parametrize("vascular_disease", [True, False, None])
def test_a_routine_visit_for_a_man_over_60_who_smokes(age: int, vascular_disease: bool | None) -> None:
    result = evaluate({**SUDDEN_SEVERE, "age_years": age, "vascular_disease": vascular_disease})
    assert result.disposition == "routine"
    assert "severe_pain" in result.disposition_because
    assert not {h.code for h in result.red_flags} & {"aortic_aneurysm_faint", "aortic_aneurysm_pattern"}


def test_at_70_or_over_the_sudden_start_is_a_same_day_visit_for_the_bone() -> None:
    result = evaluate({**SUDDEN_SEVERE, "age_years": 71})
    assert result.disposition == "urgent"
    assert "suspected_fracture" in result.disposition_because


def test_the_terminal_says_when_to_call_for_the_aneurysm(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(SUDDEN_SEVERE))
    out = CliRunner().invoke(app, ["assess", "--answers", str(path)], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    words = " ".join(out.output.replace("│", " ").split())
    box = words[words.index("This is not a diagnosis") :]
    assert "Call emergency services if you feel a throbbing in your belly" in box
    assert "sudden, bad pain with feeling faint, sweaty or passing out [A24]" in box
