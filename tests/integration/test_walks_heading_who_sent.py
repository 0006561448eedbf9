"""The walks page's heading says who sent the walks only when it is true: "Walks you sent" to the
person when they sent every one, and "Walks sent" when a staff member sent one (its row names them;
"Your walks" would repeat the page's title) and to a clinician or in a clinic, about the person.

What was found (2026-11-27): the person's own page headed every walk "Walks you sent", also a walk a
clinician sent for them, which the walk's own page (and the report) say was "Sent by Dr Lee"
(``sent_by``, kept since migration 0015).
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from tests.integration.test_api_walks import IMU_CSV, UNITS

from backstride.core.acting import acting
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings


def _heading(page: str) -> str:
    found = re.search(r'<h2 id="past-heading">([^<]*)</h2>', page)
    assert found is not None
    return found.group(1)


def test_the_heading_says_you_sent_them_only_when_the_person_did(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "home.sqlite3")
    records = Records(Database(url).migrate())
    with TestClient(create_app(Settings(database_url=url))) as web:
        assert _heading(web.get("/walks").text) == "Walks you sent"  # none yet: theirs to send
        records.upload_walk("mine.csv", IMU_CSV.read_bytes(), **UNITS)
        assert _heading(web.get("/walks").text) == "Walks you sent"
        with acting("page", "10.0.0.5", staff="Dr Lee"):  # a clinician sent one for them
            records.upload_walk("clinic.csv", IMU_CSV.read_bytes(), height_cm=170, **UNITS)
        page = web.get("/walks").text
        assert _heading(page) == "Walks sent" and "Walks you sent" not in page
        assert page.count("Your walks</h") == 1  # the title's h1 only, not again as the list's h2
        (row,) = [r for r in page.split("<tr>") if "clinic.csv" in r]
        assert "(sent by Dr Lee)" in row
        (mine,) = [r for r in page.split("<tr>") if "mine.csv" in r]
        assert "sent by" not in mine  # their own: no name beside it
    records.db.dispose()


def test_in_a_clinic_the_heading_speaks_about_the_person_whoever_sent_them(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "clinic.sqlite3")
    records = Records(Database(url).migrate())
    ana = records.people.add("Ana").id
    records.people.add("Ben")
    with acting("page", "10.0.0.5", staff="Dr Lee"):
        records.for_person(ana).upload_walk("clinic.csv", IMU_CSV.read_bytes(), **UNITS)
    with TestClient(create_app(Settings(database_url=url))) as web:
        page = web.get(f"/walks?person={ana}").text
        assert _heading(page) == "Walks sent" and "you sent" not in page.lower()
        assert "(sent by Dr Lee)" in page
    records.db.dispose()
