"""Who started each check is kept (migration 0016) and said on its result page for staff, in the report
(HTML and PDF) and in the exports, as a walk keeps who sent it (migration 0015): the staff member signed
in by name, else that none was named (a clinic's shared password, or at home) (SQLite and PostgreSQL).
A check kept before, and one restored from a file of format 11 or older, says it was not recorded; the
JSON export carries it (format 12), a restore keeps it, the checks table has it and the FHIR answers
name the staff member as their author.

What was found (new-user test as a clinic physiotherapist, 2026-11-27): a check did not keep which
staff member did it, so the report could not say who examined the person.
"""

from __future__ import annotations

import csv
import io
import json

import pypdf
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, Table, insert, inspect, text
from tests.integration.test_api_assessments import answer_everything
from tests.integration.test_storage_ids import _assessment

from backstride.core.acting import acting
from backstride.services.access import Access
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.services.sharing import make_export
from backstride.storage.db import Database
from backstride.storage.migrate import alembic_config, current_revision, downgrade_to
from backstride.web.app import create_app
from backstride.web.report import render_report, report_view
from backstride.web.report_pdf import build_pdf
from backstride.web.settings import Settings

STAFF_PASSWORD = "a long staff password"
SHARED = "correct horse battery staple"
BY_STAFF = "Started by Dr Lee, through the API."
NO_NAME = "Started through the API, with no staff member signed in by name."
NOT_RECORDED = "Who started it was not recorded: it was started before backstride kept that."


def _words(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_the_staff_member_is_named_on_the_result_the_report_and_every_export(database_url: str) -> None:
    db = Database(database_url).migrate()
    Access(db).set_password(SHARED)
    app = create_app(Settings(database_url=database_url))
    with TestClient(app) as web:
        app.state.access.add_staff("Dr Lee", STAFF_PASSWORD)
        web.auth = ("Dr Lee", STAFF_PASSWORD)
        started = web.post("/api/assessments", json={"mode": "clinician"})
        assert started.status_code == 201, started.text
        assert (started.json()["started_via"], started.json()["started_by"]) == ("API", "Dr Lee")
        staff = answer_everything(web, started.json())["id"]
        shared = web.post("/api/assessments", json={}, auth=("", SHARED)).json()  # no name: not the person
        assert (shared["started_via"], shared["started_by"]) == ("API", None)
        assert BY_STAFF in web.get(f"/check/{staff}/result").text  # the result page, for staff
        assert NO_NAME in web.get(f"/check/{shared['id']}/result").text
    records = Records(db)
    report = render_report(records, assessment_id=staff)
    assert f'<span id="check-started-by">{BY_STAFF}</span>' in report
    assert BY_STAFF in _words(build_pdf(report_view(records, assessment_id=staff)))
    checks = {a["id"]: a for a in records.export_all(note_download=False)["assessments"]}
    assert (checks[staff]["started_via"], checks[staff]["started_by"]) == ("API", "Dr Lee")
    assert (checks[shared["id"]]["started_via"], checks[shared["id"]]["started_by"]) == ("API", None)
    rows = {int(r["check_id"]): r for r in csv.DictReader(io.StringIO(make_export(records, "checks").text))}
    assert (rows[staff]["started_via"], rows[staff]["started_by"]) == ("API", "Dr Lee")
    assert (rows[shared["id"]]["started_via"], rows[shared["id"]]["started_by"]) == ("API", "")
    bundle = json.loads(make_export(records, "fhir").text)  # checked as R4 before it is returned
    authors = {
        e["fullUrl"]: e["resource"].get("author")
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    }
    assert [a for a in authors.values() if a] == [{"type": "Practitioner", "display": "Dr Lee"}]
    assert len(authors) == 2  # the shared password's check has none: nobody was named
    db.dispose()


def test_a_check_at_home_or_from_the_command_line_names_no_staff_member(database_url: str) -> None:
    db = Database(database_url).migrate()
    records = Records(db)
    with acting("page"):
        home = records.start_assessment()
    with acting("command line"):
        typed = records.keep_check("person", {"fever": False})
    assert (home.started_via, home.started_by) == ("page", None)
    assert home.started_by_words == "Started on a page, with no staff member signed in by name."
    assert typed.started_by_words == "Started at the command line by the person using this computer."
    assert records.get_assessment(typed.id).started_via == "command line"  # kept, read back
    db.dispose()


def test_the_upgrade_keeps_every_check_and_says_who_started_it_was_not_recorded(database_url: str) -> None:
    from alembic import command

    db = Database(database_url)
    with db.engine.begin() as connection:
        config = alembic_config(db.engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "0015_walk_sent_by")
    with db.engine.begin() as connection:
        me = connection.execute(text("SELECT id FROM people")).scalar_one()  # "Me", made with it (0004)
        table = Table("assessments", MetaData(), autoload_with=connection)  # as 0015 left it
        connection.execute(insert(table).values(person_id=me, **_assessment(None)))
    db.migrate()
    records = Records(db)
    (check,) = records.list_assessments()
    view = records.get_assessment(check["id"])
    assert view.answers == {"worse_walking": True, "age_years": 71, "fever": None}
    assert (view.started_via, view.started_by) == (None, None) and view.started_by_words == NOT_RECORDED
    (exported,) = records.export_all(note_download=False)["assessments"]
    assert exported["started_via"] is None and exported["started_by"] is None
    downgrade_to(db.engine, "0015_walk_sent_by")
    assert current_revision(db.engine) == "0015_walk_sent_by"
    columns = {c["name"] for c in inspect(db.engine).get_columns("assessments")}
    assert not {"started_via", "started_by"} & columns
    db.migrate()
    assert [a["id"] for a in Records(db).list_assessments()] == [check["id"]]
    db.dispose()


def test_a_restore_keeps_who_started_it_and_reads_a_file_of_format_11_without_it(database_url: str) -> None:
    db = Database(database_url).migrate()
    records = Records(db)
    with acting("page", staff="Dr Lee"):
        records.start_assessment("clinician")
    document = records.export_all(note_download=False)
    assert document["format_version"] == 13
    records.delete_all()
    restore_export(records, json.dumps(document))
    (back,) = records.list_assessments()
    assert (back["started_via"], back["started_by"]) == ("file", "Dr Lee")  # the name as written, the file's
    older = json.loads(json.dumps(document))  # a file of format 11: no started_via, no started_by
    older["format_version"] = 11
    for a in older["assessments"]:
        del a["started_via"], a["started_by"]
    records.delete_all()
    restore_export(records, json.dumps(older))
    (old,) = records.list_assessments()
    assert (old["started_via"], old["started_by"]) == (None, None)
    assert records.get_assessment(old["id"]).started_by_words == NOT_RECORDED
    db.dispose()


def test_a_name_without_how_the_check_was_started_is_not_named_in_fhir_either(database_url: str) -> None:
    # a hand-edited file: started_by kept, started_via null. The report says "not recorded"
    # (starter_words); the FHIR answers named the staff member as their author (R10, 2026-11-27)
    db = Database(database_url).migrate()
    records = Records(db)
    with acting("page", staff="Dr Lee"):
        records.start_assessment("clinician")
    document = records.export_all(note_download=False)
    for a in document["assessments"]:
        a["started_via"] = None
    records.delete_all()
    restore_export(records, json.dumps(document))
    (back,) = records.list_assessments()
    assert records.get_assessment(back["id"]).started_by_words == NOT_RECORDED
    bundle = json.loads(make_export(records, "fhir").text)
    answers = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    assert answers and all("author" not in r for r in answers)
    db.dispose()
