"""Storage on SQLite and PostgreSQL: migrations, transactions, diary records, export and delete-all.

Every test here runs twice (``database_url`` is parametrized), once per database.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import inspect, select
from tests.integration.test_storage_ids import head_revision

from backstride.core.errors import InputError, NotFoundError
from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.storage.migrate import current_revision
from backstride.storage.models import Assessment, Base, DiaryEntry, GaitRecording

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
TABLES = {"assessments", "gait_recordings", "diary_entries", "settings", "alembic_version"}


@pytest.fixture
def db(database_url: str):
    database = Database(database_url).migrate()
    yield database
    database.dispose()


@pytest.fixture
def records(db: Database) -> Records:
    return Records(db, clock=lambda: NOW)


def _walk_row(**overrides):
    values = dict(
        person_id=1,  # "Me", made by migration 0004
        original_filename="walk.csv",
        source_format="csv",
        size_bytes=10,
        sha256="0" * 64,
        height_cm=None,
        result={"walking_bouts": []},
        findings={},
        gait_factor_codes=[],
        algorithm_parameters={"min_bout_steps": 4},
        package_version="0.1.0",
        created_at=NOW,
    )
    values.update(overrides)
    return GaitRecording(**values)


def test_migrations_create_every_table_and_match_the_models(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    assert TABLES <= set(inspect(db.engine).get_table_names())
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_migrations_go_down_to_nothing_and_up_again(db: Database) -> None:
    from backstride.storage.migrate import downgrade_to

    downgrade_to(db.engine, "base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    assert current_revision(db.engine) is None
    db.migrate()
    assert TABLES <= set(inspect(db.engine).get_table_names())


def test_migrating_twice_changes_nothing_and_keeps_data(db: Database, records: Records) -> None:
    entry = records.add_diary_entry(entry_date="2026-11-19", pain_0_10=4)
    db.migrate()
    assert records.get_diary_entry(entry.id).pain_0_10 == 4
    assert current_revision(db.engine) == head_revision()


def test_a_diary_entry_round_trips_with_its_types(records: Records) -> None:
    saved = records.add_diary_entry(
        entry_date=date(2026, 11, 18), pain_0_10=7, walking_tolerance_min=12.5, notes="  Bus stop and back ✓ "
    )
    again = records.get_diary_entry(saved.id)
    assert again.entry_date == date(2026, 11, 18)
    assert again.pain_0_10 == 7
    assert again.walking_tolerance_min == 12.5
    assert again.notes == "Bus stop and back ✓"
    assert again.created_at == NOW and again.created_at.tzinfo is not None


def test_diary_update_list_range_and_delete(records: Records) -> None:
    a = records.add_diary_entry(entry_date="2026-11-10", pain_0_10=6, walking_tolerance_min=5)
    b = records.add_diary_entry(entry_date="2026-11-15", pain_0_10=5)
    records.add_diary_entry(entry_date="2026-11-19", pain_0_10=3, walking_tolerance_min=15)
    records.update_diary_entry(b.id, entry_date="2026-11-16", pain_0_10=4, walking_tolerance_min=9, notes="x")
    in_range = records.list_diary_entries(start=date(2026, 11, 11), end=date(2026, 11, 18))
    assert [(e.entry_date, e.pain_0_10, e.walking_tolerance_min) for e in in_range] == [
        (date(2026, 11, 16), 4, 9.0)
    ]
    records.delete_diary_entry(a.id)
    assert [e.entry_date.day for e in records.list_diary_entries()] == [16, 19]
    with pytest.raises(NotFoundError, match=f"diary entry {a.id} does not exist"):
        records.get_diary_entry(a.id)


def test_a_rejected_entry_stores_nothing(records: Records) -> None:
    with pytest.raises(InputError, match="pain_0_10"):
        records.add_diary_entry(entry_date="2026-11-19", pain_0_10=12)
    with pytest.raises(InputError, match="in the future"):
        records.add_diary_entry(entry_date="2026-12-25", pain_0_10=2)
    assert records.list_diary_entries() == []


def test_an_error_inside_a_transaction_leaves_no_half_record(db: Database, records: Records) -> None:
    with pytest.raises(RuntimeError), db.session(write=True) as session:
        session.add(_walk_row())
        session.flush()  # the row reached the database inside the transaction ...
        session.add(
            DiaryEntry(
                person_id=1,
                entry_date=date(2026, 11, 1),
                pain_0_10=3,
                notes="",
                created_at=NOW,
                updated_at=NOW,
            )
        )
        session.flush()
        raise RuntimeError("crash half-way")
    # ... and is gone with the rollback, together with the other write
    assert records.counts() == {"assessments": 0, "gait_recordings": 0, "diary_entries": 0, "settings": 0}


def test_json_columns_keep_answers_in_order_with_nulls_and_numbers(db: Database) -> None:
    answers = {
        "worse_walking": True,
        "age_years": 71,
        "pain_leg": "below_knee",
        "fever": None,
        "height_cm": 172.5,
    }
    with db.session(write=True) as session:
        row = Assessment(
            person_id=1,
            mode="person",
            answers=answers,
            package_version="0.1.0",
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(row)
        session.flush()
        row_id = row.id
    with db.session() as session:
        stored = session.get(Assessment, row_id)
        assert stored is not None
        assert list(stored.answers.items()) == list(answers.items())


def test_deleting_a_walk_keeps_the_assessment_that_used_it(db: Database) -> None:
    with db.session(write=True) as session:
        walk = _walk_row()
        session.add(walk)
        session.flush()
        session.add(
            Assessment(
                person_id=1,
                mode="person",
                answers={},
                package_version="0.1.0",
                gait_recording_id=walk.id,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    records = Records(db, clock=lambda: NOW)
    records.delete_walk(walk.id)
    with db.session() as session:
        assessment = session.scalars(select(Assessment)).one()
        assert assessment.gait_recording_id is None  # foreign key ON DELETE SET NULL, on both databases


def test_a_foreign_key_to_a_missing_walk_is_refused(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.session(write=True) as session:
        session.add(
            Assessment(
                person_id=1,
                mode="person",
                answers={},
                package_version="0.1.0",
                gait_recording_id=999,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    with db.session() as session:
        assert session.scalars(select(Assessment)).all() == []


def test_concurrent_writers_lose_no_entry(records: Records) -> None:
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for i in range(10):
                records.add_diary_entry(
                    entry_date="2026-11-19", pain_0_10=(worker + i) % 11, notes=f"{worker}-{i}"
                )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    notes = sorted(e.notes for e in records.list_diary_entries())
    assert notes == sorted(f"{w}-{i}" for w in range(6) for i in range(10))


def test_export_holds_everything_and_delete_all_removes_it(db: Database, records: Records) -> None:
    records.add_diary_entry(entry_date="2026-11-19", pain_0_10=3, walking_tolerance_min=20, notes="good day")
    records.people.update(1, height_cm=172)  # the height last used for a walk
    with db.session(write=True) as session:
        session.add(_walk_row(algorithm_parameters={"min_bout_steps": 4, "height_cm": 172}))

    document = json.loads(json.dumps(records.export_all()))  # plain JSON all the way down
    assert document["format"] == "backstride-export"
    assert document["package_version"]
    assert [e["notes"] for e in document["diary_entries"]] == ["good day"]
    assert document["gait_recordings"][0]["algorithm_parameters"] == {"min_bout_steps": 4, "height_cm": 172}
    assert document["gait_recordings"][0]["package_version"] == "0.1.0"
    assert document["settings"] == {"height_cm": 172}
    assert document["person"] == {
        "label": "Me",
        "height_cm": 172,
        "name": None,
        "birth_date": None,
        "gender": None,
        "mrn": None,
        "mrn_system": None,
    }

    records.answer(records.start_assessment().id, {"age_years": 64})
    assert records._question_cache  # the next question for these answers, kept in memory
    deleted = records.delete_all()
    assert deleted == {
        "assessments": 1,
        "gait_recordings": 1,
        "diary_entries": 1,
        "everyday_days": 0,
        "settings": 1,
    }
    assert len(records._question_cache) == 0  # answers are not kept in memory either
    assert records.counts() == {"assessments": 0, "gait_recordings": 0, "diary_entries": 0, "settings": 0}
    empty = records.export_all()
    assert empty["diary_entries"] == [] and empty["gait_recordings"] == [] and empty["settings"] == {}


def test_delete_all_leaves_no_trace_in_the_sqlite_file(tmp_path) -> None:
    from backstride.storage.db import sqlite_url

    path = tmp_path / "private.sqlite3"
    db = Database(sqlite_url(path)).migrate()
    records = Records(db, clock=lambda: NOW)
    secret = "zebra-unicorn-note-4711"
    records.add_diary_entry(entry_date="2026-11-19", pain_0_10=3, notes=secret)
    records.delete_all()
    db.dispose()
    on_disk = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("private.sqlite3"))
    assert secret.encode() not in on_disk


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path) -> None:
    from backstride.storage.db import sqlite_url

    db = Database(sqlite_url(tmp_path / "x.sqlite3")).migrate()  # WAL is kept in the file from then on
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    db.dispose()


def test_no_engine_is_made_at_import_and_the_default_is_a_file_in_user_data(monkeypatch, tmp_path) -> None:
    import backstride.storage.db as dbmod

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr("platformdirs.user_data_dir", lambda app: str(tmp_path / app))
    assert dbmod.default_database_url() == f"sqlite:///{tmp_path / 'backstride' / 'backstride.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@localhost:5/x")
    assert dbmod.default_database_url() == "postgresql://u@localhost:5/x"
    assert Database("postgres://u@localhost:5/x").url.startswith("postgresql+psycopg://")
    assert not any(isinstance(v, dbmod.Engine) for v in vars(dbmod).values())


def test_a_malformed_database_url_is_an_input_error() -> None:
    with pytest.raises(InputError, match="database URL"):
        Database("not a url at all")


def _unusable_database_urls(tmp_path) -> list[tuple[str, str]]:
    """URLs that name no usable database, with the problem the message must name."""
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a database\n")
    return [
        ("notaurl://x", "this kind of database is not known"),
        ("mysql://u@127.0.0.1:1/x", "driver (MySQLdb) is not installed"),
        ("postgresql://u:secret@127.0.0.1:1/x", "Connection refused"),
        (f"sqlite:///{tmp_path}", "unable to open database file"),
        (f"sqlite:///{text_file}", "file is not a database"),
    ]


def test_a_database_that_cannot_be_used_is_a_storage_error_naming_it(tmp_path) -> None:
    from backstride.core.errors import StorageError

    for url, problem in _unusable_database_urls(tmp_path):
        with pytest.raises(StorageError) as caught:
            Database(url).migrate()
        message = str(caught.value)
        assert isinstance(caught.value, InputError)
        assert problem in message, (url, message)
        assert url.split("://", 1)[1].replace("u:secret@", "u:***@") in message, message
        assert "secret" not in message


def test_the_web_app_gets_the_same_storage_error(tmp_path) -> None:
    from backstride.core.errors import StorageError
    from backstride.web.app import create_app, status_for
    from backstride.web.settings import Settings

    with pytest.raises(StorageError, match="file is not a database"):
        create_app(Settings(database_url=_unusable_database_urls(tmp_path)[-1][0]))
    assert status_for(StorageError("cannot use the database x")) == 503


def test_a_walk_file_over_2_gb_keeps_its_size(db: Database) -> None:
    # size_bytes was 32-bit on PostgreSQL: a 3 GB upload (allowed with BACKSTRIDE_MAX_UPLOAD_MB) failed
    # on insert after the whole analysis (migration 0003)
    three_gb = 3 * 2**30
    with db.session(write=True) as session:
        session.add(_walk_row(size_bytes=three_gb))
    with db.session() as session:
        assert session.scalars(select(GaitRecording.size_bytes)).one() == three_gb


def test_an_uploaded_walk_keeps_its_result_parameters_and_versions(records: Records) -> None:
    from tests.conftest import MOBILISED_LAB

    path = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
    walk = records.upload_walk(
        "imu.csv", path.read_bytes(), height_cm=180, acc_unit="m/s^2", gyr_unit="deg/s"
    )
    again = records.get_walk(walk.id)
    assert again.result == walk.result and again.result["walking_bouts"]
    assert again.algorithm_parameters == walk.algorithm_parameters
    assert again.algorithm_parameters["height_cm"] == 180
    assert again.algorithm_parameters["reader"] == {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}
    assert again.package_version == walk.package_version != ""
    assert again.created_at == NOW


def test_a_walk_that_cannot_be_read_stores_nothing(records: Records) -> None:
    from backstride.core.errors import RecordingError

    with pytest.raises(RecordingError, match="notes.txt"):
        records.upload_walk("notes.txt", b"just some words, no sensor data\n")
    assert records.list_walks() == []


def test_a_result_computed_while_an_answer_arrives_is_computed_again(records: Records, monkeypatch) -> None:
    started = records.start_assessment()
    records.answer(started.id, {"urinary_retention": False})
    real_assess = Records._assess
    seen: list[dict] = []

    def racing(answers, gait_findings, gait_factors, mode="person"):  # noqa: ANN001
        seen.append(dict(answers))
        if len(seen) == 1:  # another tab answers while the first result is being computed
            records.answer(started.id, {"urinary_retention": True, "saddle_numbness": True})
        return real_assess(answers, gait_findings, gait_factors, mode)

    monkeypatch.setattr(Records, "_assess", staticmethod(racing))
    view = records.result(started.id)
    assert len(seen) == 2 and seen[1]["urinary_retention"] is True
    assert view.result["disposition"] == "emergency"
    assert records.result(started.id).result == view.result  # and that is what was stored


def test_a_result_stored_before_the_examination_note_is_worked_out_again(
    records: Records, db: Database
) -> None:
    view = records.start_assessment("person")
    records.answer(view.id, {"age_years": 34, "pain_low_back": True, "pain_leg": "none"})
    note = records.result(view.id).result["examination_note"]
    assert note["shown"][0] == "exam_si_provocation_3plus"
    with db.session(write=True) as session:  # as an earlier version stored it: no note
        row = session.get(Assessment, view.id)
        row.result = {k: v for k, v in row.result.items() if k != "examination_note"}
    assert records.result(view.id).result["examination_note"] == note
