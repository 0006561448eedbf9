"""Every answer of the JSON API says that it is not a diagnosis (TEAM rules: every output says so).

``GET /api/assessments`` (the history) had no ``notice`` while a check, its result, plan and changes
did. The history stays a bare array, as docs/web-app.md documents it and clients read it (the public
contract, CONTRACT.md, says nothing of the web API; "extend, never break"), so each check in it
carries the notice itself; so do each walk, diary day and day of everyday walking.

The second test walks every GET endpoint of the OpenAPI document with a real stored person, check
(finished, with one finished before it), walk (a Mobilise-D lab recording), diary day and
everyday walking (a real Apple Health sample export): a new
endpoint fails it until its answer carries the notice, or it is named below with why it need not.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from tests.integration.test_api_walks import upload
from tests.integration.test_everyday import TDDA
from tests.integration.test_result_page_asked_words import finished_check

from backstride.services.tables import TABLE_NAMES

# Endpoints that say nothing about a person's health, only about the app: no notice needed.
NO_HEALTH_STATEMENT = {
    "/api/version": "the versions of the app and its knowledge",
    "/api/people": "names and counts of whose records are kept",
    "/api/people/{person_id}": "one person's name and counts",
    "/api/activity": "what was done to the records, never what they say",
}


@pytest.fixture
def database_url(tmp_path) -> str:
    """SQLite only: which fields an answer carries does not depend on the database."""
    return f"sqlite:///{tmp_path / 'notice.sqlite3'}"


def says_not_a_diagnosis(body: Any) -> bool:
    return isinstance(body, dict) and "not a diagnosis" in str(body.get("notice", "")).lower()


def test_each_check_in_the_history_says_it_is_not_a_diagnosis(api) -> None:
    finished = finished_check(api, {"age_years": 71, "worse_walking": True, "relief_sitting": True})
    started = api.post("/api/assessments", json={}).json()["id"]
    history = api.get("/api/assessments").json()
    assert isinstance(history, list), "the history stays a list: clients read it as one"
    assert [check["id"] for check in history] == [started, finished]
    for check in history:
        assert says_not_a_diagnosis(check), check
        assert check["notice"] == api.get(f"/api/assessments/{check['id']}").json()["notice"]
    assert {"id", "mode", "n_answers", "n_questions", "disposition", "created_at"} <= set(history[0])


def test_every_get_endpoint_says_it_is_not_a_diagnosis(api) -> None:
    earlier = finished_check(api, {"age_years": 71, "worse_walking": True})
    check = finished_check(api, {"age_years": 71, "worse_walking": True, "relief_sitting": True})
    walk = upload(api, height_cm="172").json()["id"]
    entry = api.post("/api/diary", json={"entry_date": "2026-11-20", "pain_0_10": 4}).json()["id"]
    days = api.post("/api/everyday", files={"file": ("export.xml", TDDA.read_bytes())})
    assert days.status_code == 201 and days.json()["added"], days.text
    person = api.get("/api/people").json()[0]["id"]
    ids = {"assessment_id": check, "walk_id": walk, "entry_id": entry, "person_id": person}
    assert api.get(f"/api/assessments/{check}/changes").json()["compared_with"] == earlier

    spec = api.get("/api/openapi.json").json()
    seen = set()
    for path, operations in spec["paths"].items():
        if "get" not in operations:
            continue
        seen.add(path)
        if path in NO_HEALTH_STATEMENT:
            continue
        names = re.findall(r"{(\w+)}", path)
        unknown = [name for name in names if name not in ids and name != "what"]
        assert not unknown, f"{path}: give this test a stored {unknown} to ask for"
        whats = ("fhir", *(f"{table}.csv" for table in TABLE_NAMES)) if "what" in names else ("",)
        urls = [path.format(**ids, what=what) for what in whats]  # every download: FHIR and each CSV
        for url in urls:
            response = api.get(url)
            assert response.status_code == 200, (url, response.text)
            kind = response.headers["content-type"]
            if kind.startswith("text/csv"):
                continue  # a CSV table for a spreadsheet: the person's own numbers, no words of ours
            if kind.startswith("application/fhir+json"):
                # a FHIR Bundle takes no field of ours: its resources say it in their own text
                assert "not a diagnosis" in response.text, url
                continue
            assert kind.startswith("application/json"), (url, kind)
            body = response.json()
            items = body if isinstance(body, list) else [body]
            assert items, f"{url}: nothing stored to look at"
            for item in items:
                assert says_not_a_diagnosis(item), (url, item)
    assert set(NO_HEALTH_STATEMENT) <= seen, "an exempt endpoint is gone: take it off the list"
