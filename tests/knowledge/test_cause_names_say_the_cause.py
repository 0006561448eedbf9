"""A cause's chance reads as the chance that it causes the pain, not that it is there (knowledge 1.32.1).

With a low ankle-brachial index and weak foot pulses beside a typical narrowed-canal story, the list
said "5%  Narrowed leg arteries (vascular claudication)". The arteries *are* narrowed then (the tests
found it); 5% is the chance that they cause the walking pain (EVIDENCE.md B.2: a narrow canal and
narrowed arteries can be there at once [B8, B9]). A clinician could read the line as "narrowed
arteries: 5%", a finding contradicted by the examination. The contract's meaning of the code is
"Narrowed leg arteries (peripheral artery disease) causing walking pain" (spec/findings.yaml), so the
name says it so: "Walking pain from narrowed leg arteries (vascular claudication)". The number is kept.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.knowledge.test_sudden_pain_with_faintness import NO_WARNING_SIGNS
from typer.testing import CliRunner

from backstride.assessment import evaluate
from backstride.cli.main import app
from backstride.knowledge import load_knowledge

# a typical narrowed-canal story, with the arteries found narrowed on examination
CANAL_AND_LOW_ABI = {
    **NO_WARNING_SIGNS,
    "age_years": 72,
    "sex": "male",
    "smoker": True,
    "worse_walking": True,
    "relief_sitting": True,
    "relief_flexion": True,
    "cycling_tolerated": True,
    "leg_symptoms_side": "both_sides",
    "pain_leg": "below_knee",
    "onset": "gradual",
    "duration_weeks": 30,
    "pain_severity_nrs": 5,
    "trend": "stable",
    "exam_abi_low": True,
    "exam_pulses_reduced": True,
}
NAME = "Walking pain from narrowed leg arteries (vascular claudication)"


def test_the_name_says_the_walking_pain_it_would_cause() -> None:
    assert load_knowledge().conditions["vascular_claudication"].name == NAME


def test_the_case_still_ranks_so() -> None:
    result = evaluate(CANAL_AND_LOW_ABI)
    codes = [c.code for c in result.conditions]
    assert codes[:2] == ["lumbar_spinal_stenosis", "vascular_claudication"]
    assert 0.01 < result.conditions[1].probability < 0.5  # the chance is kept, and shown


@pytest.mark.parametrize("mode", ["clinician", "person"])
def test_the_terminal_line_reads_as_a_cause(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(CANAL_AND_LOW_ABI))
    out = CliRunner().invoke(app, ["assess", "--answers", str(path), "--mode", mode], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    causes = out.output.split("What may be causing it")[1]
    line = next(row for row in causes.splitlines() if "leg arteries" in row)
    assert "%" in line and NAME in line
    assert "  Narrowed leg arteries" not in causes
