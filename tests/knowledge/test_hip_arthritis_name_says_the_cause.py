"""The hip's chance reads as the chance that it causes the walking pain (knowledge 1.35.0, c6).

Beside a narrow-canal story, a clinician who found the hip turning in painfully and not far
(``exam_hip_ir_limited``) and heard of groin pain read "Hip arthritis 10%": a finding of the examination
at 10%. Hip arthritis is common (10-25% of people over 55 [B19]) and can be there beside a narrow canal;
the 10% is the chance that it causes the walking pain, the competing causes summing to 1. The name now
says it, as vascular claudication's did in 1.32.1: "Walking pain from hip arthritis". The examination
still feeds the hip's chance (ACR clinical set LR+ 3.4, LR- 0.19 [B19]). Not a diagnosis.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.knowledge.test_cause_names_say_the_cause import CANAL_AND_LOW_ABI
from typer.testing import CliRunner

from backstride.assessment import evaluate
from backstride.cli.main import app
from backstride.knowledge import load_knowledge

# the arteries' findings left out, and leaning forward (a spine sign) not said
NOT_HERE = ("exam_abi_low", "exam_pulses_reduced", "relief_flexion")
CANAL_AND_A_SORE_HIP = {
    **{k: v for k, v in CANAL_AND_LOW_ABI.items() if k not in NOT_HERE},
    "pain_leg": "above_knee",
    "pain_groin": True,
    "exam_hip_ir_limited": True,
}
NAME = "Walking pain from hip arthritis"


def _hip(answers: dict[str, object]) -> float:
    return next(c.probability for c in evaluate(answers).conditions if c.code == "hip_osteoarthritis")


def test_the_name_says_the_walking_pain_it_would_cause() -> None:
    assert load_knowledge().conditions["hip_osteoarthritis"].name == NAME


def test_the_examination_feeds_the_hip_both_ways() -> None:
    found = _hip(CANAL_AND_A_SORE_HIP)
    assert found > _hip({**CANAL_AND_A_SORE_HIP, "exam_hip_ir_limited": False}) * 10  # 3.4 / 0.19
    assert 0.005 < found < 0.5  # the chance is kept low beside the canal, and shown


def test_the_terminal_line_reads_as_a_cause(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(CANAL_AND_A_SORE_HIP))
    args = ["assess", "--answers", str(path), "--mode", "clinician"]
    out = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    causes = out.output.split("What may be causing it")[1]
    line = next(row for row in causes.splitlines() if "hip arthritis" in row.lower())
    assert "%" in line and NAME in line
    assert "%  Hip arthritis" not in causes
