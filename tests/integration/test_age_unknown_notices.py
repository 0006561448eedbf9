"""An age answered "don't know" names the under-16 rule [A9, A21] wherever the warning notices are
shown: the JSON API's result, the terminal (answers file) and the result page."""

from __future__ import annotations

import json
from pathlib import Path

from tests.unit.test_interview_age_unknown import SELF_CARE
from typer.testing import CliRunner

from backstride.cli.main import app

UNDER_16 = "under 16"


def started(api, answers: dict) -> int:
    """A check with these answers (as the API stores them); its id."""
    assessment_id = int(api.post("/api/assessments", json={}).json()["id"])
    response = api.post(f"/api/assessments/{assessment_id}/answers", json={"answers": answers})
    assert response.status_code == 200, response.text
    return assessment_id


def test_the_api_result_lists_the_age_not_known(api) -> None:
    body = api.get(f"/api/assessments/{started(api, {**SELF_CARE, 'age_years': None})}/result").json()
    assert body["result"]["disposition"] == "self_care"
    assert "age_years" in body["uncertain_warning_signs"]


def test_the_api_result_lists_the_age_not_asked(api) -> None:
    body = api.get(f"/api/assessments/{started(api, SELF_CARE)}/result").json()
    assert "child_or_young_teen" in body["unasked_warning_rules"]


def test_the_result_page_names_the_age_not_known(api) -> None:
    page = api.get(f"/check/{started(api, {**SELF_CARE, 'age_years': None})}/result")
    assert page.status_code == 200 and UNDER_16 in page.text


def test_the_terminal_names_the_age_not_known(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({**SELF_CARE, "age_years": None}), encoding="utf-8")
    result = CliRunner().invoke(app, ["assess", "--answers", str(path)])
    assert result.exit_code == 0, result.output
    assert UNDER_16 in " ".join(result.stdout.split())


def test_the_terminal_names_the_age_when_the_checklists_are_not_all_answered(tmp_path: Path) -> None:
    # an answers file without the age and with a checklist left out: the "not finished" notice
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"fever": False, "chills": False, "duration_weeks": 1}), encoding="utf-8")
    result = CliRunner().invoke(app, ["assess", "--answers", str(path)])
    assert result.exit_code == 0, result.output
    assert UNDER_16 in " ".join(result.stdout.split())
