"""What a clinic matches its record by: a person's full name, birth date, gender and clinic number.

The FHIR Patient had no identity beyond the person's label, so a clinic could not match the record
to its patient. A person may now have, each optional: a full name, a birth date, a gender (FHIR's
administrative gender codes) and a clinic number (an MRN) with the URI of its system. They are
stored (migration 0014, SQLite and PostgreSQL), typed with ``backstride people add/edit``, the
People pages and ``/api/people``, kept in the JSON backup (format 9; files of formats 1 to 8 still
restore) and sent as the Patient's ``identifier``, ``name``, ``gender`` and ``birthDate``. A bad
value is named (exit 2, HTTP 422) and nothing is written.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fhirclient.models.fhirelementfactory import FHIRElementFactory
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.core.errors import InputError
from backstride.fhir import export_bundle
from backstride.services.people import IDENTITY_FIELDS
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.storage.db import Database, sqlite_url

ANA = {
    "name": "Ana María Ruiz",
    "birth_date": "1961-04-23",
    "gender": "female",
    "mrn": "MRN-004512",
    "mrn_system": "urn:oid:1.2.36.146.595.217.0.1",
}
NONE = dict.fromkeys(IDENTITY_FIELDS)
FUTURE = (date.today() + timedelta(days=2)).isoformat()
# (a detail, the value, words the refusal must hold)
BAD = [
    ("birth_date", FUTURE, "in the future"),
    ("birth_date", "23/04/1961", "YYYY-MM-DD"),
    ("birth_date", "1961-02-30", "not a day of the calendar"),
    ("birth_date", "1899-12-31", "too early"),
    ("gender", "woman", "not a known code"),
    ("mrn_system", "hospital number", "not a URI"),
    ("name", "Ana\x1b[31m", "control character"),
]
runner = CliRunner()
PDF = b"%PDF-1.4\n%%EOF\n"  # the report's bytes, so the Bundle has a Patient without records


def _patient(bundle: dict[str, Any]) -> dict[str, Any]:
    (patient,) = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    return patient


def _identity(view: Any) -> dict[str, Any]:
    return view.identity()


def _people_table(db: Database) -> list[tuple[Any, ...]]:
    with db.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text("SELECT * FROM people ORDER BY id"))]


# ------------------------------------------------------------------------------ the service


def test_a_person_keeps_their_details_changes_and_forgets_them(records: Records) -> None:
    ann = records.people.add("Room 4", identity=ANA)
    assert _identity(ann) == ANA
    assert _identity(records.people.get(ann.id)) == ANA
    changed = records.people.update(ann.id, identity={"gender": "other", "birth_date": ""})
    assert _identity(changed) == {**ANA, "gender": "other", "birth_date": None}
    lines = [e for e in records.activity.list(limit=5) if e.action == "person_changed"]
    # the list says what changed, never the value: it holds no record
    assert lines[0].detail == "birth date forgotten; gender set"
    assert "1961" not in lines[0].detail
    forgot = records.people.update(ann.id, identity={"mrn": None, "mrn_system": None, "name": None})
    assert _identity(forgot) == {**NONE, "gender": "other"}


@pytest.mark.parametrize(("key", "value", "said"), BAD)
def test_a_bad_detail_is_named_and_nothing_is_written(
    records: Records, key: str, value: str, said: str
) -> None:
    ann = records.people.add("Ann")
    before = _people_table(records.db), records.activity.list(limit=50)
    with pytest.raises(InputError, match=key) as refused:
        records.people.add("Bob", identity={**ANA, key: value})
    assert said in str(refused.value)
    with pytest.raises(InputError, match=key):
        records.people.update(ann.id, label="Ann B", identity={key: value})
    assert (_people_table(records.db), records.activity.list(limit=50)) == before


def test_every_problem_is_named_at_once_and_a_system_needs_a_number(records: Records) -> None:
    with pytest.raises(InputError) as refused:
        records.people.add("Bob", identity={"birth_date": FUTURE, "gender": "f"})
    assert "birth_date" in str(refused.value) and "gender 'f'" in str(refused.value)
    with pytest.raises(InputError, match="mrn_system is given without mrn"):
        records.people.add("Bob", identity={"mrn_system": ANA["mrn_system"]})
    ann = records.people.add("Ann", identity=ANA)
    with pytest.raises(InputError, match="without mrn"):  # forgetting the number, keeping its system
        records.people.update(ann.id, identity={"mrn": ""})
    assert "Bob" not in [p.label for p in records.people.list()]


def test_a_clinic_number_is_never_two_peoples(records: Records) -> None:
    ann = records.people.add("Ann", identity=ANA)
    number = {"mrn": ANA["mrn"], "mrn_system": ANA["mrn_system"]}
    with pytest.raises(InputError, match=r"'Ann' \(person \d+\) has the clinic number"):
        records.people.add("Bob", identity=number)
    bob = records.people.add(
        "Bob", identity={"mrn": ANA["mrn"], "mrn_system": "urn:oid:9.9"}
    )  # another system
    with pytest.raises(InputError, match="has the clinic number"):
        records.people.update(bob.id, identity={"mrn_system": ANA["mrn_system"]})
    no_system = records.people.add("Cy", identity={"mrn": "77"})
    with pytest.raises(InputError) as refused:  # SQL NULLs differ; the service does not
        records.people.add("Di", identity={"mrn": "77"})
    said = f"'Cy' (person {no_system.id}) has the clinic number '77' already; nothing was saved"
    assert str(refused.value) == said  # no system to name: not "in this system"
    assert records.people.get(bob.id).mrn_system == "urn:oid:9.9" and no_system.mrn == "77"
    assert ann.mrn == ANA["mrn"]


# ------------------------------------------------------------------------------ the upgrade


def test_the_upgrade_keeps_everyone_without_details_and_going_down_drops_them(database_url: str) -> None:
    from alembic import command

    from backstride.storage.migrate import alembic_config, current_revision, downgrade_to

    db = Database(database_url)
    with db.engine.begin() as connection:
        config = alembic_config(db.engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "0013_walk_duplicate_key")
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO people (label, label_key, height_cm, created_at) VALUES ('Ann', 'ann', 170, :at)"
            ),
            {"at": datetime(2026, 11, 20, tzinfo=UTC)},
        )
    db.migrate()
    records = Records(db)
    ann = records.people.find("Ann")
    assert (ann.height_cm, [_identity(p) for p in records.people.list()]) == (170, [NONE, NONE])
    records.people.update(ann.id, identity=ANA)
    downgrade_to(db.engine, "0013_walk_duplicate_key")
    assert current_revision(db.engine) == "0013_walk_duplicate_key"
    assert not set(IDENTITY_FIELDS) & {c["name"] for c in inspect(db.engine).get_columns("people")}
    db.migrate()
    assert [_identity(p) for p in Records(db).people.list()] == [NONE, NONE]  # "Me" and Ann
    db.dispose()


# ------------------------------------------------------------------------------ FHIR


def test_the_fhir_patient_carries_the_details_a_clinic_matches_by(records: Records) -> None:
    ann = records.people.add("Room 4", identity=ANA)
    mine = records.for_person(ann.id)
    mine.add_diary_entry(entry_date=date.today().isoformat(), pain_0_10=4, walking_tolerance_min=10, notes="")
    patient = _patient(export_bundle(mine.export_all()))  # checked as R4 before it is returned
    assert patient["identifier"] == [
        {
            "use": "usual",
            "type": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                        "code": "MR",
                        "display": "Medical record number",
                    }
                ],
                "text": "Medical record number",
            },
            "system": ANA["mrn_system"],
            "value": ANA["mrn"],
        }
    ]
    assert patient["name"] == [{"use": "official", "text": ANA["name"]}, {"use": "usual", "text": "Room 4"}]
    assert (patient["gender"], patient["birthDate"]) == ("female", "1961-04-23")
    read = FHIRElementFactory.instantiate("Patient", patient)  # fhirclient's R4 model reads it back
    assert read.birthDate.isostring == "1961-04-23" and read.identifier[0].type.coding[0].code == "MR"


def test_a_patient_without_details_is_what_it_was(records: Records) -> None:
    ann = records.people.add("Ann")
    document = records.for_person(ann.id).export_all()
    assert {k for k, v in document["person"].items() if v is not None} == {"label"}
    format_7 = {**document, "format_version": 7, "person": {"label": "Ann", "height_cm": None}}
    for doc in (document, format_7):
        patient = _patient(export_bundle(doc, report_pdf=PDF))
        assert {k: v for k, v in patient.items() if k != "id"} == {
            "resourceType": "Patient",
            "name": [{"use": "usual", "text": "Ann"}],
        }
    number_only = copy.deepcopy(document)
    number_only["person"].update(mrn="12", name="ann")  # a full name that is the label: said once
    patient = _patient(export_bundle(number_only, report_pdf=PDF))
    assert patient["identifier"][0]["value"] == "12" and "system" not in patient["identifier"][0]
    assert patient["name"] == [{"use": "official", "text": "ann"}]


def test_the_fhir_export_refuses_a_gender_that_is_no_code(records: Records) -> None:
    document = records.export_all()
    document["person"]["gender"] = "woman"
    with pytest.raises(InputError, match="person.gender 'woman' is not a code"):
        export_bundle(document, report_pdf=PDF)


# ------------------------------------------------------------------------------ the backup


def test_the_backup_keeps_the_details_and_restores_them_for_the_same_person(tmp_path: Path) -> None:
    source = Records(Database(sqlite_url(tmp_path / "a.sqlite3")).migrate())
    ann = source.people.add("Room 4", identity=ANA)
    document = source.for_person(ann.id).export_all()
    assert document["format_version"] == 13
    assert document["person"] == {"label": "Room 4", "height_cm": None, **ANA}
    target = Records(Database(sqlite_url(tmp_path / "b.sqlite3")).migrate())
    room = target.people.add("room 4")  # the same person, on another computer
    other = target.people.add("Bob")
    said = restore_export(target.for_person(other.id), json.dumps(document)).said
    assert _identity(target.people.get(other.id)) == NONE  # another person's number: never taken
    assert said[0].startswith("The file holds details for matching with a clinic's record (full name")
    assert "the file was made for someone else" in said[0]
    assert restore_export(target.for_person(room.id), json.dumps(document)).said == ()
    assert _identity(target.people.get(room.id)) == ANA
    target.people.update(room.id, identity={"gender": "other"})
    said = restore_export(target.for_person(room.id), json.dumps(document)).said
    assert "their own here are kept" in said[0]
    assert target.people.get(room.id).gender == "other"
    target.people.update(room.id, identity=NONE)  # forgotten here; Bob now has the number
    target.people.update(other.id, identity={"mrn": ANA["mrn"], "mrn_system": ANA["mrn_system"]})
    said = restore_export(target.for_person(room.id), json.dumps(document)).said
    assert said[0].startswith("The file's clinic number belongs to 'Bob' (person 3) here;"), said
    assert _identity(target.people.get(room.id)) == NONE  # never another person's number


def test_an_older_backup_restores_without_details(tmp_path: Path) -> None:
    source = Records(Database(sqlite_url(tmp_path / "a.sqlite3")).migrate())
    source.add_diary_entry(entry_date="2026-11-19", pain_0_10=4, walking_tolerance_min=None, notes="")
    document = source.export_all()
    older = {**document, "format_version": 8, "person": {"label": "Me", "height_cm": None}}
    target = Records(Database(sqlite_url(tmp_path / "b.sqlite3")).migrate())
    restored = restore_export(target, json.dumps(older))
    assert restored.added["diary_entries"] == 1 and restored.said == ()
    assert [_identity(p) for p in target.people.list()] == [NONE]


def test_a_backup_with_a_bad_detail_is_refused_naming_it_and_nothing_is_written(tmp_path: Path) -> None:
    source = Records(Database(sqlite_url(tmp_path / "a.sqlite3")).migrate())
    source.add_diary_entry(entry_date="2026-11-19", pain_0_10=4, walking_tolerance_min=None, notes="")
    document = source.export_all()
    document["person"].update(birth_date=FUTURE, gender="woman", mrn_system="urn:oid:1.2")
    target = Records(Database(sqlite_url(tmp_path / "b.sqlite3")).migrate())
    with pytest.raises(InputError) as refused:
        restore_export(target, json.dumps(document))
    said = str(refused.value)
    assert "person: birth_date" in said and "in the future" in said and "gender 'woman'" in said
    assert "person: mrn_system is given without mrn" in said
    assert target.export_all()["diary_entries"] == []


# ------------------------------------------------------------------------------ the command line


def test_the_command_line_adds_and_edits_the_details(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "c.sqlite3")
    added = runner.invoke(app, ["people", "add", "Room 4", *_options(ANA), "--db", url])
    assert added.exit_code == 0, added.output
    edited = runner.invoke(
        app, ["people", "edit", "room 4", "--gender", "Other", "--birth-date", "", "--db", url]
    )
    assert edited.exit_code == 0, edited.output
    assert "Changed for 'Room 4' (person 2): birth date, gender." in edited.output
    (_, room) = json.loads(runner.invoke(app, ["people", "list", "--json", "--db", url]).stdout)
    assert {k: room[k] for k in IDENTITY_FIELDS} == {**ANA, "gender": "other", "birth_date": None}


def _options(identity: dict[str, str]) -> list[str]:
    return [part for key, value in identity.items() for part in ("--" + key.replace("_", "-"), value)]


@pytest.mark.parametrize(("key", "value", "said"), BAD)
def test_the_command_line_refuses_a_bad_detail_with_exit_2_and_writes_nothing(
    tmp_path: Path, key: str, value: str, said: str
) -> None:
    url = sqlite_url(tmp_path / "c.sqlite3")
    refused = runner.invoke(app, ["people", "add", "Room 4", *_options({**ANA, key: value}), "--db", url])
    option = "--" + key.replace("_", "-")  # the option typed, never the API's key ("birth_date")
    assert refused.exit_code == 2 and said in refused.output, refused.output
    assert refused.output.startswith(f"error: {option} ") and "Traceback" not in refused.output
    assert not (tmp_path / "c.sqlite3").exists()  # not even a database was made
    assert runner.invoke(app, ["people", "add", "Ann", "--db", url]).exit_code == 0
    before = runner.invoke(app, ["people", "list", "--json", "--db", url]).stdout
    refused = runner.invoke(app, ["people", "edit", "Ann", *_options({key: value}), "--db", url])
    assert refused.exit_code == 2 and said in refused.output, refused.output
    assert refused.output.startswith(f"error: {option} "), refused.output
    assert runner.invoke(app, ["people", "list", "--json", "--db", url]).stdout == before


def test_the_command_line_names_the_options_of_a_system_without_a_number(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "c.sqlite3")
    assert runner.invoke(app, ["people", "add", "Ann", "--db", url]).exit_code == 0
    for command in (["add", "Bob"], ["edit", "Ann"]):
        refused = runner.invoke(app, ["people", *command, "--mrn-system", "urn:oid:1.2", "--db", url])
        assert refused.exit_code == 2, refused.output
        assert refused.output.startswith("error: --mrn-system is given without --mrn;"), refused.output


def test_the_command_line_edit_says_when_there_is_nothing_to_change(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "c.sqlite3")
    assert runner.invoke(app, ["people", "add", "Ann", "--db", url]).exit_code == 0
    nothing = runner.invoke(app, ["people", "edit", "Ann", "--db", url])
    assert nothing.exit_code == 2 and "nothing to change" in nothing.output
    wrong = runner.invoke(app, ["people", "edit", "Ann", "--height-cm", "1.7m", "--db", url])
    assert wrong.exit_code == 2 and wrong.output.startswith("error: --height-cm"), wrong.output
