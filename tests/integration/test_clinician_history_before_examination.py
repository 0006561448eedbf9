"""The web's clinician check and ``backstride assess --mode clinician`` take the history before examining.

Both ask what ``Interview.next_question`` chooses; answered "don't know" throughout, each now asks
where it hurts, what helps and what makes it worse before any examination (before: the measured
weakness, the ankle-brachial index, the foot pulses, the Romberg test and more came first;
tests/unit/test_interview_clinician_history_first.py).
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backstride.cli.main import app

HISTORY = {"low_back", "leg_pain", "relief", "pain_places", "worse_with", "buttock"}


def test_the_web_check_asks_the_history_before_an_examination(api: TestClient) -> None:
    started = api.post("/check", data={"mode": "clinician"}, follow_redirects=False)
    assert started.status_code == 303, started.text
    check = int(re.findall(r"/check/(\d+)", started.headers["location"])[0])
    asked: list[str] = []
    while (question := api.get(f"/api/assessments/{check}").json()["next_question"]) is not None:
        if question["id"].startswith("exam_"):
            break
        asked.append(question["id"])
        answers = {code: None for code in question["codes"]}
        assert api.post(f"/api/assessments/{check}/answers", json={"answers": answers}).status_code == 200
    assert question is not None, "a clinician's check examines"
    assert HISTORY <= set(asked), asked
    assert "Examination:" in api.get(f"/check/{check}").text


def test_the_terminal_asks_the_history_before_an_examination() -> None:
    result = CliRunner().invoke(app, ["assess", "--mode", "clinician"], input="?\n" * 60)
    assert result.exit_code == 0, result.output
    said = result.output
    first_exam = said.index("Examination:")
    for text in (
        "Do you have pain in your lower back?",
        "Which of these help?",
        "Which of these bring the pain on or make it worse?",
        "Do you have pain deep in the buttock?",
    ):
        assert said.index(text) < first_exam, text
