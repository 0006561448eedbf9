"""The pain's length is asked in weeks (``duration_weeks``), but people count long pain in months
or years: a new-user test (2026-11-27) had "7 months" and "2 years" to give and no way to say it.
The question now says how many weeks those are (questions 1.3.1), in the terminal and on the web."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backstride.knowledge.questions import load_questions
from backstride.web.app import create_app
from backstride.web.settings import Settings

HINT = "A month is about 4 weeks; a year is 52 weeks."


def test_the_duration_question_says_how_many_weeks_a_month_and_a_year_are():
    questions = load_questions()
    assert HINT in questions.by_id("duration").text
    assert questions.version == "1.3.1"


def test_the_web_question_shows_it(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with TestClient(create_app(settings)) as client:
        check = client.post("/api/assessments", json={}).json()
        while check["next_question"] is not None and check["next_question"]["id"] != "duration":
            question = check["next_question"]
            default = False if question["kind"] in ("bool", "checklist") else None
            answers = {code: default for code in question["codes"]}
            check = client.post(f"/api/assessments/{check['id']}/answers", json={"answers": answers}).json()
        assert check["next_question"] is not None
        page = client.get(f"/check/{check['id']}").text
    assert HINT in page
