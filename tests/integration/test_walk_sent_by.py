"""Who sent each walk is kept (migration 0015) and said on its page, in the report and in the exports,
as the activity list names who acted: the staff member signed in by name, else that none was named
(SQLite and PostgreSQL). A walk kept before, and one restored from a file of format 10 or older, says
it was not recorded; the JSON export carries it (format 11) and a restore keeps it.

What was found (2026-11-27): nothing kept who sent a walk; in a clinic a clinician sends walks for the
person, and the report could only say "backstride does not keep who recorded or sent each walk".
"""

from __future__ import annotations

import csv
import io
import json

from fastapi.testclient import TestClient
from sqlalchemy import MetaData, Table, insert, inspect, text
from tests.integration.test_api_walks import IMU_CSV, UNITS
from tests.integration.test_storage_ids import _walk

from backstride.core.acting import acting
from backstride.services.access import Access
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.services.sharing import make_export
from backstride.storage.db import Database
from backstride.storage.migrate import alembic_config, current_revision, downgrade_to
from backstride.web.app import create_app
from backstride.web.report import render_report
from backstride.web.settings import Settings

SHARED = "a clinic's shared password"
BY_STAFF = "Sent by Dr Lee, on a page."
BY_THEM = "Sent through the API, with no staff member signed in by name."
NOT_RECORDED = "Who sent it was not recorded: it was sent before backstride kept that."


def _send(records: Records) -> int:
    return records.upload_walk("imu.csv", IMU_CSV.read_bytes(), **UNITS).id


def test_a_staff_member_and_the_person_are_named_on_the_page_the_report_and_the_exports(
    database_url: str,
) -> None:
    # a clinic: its shared password (who sent a walk is said with staff in it only where there is a sign-in)
    Access(Database(database_url).migrate()).set_password(SHARED)
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        client.auth = ("", SHARED)
        response = client.post("/api/walks", files={"file": ("imu.csv", IMU_CSV.read_bytes())}, data=UNITS)
        assert response.status_code == 201, response.text
        theirs = response.json()
        assert (theirs["sent_via"], theirs["sent_by"]) == ("API", None)
        records = Records(Database(database_url))
        with acting("page", "10.0.0.5", staff="Dr Lee"):  # as the web app says who acts
            staff = records.upload_walk(
                "imu.csv", IMU_CSV.read_bytes(), height_cm=170, **UNITS
            ).id  # another height: not the same walk again
        assert BY_STAFF in client.get(f"/walks/{staff}").text
        assert BY_THEM in client.get(f"/walks/{theirs['id']}").text
    report = render_report(records)
    assert BY_STAFF in report  # the latest walk, in full
    for sender in ("Dr Lee", "no staff member named"):  # the walks table
        assert f'<td data-label="Sent by">{sender}</td>' in report
    walks = {w["id"]: w for w in records.export_all(note_download=False)["gait_recordings"]}
    assert (walks[staff]["sent_via"], walks[staff]["sent_by"]) == ("page", "Dr Lee")
    assert (walks[theirs["id"]]["sent_via"], walks[theirs["id"]]["sent_by"]) == ("API", None)
    rows = {int(r["walk_id"]): r for r in csv.DictReader(io.StringIO(make_export(records, "walks").text))}
    assert (rows[staff]["sent_via"], rows[staff]["sent_by"]) == ("page", "Dr Lee")
    records.db.dispose()


def test_the_upgrade_keeps_every_walk_and_says_who_sent_it_was_not_recorded(database_url: str) -> None:
    from alembic import command

    db = Database(database_url)
    with db.engine.begin() as connection:
        config = alembic_config(db.engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "0014_person_identity")
    with db.engine.begin() as connection:
        me = connection.execute(text("SELECT id FROM people")).scalar_one()  # "Me", made with it (0004)
        table = Table("gait_recordings", MetaData(), autoload_with=connection)  # as 0014 made it
        connection.execute(insert(table).values(person_id=me, **{**_walk(), "result": {"walking_bouts": []}}))
    db.migrate()
    records = Records(db)
    (walk,) = records.list_walks()
    assert walk.original_filename == "walk.csv" and (walk.sent_via, walk.sent_by) == (None, None)
    assert walk.sent_by_words == NOT_RECORDED
    (exported,) = records.export_all(note_download=False)["gait_recordings"]
    assert exported["sent_via"] is None and exported["sent_by"] is None
    downgrade_to(db.engine, "0014_person_identity")
    assert current_revision(db.engine) == "0014_person_identity"
    columns = {c["name"] for c in inspect(db.engine).get_columns("gait_recordings")}
    assert not {"sent_via", "sent_by"} & columns
    db.migrate()
    assert [w.original_filename for w in Records(db).list_walks()] == ["walk.csv"]
    db.dispose()


def test_a_restore_keeps_who_sent_it_and_reads_a_file_of_format_10_without_it(database_url: str) -> None:
    db = Database(database_url).migrate()
    records = Records(db)
    with acting("page", staff="Dr Lee"):
        _send(records)
    document = records.export_all(note_download=False)
    assert document["format_version"] == 13
    records.delete_all()
    restore_export(records, json.dumps(document))
    (back,) = records.list_walks()
    assert (back.sent_via, back.sent_by) == ("file", "Dr Lee")  # the name as written, the file's word
    older = json.loads(json.dumps(document))  # a file of format 10: no sent_via, no sent_by
    older["format_version"] = 10
    for w in older["gait_recordings"]:
        del w["sent_via"], w["sent_by"]
    records.delete_all()
    restore_export(records, json.dumps(older))
    (old,) = records.list_walks()
    assert (old.sent_via, old.sent_by) == (None, None) and old.sent_by_words == NOT_RECORDED
    db.dispose()
