"""The details a clinic matches its record by, on the web: ``/api/people`` and the People pages.

See ``test_people_identity.py`` for the rules (the service, the upgrade, FHIR, the backup and the
command line). Here: the API and the pages take them, a bad one is a 422 naming it (the page in its
own words, with what was typed kept), and nothing is stored. SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from tests.integration.test_people_identity import ANA, BAD, FUTURE

from backstride.services.people import IDENTITY_FIELDS


def test_the_api_adds_changes_and_refuses_details(api: Any) -> None:
    made = api.post("/api/people", json={"label": "Room 4", **ANA})
    assert made.status_code == 201, made.text
    assert {k: made.json()[k] for k in IDENTITY_FIELDS} == ANA
    pid = made.json()["id"]
    changed = api.patch(f"/api/people/{pid}", json={"birth_date": None, "gender": "male"})
    assert changed.status_code == 200 and changed.json()["birth_date"] is None
    assert changed.json()["gender"] == "male" and changed.json()["mrn"] == ANA["mrn"]  # left out: kept
    before = api.get("/api/people").json()
    for key, value, said in BAD:
        refused = api.patch(f"/api/people/{pid}", json={"label": "Renamed", key: value})
        assert refused.status_code == 422 and said in refused.json()["detail"], refused.text
        refused = api.post("/api/people", json={"label": "Bob", key: value})
        assert refused.status_code == 422 and key in refused.json()["detail"], refused.text
    assert api.get("/api/people").json() == before


def test_the_people_pages_keep_the_details_and_name_a_bad_one(api: Any) -> None:
    form = {"label": "Room 4", "height_cm": "", **ANA}
    refused = api.post("/people", data={**form, "birth_date": FUTURE, "gender": "woman"})
    assert refused.status_code == 422
    assert "Birth date: please give a day from 1900 until today" in refused.text
    assert "Gender: please choose one from the list" in refused.text
    assert f'value="{FUTURE}"' in refused.text and 'value="MRN-004512"' in refused.text  # kept as typed
    assert [p["label"] for p in api.get("/api/people").json()] == ["Me"]
    added = api.post("/people", data=form, follow_redirects=False)
    assert added.status_code == 303, added.text[:400]
    pid = int(added.headers["location"].split("added=")[1])
    page = api.get(f"/people/{pid}").text
    assert 'value="1961-04-23"' in page and '<option value="female" selected>' in page
    assert f'value="{ANA["mrn_system"]}"' in page
    changed = api.post(f"/people/{pid}", data={**form, "gender": "", "mrn": "", "mrn_system": ""})
    assert changed.status_code == 200  # followed to the list
    person = api.get(f"/api/people/{pid}").json()
    assert (person["gender"], person["mrn"], person["name"]) == (None, None, ANA["name"])
    system_only = api.post(f"/people/{pid}", data={**form, "mrn": ""})
    assert system_only.status_code == 422 and "Clinic number: please type the number too" in system_only.text
    assert api.get(f"/api/people/{pid}").json() == person
