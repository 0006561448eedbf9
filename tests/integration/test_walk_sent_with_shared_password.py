"""A walk sent with a clinic's shared password (no staff member signed in by name) never says the person
sent it: a clinician may have (docs/clinic.md: with only the shared password, "who" is the interface).
Its page, the report and the person's own page say no staff member was signed in by name (SQLite and
PostgreSQL).

What was found (review R2, 2026-11-27): such a walk read "Sent through the API by the person themselves
(no staff member was signed in)." and the report's "Sent by" column "the person", though a clinician
using the shared password sent it.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.integration.test_api_walks import IMU_CSV, UNITS

from backstride.core.acting import acting
from backstride.services.access import Access
from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.web.app import create_app
from backstride.web.report import render_report
from backstride.web.settings import Settings

SHARED = "correct horse battery staple"
NO_NAME = "Sent through the API, with no staff member signed in by name."


def test_a_walk_sent_with_the_shared_password_does_not_say_the_person_sent_it(database_url: str) -> None:
    db = Database(database_url).migrate()
    Access(db).set_password(SHARED)
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        sent = client.post(
            "/api/walks", files={"file": ("imu.csv", IMU_CSV.read_bytes())}, data=UNITS, auth=("", SHARED)
        )
        assert sent.status_code == 201, sent.text
        assert (sent.json()["sent_via"], sent.json()["sent_by"]) == ("API", None)
        page = client.get(f"/walks/{sent.json()['id']}", auth=("", SHARED)).text
    assert NO_NAME in page and "by the person themselves" not in page
    report = render_report(Records(db))
    assert NO_NAME in report  # the latest walk, in full
    assert '<td data-label="Sent by">no staff member named</td>' in report  # the walks table
    assert "the person themselves" not in report and '<td data-label="Sent by">the person</td>' not in report
    db.dispose()


def test_a_walk_a_staff_member_sent_never_says_you_sent_it_to_the_person(database_url: str) -> None:
    """The person's own page (at home, a clinic's file restored; or one person and the shared password)
    read "You sent it on ... Sent by Dr Lee, on a page.": it now says "It was sent", as a clinician's
    page does."""
    db = Database(database_url).migrate()
    with acting("page", staff="Dr Lee"):
        walk = Records(db).upload_walk("imu.csv", IMU_CSV.read_bytes(), **UNITS).id
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        page = client.get(f"/walks/{walk}").text  # no sign-in: the person at home
    assert "Your walk from" in page  # the person's own page, in their voice
    assert "Sent by Dr Lee, on a page." in page
    assert "You sent it" not in page and "when you sent it" not in page
    assert "It was sent on" in page or "this is when it was sent" in page
    db.dispose()
