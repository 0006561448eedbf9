"""The report for a clinician says whom it is about as the clinic's record does (review R4).

A clinic may keep a person's full name, birth date, gender and clinic number (docs/clinic.md) so
that what it is sent can be matched to its own record; the FHIR export carried them, but the report,
printed or sent to the same clinician, named the person only by their label ("Report for Room 4").
It now shows the details that were given, under that line, in the page and the PDF; a person without
them gets the report it was, and another person's details are never in it.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pypdf
from fastapi.testclient import TestClient
from tests.integration.test_people_identity import ANA

from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

SAID = [
    "Full name: Ana María Ruiz",
    "Birth date: 23 Apr 1961",
    "Gender: female",
    "Clinic number: MRN-004512 (system urn:oid:1.2.36.146.595.217.0.1)",
]


def _words(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def _page_words(html: str) -> str:
    html = re.sub(r"<(style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


def test_the_report_shows_the_details_a_clinic_matches_its_record_by(tmp_path) -> None:
    db = Database(sqlite_url(tmp_path / "clinic.sqlite3")).migrate()
    records = Records(db)
    ana = records.people.add("Room 4", identity=ANA)
    bob = records.people.add("Bob", identity={"mrn": "77"})  # a number without a system
    for person in (ana, bob):
        records.for_person(person.id).add_diary_entry(
            entry_date=date.today().isoformat(), pain_0_10=5, walking_tolerance_min=12.0, notes=""
        )
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "clinic.sqlite3")))) as c:
        page = _page_words(c.get(f"/report?person={ana.id}").text)
        pdf = _words(c.get(f"/report.pdf?person={ana.id}").content)
        bobs = _page_words(c.get(f"/report?person={bob.id}").text)
        bobs_pdf = _words(c.get(f"/report.pdf?person={bob.id}").content)
    for text in (page, pdf):
        head = text.split("This is not a diagnosis", 1)[0]  # at the top, by whose report it is
        assert "Report for Room 4" in head
        for said in SAID:
            assert said in head, (said, head)
    for text in (bobs, bobs_pdf):
        head = text.split("This is not a diagnosis", 1)[0]
        assert "Clinic number: 77" in head and "(system" not in head
        assert "Full name" not in head and "Birth date" not in head and "Ana" not in text
    db.dispose()
