"""The walking test page (/walking-test) without a browser: a timed walk kept as a diary day."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from backstride.web.app import create_app
from backstride.web.settings import Settings

TODAY = date.today().isoformat()


@pytest.fixture()
def client(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"))) as c:
        yield c


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _form(**changes: str) -> dict[str, str]:
    form = {
        "entry_date": TODAY,
        "first_symptoms_min": "6:20",
        "total_min": "9:05",
        "stopped_because": "symptoms",
        "pain_0_10": "5",
        "notes": "Park loop",
    }
    return {**form, **changes}


def test_the_page_explains_the_test_cites_its_source_and_names_the_warning_signs(client) -> None:
    page = client.get("/walking-test")
    assert page.status_code == 200
    text = _text(page.text)
    assert "self-paced walking test" in text and "(source: D7)" in text
    assert "after 30 minutes" in text
    assert "Stop at once and get help" in text and "(sources: A15, A22, A16)" in text
    assert "data-walking-test" in page.text and "hidden" in page.text  # the stopwatch needs the script
    assert 'action="/walking-test"' in page.text  # the form works without it
    assert 'href="/walking-test"' in client.get("/diary").text  # the diary and the start page link to it
    assert 'href="/walking-test"' in client.get("/").text


def test_a_timed_walk_is_kept_as_a_diary_day(client) -> None:
    saved = client.post("/walking-test", data=_form(), follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"/diary?saved={TODAY}"
    (entry,) = client.get("/api/diary").json()
    assert entry["entry_date"] == TODAY and entry["pain_0_10"] == 5
    assert entry["walking_tolerance_min"] == pytest.approx(6.33)
    assert entry["notes"] == (
        "Walking test: symptoms began at 6 min 20 s; walked 9 min 05 s in all; "
        "stopped because the symptoms made me stop. Park loop"
    )
    assert "Saved: the entry for" in client.get(saved.headers["location"]).text


def test_thirty_minutes_without_symptoms_keeps_30_minutes(client) -> None:
    form = _form(first_symptoms_min="", total_min="30", stopped_because="time_up", notes="")
    assert client.post("/walking-test", data=form, follow_redirects=False).status_code == 303
    (entry,) = client.get("/api/diary").json()
    assert entry["walking_tolerance_min"] == 30.0 and entry["notes"].startswith(
        "Walking test: no symptoms came"
    )


def test_a_walk_stopped_for_something_else_keeps_no_time_before_symptoms(client) -> None:
    form = _form(first_symptoms_min="", total_min="12", stopped_because="other", notes="rain")
    assert client.post("/walking-test", data=form, follow_redirects=False).status_code == 303
    (entry,) = client.get("/api/diary").json()  # 12 minutes read as a limit before: a false worsening
    assert entry["walking_tolerance_min"] is None and entry["notes"].endswith(
        "something else (tired, out of breath, time, weather). rain"
    )


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"total_min": ""}, "Time walked in all: please type the time on your watch"),
        ({"total_min": "45:00"}, "Time walked in all"),
        ({"total_min": "nine"}, "Time walked in all"),
        ({"first_symptoms_min": "10:00"}, "When the symptoms began"),  # after the end of the walk
        ({"first_symptoms_min": ""}, "If the symptoms made you stop, it cannot be blank"),
        ({"first_symptoms_min": "6:75"}, "When the symptoms began"),
        ({"stopped_because": ""}, "Why you stopped: please choose one"),
        ({"stopped_because": "bored"}, "Why you stopped"),
        ({"stopped_because": "time_up"}, "Why you stopped: please choose one ('30 minutes were up' only"),
        ({"pain_0_10": ""}, "Pain now: please type a whole number from 0 to 10."),
        ({"pain_0_10": "4.5"}, "Pain now"),
        ({"entry_date": "2999-01-01"}, "Day: please pick a day from 1900 to today"),
        ({"notes": "x" * 2000}, "Notes: please keep them shorter"),
    ],
)
def test_a_problem_is_said_beside_the_form_which_keeps_what_was_typed(client, changes, words) -> None:
    form = _form(**changes)
    page = client.post("/walking-test", data=form, follow_redirects=False)
    assert page.status_code == 422
    assert words in _text(page.text)
    assert 'aria-invalid="true"' in page.text or "Why you stopped" in words
    for name in ("first_symptoms_min", "total_min", "pain_0_10"):
        assert f'value="{html.escape(form[name])}"' in page.text  # nothing typed is lost
    assert client.get("/api/diary").json() == []  # and nothing is written


def test_every_problem_is_said_at_once(client) -> None:
    form = _form(total_min="", pain_0_10="11", stopped_because="")
    text = _text(client.post("/walking-test", data=form).text)
    assert text.index("Time walked in all") < text.index("Why you stopped") < text.index("Pain now")
    # symptoms after the end of the walk and no reason, or a reason with no time for the symptoms: each
    # said with the others (before, the test's own checks waited until its other fields were right)
    for changes, said in (
        ({"total_min": "5", "stopped_because": ""}, ["When the symptoms began", "Why you stopped"]),
        (
            {"total_min": "30:20", "first_symptoms_min": "abc", "pain_0_10": "11"},
            ["When the symptoms began", "Pain now"],
        ),
    ):
        page = client.post("/walking-test", data=_form(**changes)).text
        errors = re.search(r'id="test-errors">(.*?)</div>', page, re.S)
        assert errors is not None, changes
        listed = re.findall(r"<li>([^:<]+):", html.unescape(errors.group(1)))
        assert listed == said, (changes, listed)


def test_with_several_people_it_is_kept_in_the_persons_diary_only(client) -> None:
    alex = client.post("/api/people", json={"label": "Alex"}).json()["id"]
    sam = client.post("/api/people", json={"label": "Sam"}).json()["id"]
    page = client.get(f"/walking-test?person={sam}")
    assert "A walking test for Sam" in _text(page.text) and f'name="person_id" value="{sam}"' in page.text
    saved = client.post("/walking-test", data={**_form(), "person_id": str(sam)}, follow_redirects=False)
    assert saved.headers["location"] == f"/diary?saved={TODAY}&person={sam}"
    assert len(client.get(f"/api/diary?person_id={sam}").json()) == 1
    assert client.get(f"/api/diary?person_id={alex}").json() == []
    missing = client.post("/walking-test", data=_form(), follow_redirects=False)
    assert missing.status_code == 422 and client.get(f"/api/diary?person_id={sam}").json()[0]  # not guessed


def test_the_walks_page_takes_the_tests_clock_times(client) -> None:
    page = client.get("/walks?symptom_at=10:32:05&stop_at=10:34:50").text
    assert 'value="10:32:05"' in page and 'value="10:34:50"' in page
    odd = client.get('/walks?symptom_at="><script>&stop_at=95').text
    assert "<script>" not in odd.split("</header>")[-1] and 'id="stop_at" name="stop_at" value=""' in odd


def test_the_time_fields_open_a_keyboard_that_can_type_a_colon(client) -> None:
    # the fields ask for times "like 6:20", but inputmode="decimal" opens a phone keypad of digits and
    # a decimal point only: on an iPhone the colon could not be typed
    page = client.get("/walking-test").text
    for name in ("first_symptoms_min", "total_min"):
        (field,) = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
        assert 'inputmode="decimal"' not in field and 'inputmode="numeric"' not in field, field


def test_a_walk_of_no_time_without_symptoms_is_named_beside_its_field(client) -> None:
    form = _form(first_symptoms_min="", total_min="0:00", stopped_because="other")
    response = client.post("/walking-test", data=form)
    assert response.status_code == 422
    assert "A walk of 0:00 counts only when the symptoms stopped you at once" in _text(response.text)
    assert client.get("/api/diary").json() == []
