"""A person at home (no sign-in: no staff accounts, no clinic's shared password) reads nothing about
staff, and the report opens with a short "This is not a diagnosis." line (review 2026-11-28).

At home the report began "backstride helps them and their clinician think ..." and then a long
passage about staff members and "the clinic's shared password"; a walk's page said "Sent on a page,
with no staff member signed in by name." and the report "Started on a page, with no staff member
signed in by name.". Now, at home: "Sent on a page." and "Started on a page."; the passage on who did
what is said only in a clinic (a sign-in), in small print under the short line.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from fastapi.testclient import TestClient
from tests.integration.test_api_walks import IMU_CSV, UNITS
from tests.integration.test_question_page_warning_in_force import _form

from backstride.services.access import Access
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

SHARED = "a clinic's shared password"
FIRST = "This is not a diagnosis. It never replaces an examination."


def _words(html: str) -> str:
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _send_and_read(client: TestClient) -> tuple[str, str, bytes]:
    sent = client.post("/walks", data=UNITS, files={"file": ("imu.csv", IMU_CSV.read_bytes())})
    assert sent.status_code in (200, 303), sent.text
    walk = client.get("/walks/1")
    assert walk.status_code == 200
    start = client.post("/check", data={"mode": "person"}, follow_redirects=False)
    assert start.status_code == 303, start.text
    where = start.headers["location"]
    form = _form(client.get(where).text, {})  # one answer, so the report shows the check
    assert client.post(f"{where}/answer", data=form, follow_redirects=False).status_code == 303
    return _words(walk.text), _words(client.get("/report").text), client.get("/report.pdf").content


def test_at_home_no_page_says_anything_about_staff(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "home.sqlite3")))) as client:
        walk, report, pdf = _send_and_read(client)
    assert "Sent on a page." in walk
    assert "Started on a page." in report and "Sent on a page." in report
    for page in (walk, report):
        assert "staff" not in page.lower(), page
        assert "shared password" not in page
    assert "helps them and their clinician" not in report
    # the short line comes first, before when to get help
    assert report.index(FIRST) < report.index("Get help now")
    assert b"staff" not in pdf.lower()


def test_in_a_clinic_the_report_says_who_did_what_in_small_print(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "clinic.sqlite3")
    Access(Database(url).migrate()).set_password(SHARED)
    with TestClient(create_app(Settings(database_url=url))) as client:
        client.auth = ("", SHARED)
        walk, report, _pdf = _send_and_read(client)
        page = client.get("/report").text
    assert "Sent on a page, with no staff member signed in by name." in walk
    assert "Started on a page, with no staff member signed in by name." in report
    assert FIRST in report
    small = re.search(r'<p class="hint" id="who-gave-it">([^<]*)</p>', page)
    assert small and "The check says who started it" in small.group(1)
    assert report.index(FIRST) < report.index("The check says who started it")
