"""The article's tips an urgent or emergency plan leaves for later are named on every interface.

Before, a plan for a visit today or an emergency dropped the article's walking tips and stretches
without a word: the result page, the terminal and the report said nothing of them. Now each names
them after the plan's steps, with the reason ("Wait until a clinician has seen you" and the keys of
what made it urgent) and each tip's evidence; the urgent or emergency step still comes first.
"""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from tests.integration.test_check_changes import EMERGENCY
from tests.integration.test_report_everyday import _pdf_words, _text
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.web.app import create_app
from backstride.web.settings import Settings

# a worsening, likely old break with thin bones: a visit today [A1, A22]
URGENT = {
    "age_years": 78,
    "sex": "female",
    "osteoporosis": True,
    "long_term_steroids": True,
    "onset": "gradual",
    "trend": "worsening",
    "pain_leg": "none",
    "leg_symptoms_side": "none",
}
TIPS = (
    "Take shorter steps",
    "Slow down",
    "tummy muscles gently while walking",
    "Knee-to-chest stretch",
    "Cat-cow stretch",
)


def _check(client: TestClient, answers: dict) -> int:
    check = client.post("/api/assessments", json={"mode": "person"}).json()
    while (question := check["next_question"]) is not None:
        default = False if question["kind"] in ("bool", "checklist") else None
        given = {code: answers.get(code, default) for code in question["codes"]}
        check = client.post(f"/api/assessments/{check['id']}/answers", json={"answers": given}).json()
    return int(check["id"])


def _after(text: str, first: str, *later: str) -> None:
    assert first in text, first
    for words in later:
        assert words in text and text.index(words) > text.index(first), words


def test_the_result_page_and_the_report_name_the_tips_after_the_steps(database_url: str) -> None:
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        for answers, step, level in (
            (EMERGENCY, "Get emergency help now", "emergency"),
            (URGENT, "See a clinician today", "urgent"),
        ):
            check_id = _check(client, answers)
            result = client.get(f"/api/assessments/{check_id}/result").json()["result"]
            assert result["disposition"] == level
            html = client.get(f"/check/{check_id}/result").text
            page = _text(html)
            _after(
                page,
                step,
                "Not for now: the article's other tips",
                "Wait until a clinician has seen you.",
                *TIPS,
            )
            assert ("<summary>Show the" in html.split('id="later-heading"')[1][:400]) is (
                level == "emergency"
            )
            report = _text(client.get(f"/report?check={check_id}").text)
            # the report speaks about the person
            pdf = _pdf_words(client.get(f"/report.pdf?check={check_id}").content)
            for text in (report, pdf):  # the PDF says what the page says
                _after(
                    text,
                    "Advice from the article left for later",
                    "Wait until a clinician has seen them.",
                    *TIPS,
                )


def test_the_terminal_names_the_tips_last(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"findings": {**EMERGENCY, "age_years": 70}}), encoding="utf-8")
    shown = CliRunner().invoke(cli_app, ["assess", "--answers", str(case)])
    assert shown.exit_code == 0, shown.output
    out = " ".join(shown.output.split())
    _after(
        out,
        "Get emergency help now",
        "When to see a clinician",
        "Not for now: the article's other tips",
        *TIPS,
    )
    assert "not a diagnosis" in out.lower()
    as_json = CliRunner().invoke(cli_app, ["assess", "--answers", str(case), "--json"])
    plan = json.loads(as_json.stdout)["plan"]
    assert [i["code"] for i in plan["immediate"]] == ["emergency_now"] and plan["held_back"]
