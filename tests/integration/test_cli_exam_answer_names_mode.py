"""An examination answer in a person's check is refused naming how to start a clinician's check in
each interface's own words: the command line's ``--mode clinician`` (with the command to run), the
API's ``"mode": "clinician"``. It said only 'a check started in clinician mode', naming no option."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from backstride.cli.main import app


def test_the_command_line_names_mode_clinician_and_stores_nothing(tmp_path: Path) -> None:
    answers = tmp_path / "exam.json"
    answers.write_text(json.dumps({"findings": {"age_years": 60, "exam_slr_positive": True}}), "utf-8")
    db = tmp_path / "home.sqlite3"
    refused = CliRunner().invoke(app, ["assess", "--answers", str(answers), "--save", "--db", str(db)])
    assert refused.exit_code == 2
    said = " ".join(refused.stderr.split())
    assert "'exam_slr_positive' is a clinician-only question" in said
    assert (
        f"started with --mode clinician: backstride assess --answers {answers} --save --mode clinician"
        in said
    )
    assert '"mode"' not in said  # not the API's words
    assert not db.exists()
    taken = CliRunner().invoke(
        app, ["assess", "--answers", str(answers), "--save", "--mode", "clinician", "--db", str(db)]
    )
    assert taken.exit_code == 0, taken.output


def test_the_api_names_its_mode_field(api) -> None:
    started = api.post("/api/assessments", json={})
    assert started.status_code == 201, started.text
    check = started.json()
    refused = api.post(
        f"/api/assessments/{check['id']}/answers", json={"answers": {"exam_slr_positive": True}}
    )
    assert refused.status_code == 422
    assert 'started with "mode": "clinician" (POST /api/assessments)' in refused.json()["detail"]
    assert "--mode" not in refused.json()["detail"]


def test_without_save_the_examination_is_used_and_said_naming_mode_clinician(tmp_path: Path) -> None:
    """Without --save a person's answers file took an examination answer without a word, while with
    --save the same file was refused naming --mode clinician. The contract's ``assess --answers
    case.json --json`` reads every finding (dev vignettes give examinations), so the result still uses
    it, and stdout stays the one JSON document; stderr says what --save would say."""
    answers = tmp_path / "exam.json"
    answers.write_text(json.dumps({"findings": {"age_years": 60, "exam_slr_positive": True}}), "utf-8")
    done = CliRunner().invoke(app, ["assess", "--answers", str(answers), "--json"])
    assert done.exit_code == 0, done.output
    json.loads(done.stdout)
    said = " ".join(done.stderr.split())
    assert "exam_slr_positive is an examination a clinician does" in said
    assert f"backstride assess --answers {answers} --save --mode clinician" in said
    clinician = CliRunner().invoke(
        app, ["assess", "--answers", str(answers), "--json", "--mode", "clinician"]
    )
    assert clinician.exit_code == 0 and "examination" not in clinician.stderr
