"""The pain's length is asked in weeks (``duration_weeks``), but people count long pain in months
or years: a new-user test (2026-11-27) had "7 months" and "2 years" to give and no way to say it.
The question now says how many weeks those are (questions 1.3.1), in the terminal and on the web,
and the web takes the number in weeks, months or years (stored in weeks: 52 a year, 52/12 a month).
The terminal reads "3 months" and "2 years" too, converted the same way (``core.units.in_weeks``,
``tests/unit/test_cli_duration_units.py``); another unit ("3 days") is asked again there, never read
as weeks.

Since questions 1.8.2 (fresh-eyes review, 2026-11-28) the heading is just the question: with a Unit menu
beside it, "(Use 0.5 weeks for a few days. A month is about 4 weeks; a year is 52 weeks.)" read as "work
it out in weeks yourself". What to type for a few days is in the hint under the box and the terminal's
prompt."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from backstride.knowledge.questions import load_questions
from backstride.web.app import create_app
from backstride.web.settings import Settings

OLD_HINT = "A month is about 4 weeks; a year is 52 weeks."
HINT = "For a few days, type 0.5 weeks."


def test_the_duration_question_is_just_the_question():
    questions = load_questions()
    assert questions.by_id("duration").text == "How long have you had this pain?"
    assert tuple(map(int, questions.version.split("."))) >= (1, 8, 2)  # 1.8.2 or later


@pytest.fixture
def client(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with TestClient(create_app(settings)) as client:
        yield client


def _at_the_duration_question(client) -> int:
    check = client.post("/api/assessments", json={}).json()
    while check["next_question"] is not None and check["next_question"]["id"] != "duration":
        question = check["next_question"]
        default = False if question["kind"] in ("bool", "checklist") else None
        answers = {code: default for code in question["codes"]}
        check = client.post(f"/api/assessments/{check['id']}/answers", json={"answers": answers}).json()
    assert check["next_question"] is not None
    return int(check["id"])


def test_the_web_question_shows_it(client):
    page = client.get(f"/check/{_at_the_duration_question(client)}").text
    assert HINT in page
    assert OLD_HINT not in page and "52 weeks" not in page
    assert '<select id="answer-unit" name="number_unit">' in page
    assert '<option value="weeks" selected>weeks</option>' in page


@pytest.mark.parametrize(
    ("typed", "unit", "weeks"),
    [("7", "months", 30.3), ("2", "years", 104), ("0.5", "years", 26), ("8", "weeks", 8), ("3", "", 3)],
)
def test_the_web_takes_months_and_years_and_keeps_weeks(client, typed, unit, weeks):
    check_id = _at_the_duration_question(client)
    form = {"codes": "duration_weeks", "choice": "number", "number": typed, "number_unit": unit}
    sent = client.post(f"/check/{check_id}/answer", data=form, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    assert client.get(f"/api/assessments/{check_id}").json()["answers"]["duration_weeks"] == weeks


@pytest.mark.parametrize(
    ("typed", "unit", "said"),
    [
        ("7", "fortnights", "Please give the number in weeks, months or years."),
        ("101", "years", "You typed 101 years. Please type a number from 0 to 100 years."),
    ],
)
def test_a_unit_that_cannot_be_is_said_and_the_answer_kept(client, typed, unit, said):  # 422, not a 500
    check_id = _at_the_duration_question(client)
    form = {"codes": "duration_weeks", "choice": "number", "number": typed, "number_unit": unit}
    page = client.post(f"/check/{check_id}/answer", data=form, follow_redirects=False)
    assert page.status_code == 422
    assert said in page.text
    assert f'value="{typed}"' in page.text  # what was typed is still there
    assert "duration_weeks" not in client.get(f"/api/assessments/{check_id}").json()["answers"]


def test_a_unit_sent_to_a_question_that_takes_none_is_refused(client):
    check = client.post("/api/assessments", json={}).json()
    question = check["next_question"]
    while question["kind"] != "number" or question["id"] == "duration":
        default = False if question["kind"] in ("bool", "checklist") else None
        answers = {code: default for code in question["codes"]}
        check = client.post(f"/api/assessments/{check['id']}/answers", json={"answers": answers}).json()
        question = check["next_question"]
    form = {"codes": ",".join(question["codes"]), "choice": "number", "number": "40", "number_unit": "months"}
    page = client.post(f"/check/{check['id']}/answer", data=form, follow_redirects=False)
    assert page.status_code == 422
    assert "Please give the number in" in page.text


@pytest.mark.parametrize(
    ("typed", "unit", "shown"), [("2", "years", "years"), ("7", "months", "months"), ("13", "weeks", "weeks")]
)
def test_back_shows_the_length_in_the_unit_chosen(client, typed, unit, shown):
    # the answer is kept in weeks (104 for 2 years); "Back" showed "104" beside "weeks", as if typed so
    check_id = _at_the_duration_question(client)
    form = {"codes": "duration_weeks", "choice": "number", "number": typed, "number_unit": unit}
    assert client.post(f"/check/{check_id}/answer", data=form, follow_redirects=False).status_code == 303
    page = client.post(f"/check/{check_id}/back", follow_redirects=True).text
    assert "How long have you had this pain?" in page
    assert f'value="{typed}"' in page
    assert f'<option value="{shown}" selected>{shown}</option>' in page


def test_a_unit_the_page_does_not_offer_is_left_out(client):
    page = client.get(f"/check/{_at_the_duration_question(client)}?entered=3&unit=fortnights").text
    assert '<option value="weeks" selected>weeks</option>' in page and "fortnights" not in page
