"""Who started a check or sent a walk, restored from a file: kept as the file names them, and said to
come from that file, never as if a staff member of this backstride did it (SQLite and PostgreSQL).

An export file can be edited by hand or made by another clinic: its ``started_by`` and ``sent_by`` may
name anyone (review R5, R10: as migration 0015's walks). A restore kept them as they were, so the
result page, the report, checks.csv and FHIR's ``author`` said "Started by Dr Lee, on a page." of a
check Dr Lee of this clinic never saw. Now a restored record's interface is ``file``: its pages say
"Started by Dr Lee, as the file it was restored from says.", FHIR's author names them "(named by a
restored file)", and what the file says is never lost. A record already here that the file holds too is
left as it is (with its own interface). Not a diagnosis.
"""

from __future__ import annotations

import csv
import io
import json

from tests.integration.test_api_walks import IMU_CSV, UNITS

from backstride.core.acting import acting
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.services.sharing import make_export
from backstride.storage.db import Database
from backstride.web.report import render_report

STARTED = "Started by Dr Lee, as the file it was restored from says."
SENT = "Sent by Dr Lee, as the file it was restored from says."
NO_STARTER = "Restored from a file that names no staff member who started it."


def test_a_restored_file_names_its_staff_as_the_file_says(database_url: str) -> None:
    db = Database(database_url).migrate()
    records = Records(db)
    with acting("page", staff="Dr Lee"):
        records.start_assessment("clinician")
        records.upload_walk("imu.csv", IMU_CSV.read_bytes(), **UNITS)
    with acting("API"):
        records.start_assessment("person")
    document = records.export_all(note_download=False)
    document["assessments"][1]["started_by"] = "Dr Who"  # hand-edited: anyone may be named
    document["assessments"][1]["started_via"] = "API"
    restore_export(records, json.dumps(document))  # already here: each keeps who started or sent it here
    here = sorted(records.list_assessments(), key=lambda c: c["id"])
    assert [(c["started_via"], c["started_by"]) for c in here] == [("page", "Dr Lee"), ("API", None)]
    assert [(w.sent_via, w.sent_by) for w in records.list_walks()] == [("page", "Dr Lee")]
    records.delete_all()
    restore_export(records, json.dumps(document))
    checks = sorted(records.list_assessments(), key=lambda c: c["id"])
    assert [(c["started_via"], c["started_by"]) for c in checks] == [("file", "Dr Lee"), ("file", "Dr Who")]
    assert records.get_assessment(checks[0]["id"]).started_by_words == STARTED
    (walk,) = records.list_walks()
    assert (walk.sent_via, walk.sent_by) == ("file", "Dr Lee") and walk.sent_by_words == SENT
    report = render_report(records)
    assert SENT in report and '<td data-label="Sent by">Dr Lee (as a restored file says)</td>' in report
    assert "not a diagnosis" in report.lower()
    rows = list(csv.DictReader(io.StringIO(make_export(records, "checks", note_download=False).text)))
    assert [(r["started_via"], r["started_by"]) for r in rows] == [("file", "Dr Lee"), ("file", "Dr Who")]
    bundle = json.loads(make_export(records, "fhir", note_download=False).text)
    authors = [
        e["resource"]["author"]["display"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    assert authors == ["Dr Lee (named by a restored file)", "Dr Who (named by a restored file)"]
    # its own export restores again, as it says
    again = records.export_all(note_download=False)
    again["assessments"][1]["started_by"] = None
    records.delete_all()
    restore_export(records, json.dumps(again))
    later = sorted(records.list_assessments(), key=lambda c: c["id"])
    assert [(c["started_via"], c["started_by"]) for c in later] == [("file", "Dr Lee"), ("file", None)]
    assert records.get_assessment(later[1]["id"]).started_by_words == NO_STARTER
    db.dispose()


def test_the_api_schema_and_the_table_docs_say_a_restored_name_is_the_files_word(database_url: str) -> None:
    """A client or a clinic reading ``started_by`` or ``sent_by`` alone was told it is "the staff member
    signed in" (the OpenAPI schema, docs/sharing.md's checks and walks tables), also for a name a
    restored file gives (``file``), which no one signed in here (review R14). Each now says so."""
    from pathlib import Path

    from fastapi.testclient import TestClient

    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    with TestClient(create_app(Settings(database_url=database_url))) as client:
        schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    for model, field in (
        ("AssessmentOut", "started_by"),
        ("AssessmentSummaryOut", "started_by"),
        ("AssessmentSummaryOut", "started_via"),
        ("WalkOut", "sent_by"),
    ):
        said = schemas[model]["properties"][field]["description"]
        assert "restored" in said and "file" in said, (model, field, said)
    sharing = (Path(__file__).resolve().parents[2] / "docs" / "sharing.md").read_text(encoding="utf-8")
    for table, words in (
        ("| `walks` |", "sent_via and sent_by"),
        ("| `checks` |", "started_via and started_by"),
    ):
        (row,) = [line for line in sharing.splitlines() if line.startswith(table)]
        said = row.split(words, 1)[1].split(")", 1)[0]
        assert "`file`" in said and "restored" in said, (table, said)
