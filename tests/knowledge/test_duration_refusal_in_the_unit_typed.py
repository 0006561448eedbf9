"""The pain's length on the web page (new-user test, 2026-11-27): the question said "How many weeks
have you had this pain?" beside a weeks / months / years choice, its hint said "A number from 0 to
5200 (weeks)", and "-2" with "years" was refused as "from 0 to 5200", weeks the person had not typed.
The question now asks how long (questions 1.5.3), the hint gives the range in each unit, and a
refusal says what was typed and the range in the unit chosen ("from 0 to 100 years"). The answer
is still kept in weeks (``core.units.in_weeks``)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.knowledge.test_duration_question_says_months_in_weeks import _at_the_duration_question

from backstride.core.reading import reading_grade
from backstride.knowledge.questions import load_questions
from backstride.web.app import create_app
from backstride.web.settings import Settings


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}"))) as c:
        yield c


def test_the_question_asks_how_long_not_how_many_weeks():
    questions = load_questions()
    text = questions.by_id("duration").text
    assert text.startswith("How long have you had this pain?") and "How many weeks" not in text
    assert reading_grade(text) <= 8  # reading age about 12
    assert tuple(map(int, questions.version.split("."))) >= (1, 5, 3)


def test_the_page_gives_the_range_in_each_unit(client):
    page = client.get(f"/check/{_at_the_duration_question(client)}").text
    assert "How many weeks" not in page and "0 to 5200 (weeks)" not in page
    assert "From 0 to 5200 weeks, 1200 months or 100 years." in page


@pytest.mark.parametrize(
    ("typed", "unit", "said"),
    [
        ("-2", "years", "You typed -2 years. Please type a number from 0 to 100 years."),
        ("-3", "months", "You typed -3 months. Please type a number from 0 to 1200 months."),
        ("-1", "weeks", "You typed -1 weeks. Please type a number from 0 to 5200 weeks."),
        ("101", "years", "You typed 101 years. Please type a number from 0 to 100 years."),
        ("1e300", "years", "That is too many years. Please type a number from 0 to 100 years."),
    ],
)
def test_a_length_out_of_range_is_refused_in_the_unit_typed(client, typed, unit, said):
    check_id = _at_the_duration_question(client)
    form = {"codes": "duration_weeks", "choice": "number", "number": typed, "number_unit": unit}
    page = client.post(f"/check/{check_id}/answer", data=form, follow_redirects=False)
    assert page.status_code == 422
    assert said in page.text, page.text[page.text.find("error") : page.text.find("error") + 400]
    assert f'value="{typed}"' in page.text  # what was typed is still there
    assert "duration_weeks" not in client.get(f"/api/assessments/{check_id}").json()["answers"]


def test_the_edges_in_months_and_years_are_kept(client):
    check_id = _at_the_duration_question(client)
    form = {"codes": "duration_weeks", "choice": "number", "number": "100", "number_unit": "years"}
    assert client.post(f"/check/{check_id}/answer", data=form, follow_redirects=False).status_code == 303
    assert client.get(f"/api/assessments/{check_id}").json()["answers"]["duration_weeks"] == 5200
