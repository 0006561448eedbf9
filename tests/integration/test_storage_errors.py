"""Storage failures: nothing a person entered is lost, nothing is written half-way, and every problem
with the database is a ``StorageError`` naming it (exit 2 in the CLI, HTTP 503 in the web app),
never a traceback. A database that cannot be used is never changed.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from backstride.core.errors import StorageError
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
EMPTY = {"assessments": 0, "gait_recordings": 0, "diary_entries": 0, "settings": 0}


@pytest.fixture
def records(database_url: str) -> Iterator[Records]:
    database = Database(database_url).migrate()
    yield Records(database, clock=lambda: NOW)
    database.dispose()


def _driver_error(db: Database, message: str) -> Exception:
    """The driver's own OperationalError (sqlite3 or psycopg), as a failing disk or server raises it."""
    error_class = db.engine.dialect.loaded_dbapi.OperationalError
    return error_class(message)  # type: ignore[no-any-return]


def fail_commits(db: Database, monkeypatch, times: int) -> None:  # noqa: ANN001
    """The next ``times`` commits fail as a failing disk or a lost server makes them fail."""
    real_commit = db.engine.dialect.do_commit
    failures = [_driver_error(db, "disk I/O error") for _ in range(times)]

    def commit(dbapi_connection: Any) -> None:
        if failures:
            raise failures.pop()
        real_commit(dbapi_connection)

    monkeypatch.setattr(db.engine.dialect, "do_commit", commit)


def _walk_bytes() -> bytes:
    from tests.conftest import MOBILISED_LAB

    return (MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv").read_bytes()


def _upload(records: Records) -> Any:
    return records.upload_walk("imu.csv", _walk_bytes(), height_cm=180, acc_unit="m/s^2", gyr_unit="deg/s")


# ------------------------------------------------------------------------------ nothing half-way


def test_a_commit_that_fails_stores_nothing_and_names_the_problem(records: Records, monkeypatch) -> None:
    fail_commits(records.db, monkeypatch, times=1)
    with pytest.raises(StorageError, match="disk I/O error") as caught:
        _upload(records)  # the walk and the height setting: one transaction
    assert str(caught.value).startswith("cannot use the database ")
    assert records.counts() == EMPTY
    walk = _upload(records)  # the write lock was released: the next write works
    assert records.get_walk(walk.id).original_filename == "imu.csv"
    assert records.height_cm() == 180


def test_a_write_that_fails_half_way_leaves_no_partial_rows(records: Records) -> None:
    db = records.db
    records.add_diary_entry(entry_date="2026-11-19", pain_0_10=3, notes="kept")

    def full_disk_on_the_height(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("UPDATE PEOPLE"):
            raise _driver_error(db, "database or disk is full")

    event.listen(db.engine, "before_cursor_execute", full_disk_on_the_height)
    try:
        with pytest.raises(StorageError, match="the disk is full"):
            _upload(records)  # the walk and the person's height are one write: the height's fails
    finally:
        event.remove(db.engine, "before_cursor_execute", full_disk_on_the_height)
    assert records.counts() == {**EMPTY, "diary_entries": 1}
    assert [e.notes for e in records.list_diary_entries()] == ["kept"]


def test_delete_all_that_fails_at_commit_deletes_nothing(records: Records, monkeypatch) -> None:
    records.add_diary_entry(entry_date="2026-11-19", pain_0_10=3)
    records.start_assessment()
    records.people.update(1, height_cm=172)
    fail_commits(records.db, monkeypatch, times=1)
    with pytest.raises(StorageError, match="nothing was saved"):
        records.delete_all()
    assert records.counts() == {"assessments": 1, "gait_recordings": 0, "diary_entries": 1, "settings": 1}


def test_the_api_answers_503_with_the_problem_and_stores_nothing(api, monkeypatch) -> None:
    # the owner at home: read once that there is no password (the first request after start, not yet
    # read, is told plain words: test_storage_error_privacy), so they read the problem's own words
    assert api.get("/api/diary").json() == []
    fail_commits(api.app.state.db, monkeypatch, times=1)
    entry = {"entry_date": "2026-11-19", "pain_0_10": 3, "notes": "bus stop"}
    response = api.post("/api/diary", json=entry)
    assert response.status_code == 503
    assert "disk I/O error" in response.json()["detail"]
    assert api.get("/api/diary").json() == []
    assert api.post("/api/diary", json=entry).status_code == 201  # the same entry, sent again, is kept


# ------------------------------------------------------------------- locked by another process


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    path = tmp_path / "mine.sqlite3"
    database = Database(sqlite_url(path)).migrate()
    Records(database, clock=lambda: NOW).add_diary_entry(entry_date="2026-11-19", pain_0_10=3, notes="kept")
    database.dispose()
    return path


@contextmanager
def write_lock_held_by_another_process(path: Path) -> Iterator[None]:
    """The file's write lock held by another process (as a backup tool or the sqlite3 shell could)."""
    code = (
        "import sqlite3, sys\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('BEGIN EXCLUSIVE')\n"
        "print('locked', flush=True)\n"
        "sys.stdin.read()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


@pytest.fixture
def short_busy_wait(monkeypatch) -> None:
    monkeypatch.setattr("backstride.storage.db.SQLITE_BUSY_TIMEOUT_S", 0.2)  # not 10 s per test


@pytest.fixture
def locked(sqlite_path: Path, short_busy_wait: None) -> Iterator[Path]:
    with write_lock_held_by_another_process(sqlite_path):
        yield sqlite_path


def test_a_database_locked_by_another_program_is_a_clear_busy_error(locked: Path) -> None:
    records = Records(Database(sqlite_url(locked)), clock=lambda: NOW)
    assert [e.notes for e in records.list_diary_entries()] == ["kept"]  # reading still works
    with pytest.raises(StorageError, match=r"it is busy: another program is using it \(database is locked\)"):
        records.add_diary_entry(entry_date="2026-11-19", pain_0_10=4)


def test_the_api_on_a_locked_database_answers_503_and_the_entry_can_be_sent_again(
    sqlite_path: Path, short_busy_wait: None
) -> None:
    from fastapi.testclient import TestClient

    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    entry = {"entry_date": "2026-11-19", "pain_0_10": 4, "notes": "after the lock"}
    with TestClient(create_app(Settings(database_url=sqlite_url(sqlite_path)))) as client:
        with write_lock_held_by_another_process(sqlite_path):
            response = client.post("/api/diary", json=entry)
            assert response.status_code == 503, response.text
            assert "busy" in response.json()["detail"]
        assert client.post("/api/diary", json=entry).status_code == 201
        assert [e["notes"] for e in client.get("/api/diary").json()] == ["kept", "after the lock"]


def test_serve_on_a_locked_database_exits_2_with_the_problem(locked: Path, monkeypatch) -> None:
    result, started = _serve(monkeypatch, sqlite_url(locked))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: cannot use the database ")
    assert "busy" in result.output and "Traceback" not in result.output
    assert started == []


# ------------------------------------------------------ damaged, not ours, newer, read-only files


def _serve(monkeypatch, url: str) -> tuple[Any, list[str]]:  # noqa: ANN001
    from typer.testing import CliRunner

    from backstride.cli.main import app

    started: list[str] = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: started.append("uvicorn"))
    monkeypatch.setattr("backstride.cli.serve_cmd._check_can_listen", lambda host, port: None)
    return CliRunner().invoke(app, ["serve", "--no-browser", "--db", url]), started


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _damaged_copy(path: Path) -> Path:
    """A copy of a real database with pages in the middle overwritten (a failing disk)."""
    database = Database(sqlite_url(path))
    records = Records(database, clock=lambda: NOW)
    for i in range(200):
        records.add_diary_entry(entry_date="2026-11-19", pain_0_10=i % 11, notes="a walk to the shop " * 20)
    database.vacuum()
    database.dispose()
    damaged = path.with_name("damaged.sqlite3")
    shutil.copy(path, damaged)
    data = bytearray(damaged.read_bytes())
    page = 4096
    data[3 * page : 12 * page] = bytes(range(256)) * (9 * page // 256)
    damaged.write_bytes(bytes(data))
    return damaged


def _newer_copy(path: Path) -> Path:
    newer = path.with_name("newer.sqlite3")
    shutil.copy(path, newer)
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_from_a_newer_version'")
    connection.close()
    return newer


def _foreign_database(path: Path) -> Path:
    other = path.with_name("photos.sqlite3")
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO photos (name) VALUES ('holiday.jpg')")
    connection.close()
    return other


def _not_a_database(path: Path) -> Path:
    text = path.with_name("notes.txt")
    text.write_text("my walking notes\n" * 200)
    return text


UNUSABLE_FILES = {
    "damaged": (_damaged_copy, "it is damaged (database disk image is malformed)"),
    "not a database": (_not_a_database, "it is not a database, or it is damaged (file is not a database)"),
    "another program's": (_foreign_database, "it belongs to another program"),
    "newer": (_newer_copy, "a newer version of backstride"),
}


@pytest.mark.parametrize("kind", UNUSABLE_FILES)
def test_an_unusable_database_file_is_named_and_never_changed(
    sqlite_path: Path, kind: str, monkeypatch
) -> None:
    make, problem = UNUSABLE_FILES[kind]
    path = make(sqlite_path)
    before = _fingerprint(path)
    with pytest.raises(StorageError) as caught:
        Database(sqlite_url(path)).migrate()
    message = str(caught.value)
    assert message.startswith(f"cannot use the database sqlite:///{path}: "), message
    assert problem in message and "was not changed" in message, message
    assert _fingerprint(path) == before

    result, started = _serve(monkeypatch, sqlite_url(path))
    assert result.exit_code == 2 and started == [], result.output
    assert result.output.startswith("error: cannot use the database ") and problem in result.output
    assert "Traceback" not in result.output
    assert _fingerprint(path) == before


def test_the_web_app_refuses_to_start_on_a_newer_database(sqlite_path: Path) -> None:
    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    newer = _newer_copy(sqlite_path)
    with pytest.raises(StorageError, match="0099_from_a_newer_version"):
        create_app(Settings(database_url=sqlite_url(newer)))


def test_a_newer_database_is_refused_on_both_databases(records: Records) -> None:
    db = records.db
    with db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0099_from_a_newer_version'")
    with pytest.raises(StorageError, match="was made by a newer version of backstride") as caught:
        db.migrate()
    assert "0099_from_a_newer_version" in str(caught.value)
    from backstride.storage.migrate import current_revision

    assert current_revision(db.engine) == "0099_from_a_newer_version"


def test_a_damaged_file_found_while_running_is_a_storage_error(sqlite_path: Path) -> None:
    damaged = _damaged_copy(sqlite_path)
    records = Records(Database(sqlite_url(damaged)), clock=lambda: NOW)
    with pytest.raises(StorageError, match="it is damaged"):
        records.list_diary_entries()


def test_a_read_only_database_is_named_at_start(sqlite_path: Path, monkeypatch) -> None:
    before = _fingerprint(sqlite_path)
    read_only = f"sqlite:///file:{sqlite_path}?mode=ro&uri=true"
    with pytest.raises(StorageError, match=r"it is read-only \(attempt to write a readonly database\)"):
        Database(read_only).migrate()
    result, started = _serve(monkeypatch, read_only)
    assert result.exit_code == 2 and started == [], result.output
    assert "it is read-only" in result.output and "Traceback" not in result.output
    assert _fingerprint(sqlite_path) == before


def test_a_database_that_became_read_only_is_named_at_the_write(sqlite_path: Path) -> None:
    read_only = f"sqlite:///file:{sqlite_path}?mode=ro&uri=true"
    records = Records(Database(read_only), clock=lambda: NOW)
    assert [e.notes for e in records.list_diary_entries()] == ["kept"]
    with pytest.raises(StorageError, match="it is read-only"):
        records.add_diary_entry(entry_date="2026-11-19", pain_0_10=4)


@pytest.mark.postgres
def test_a_read_only_postgresql_database_is_named_at_start(postgres_url: str) -> None:
    Database(postgres_url).migrate().dispose()
    read_only = postgres_url + "%20-cdefault_transaction_read_only%3Don"
    with pytest.raises(StorageError, match="it is read-only"):
        Database(read_only).migrate()


@pytest.mark.postgres
def test_a_postgresql_user_that_may_only_read_is_named_through_the_python_api(postgres_url: str) -> None:
    """A PostgreSQL user given SELECT alone (a read-only role): each use case that writes raises the
    project's own ``StorageError`` in plain words, naming the user and what to grant, and saves nothing;
    reading still works. What was found: the command line refused it at start, while ``Records`` let
    SQLAlchemy's ProgrammingError out ("(psycopg.errors.InsufficientPrivilege) permission denied for
    table assessments [SQL: INSERT INTO ...]"), which PostgreSQL raises for a right not granted."""
    owner = Database(postgres_url).migrate()
    Records(owner, clock=lambda: NOW).add_diary_entry(entry_date="2026-11-19", pain_0_10=4)
    owner.dispose()
    with read_only_user(postgres_url) as (reader, name, schema):
        db = Database(reader)
        try:
            records = Records(db, clock=lambda: NOW)
            assert [e.pain_0_10 for e in records.list_diary_entries()] == [4]  # reading still works
            for write in (
                lambda: records.add_diary_entry(entry_date="2026-11-20", pain_0_10=3),
                lambda: records.start_assessment("person"),
            ):
                with pytest.raises(StorageError) as caught:
                    write()
                said = str(caught.value)
                assert f"the database user {name} may read it but not change it" in said, said
                assert "permission denied for table" in said and "nothing was saved" in said, said
                assert "GRANT SELECT, INSERT, UPDATE, DELETE" in said and "[SQL" not in said, said
                # the schema its tables are in (the URL's search_path), never PostgreSQL's default "public"
                assert f"ON ALL TABLES IN SCHEMA {schema} TO {name};" in said, said
                assert f"ON ALL SEQUENCES IN SCHEMA {schema} TO {name};" in said and "public" not in said, (
                    said
                )
                assert "a file in a folder" not in said, said  # a file's words, not a database user's
            with pytest.raises(StorageError, match=f"the database user {name} may read it but not change it"):
                Database(db.url).migrate()  # the command line's check at start says the same
            assert [e.pain_0_10 for e in records.list_diary_entries()] == [4]  # nothing was saved
        finally:
            db.dispose()


@contextmanager
def read_only_user(postgres_url: str) -> Iterator[tuple[str, str, str]]:
    """A new PostgreSQL user given SELECT alone on the tables of ``postgres_url``'s schema (a read-only
    role): its URL, its name and the schema's; dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(postgres_url)
    schema = str(url.query["options"]).rsplit("=", 1)[1]
    name = f"reader_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(query={}), isolation_level="AUTOCOMMIT")
    with admin.connect() as sql:
        sql.execute(text(f"CREATE ROLE {name} LOGIN"))
        sql.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO {name}'))
        sql.execute(text(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {name}'))
    try:
        yield url.set(username=name, password=None).render_as_string(False), name, schema
    finally:
        with admin.connect() as sql:
            sql.execute(text(f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM {name}'))
            sql.execute(text(f'REVOKE ALL ON SCHEMA "{schema}" FROM {name}'))
            sql.execute(text(f"DROP ROLE IF EXISTS {name}"))
        admin.dispose()


def test_the_pages_on_a_locked_database_keep_what_was_typed_and_say_it_is_not_the_persons_fault(
    sqlite_path: Path, short_busy_wait: None
) -> None:
    from fastapi.testclient import TestClient

    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    typed = {"entry_date": "2026-11-19", "pain_0_10": "4", "notes": "walked to the bakery"}
    with TestClient(create_app(Settings(database_url=sqlite_url(sqlite_path)))) as client:
        with write_lock_held_by_another_process(sqlite_path):
            diary = client.post("/diary", data=typed, follow_redirects=False)
            check = client.post("/check", data={"mode": "person"}, follow_redirects=False)
        assert "walked to the bakery" in diary.text and "busy" in diary.text  # the form, filled in again
        assert check.status_code == 503 and "busy" in check.text
        assert "Something was not right" not in check.text
        assert client.post("/diary", data=typed, follow_redirects=False).status_code == 303  # sent again


def test_a_database_server_gone_while_running_is_a_storage_error_naming_it() -> None:
    records = Records(Database("postgresql://u:secret@127.0.0.1:1/x"), clock=lambda: NOW)  # never migrated
    with pytest.raises(StorageError, match="Connection refused") as caught:
        records.add_diary_entry(entry_date="2026-11-19", pain_0_10=4)
    assert "secret" not in str(caught.value) and str(caught.value).endswith("nothing was saved")
    with pytest.raises(StorageError, match="Connection refused"):
        records.list_diary_entries()


def test_a_folder_that_cannot_be_written_is_named_in_plain_words(tmp_path: Path) -> None:
    from backstride.storage.db import storage_error

    refused = PermissionError(13, "Permission denied", str(tmp_path / "locked-away"))
    message = str(storage_error(sqlite_url(tmp_path / "locked-away" / "b.sqlite3"), refused))
    assert "it cannot be opened or written here ([Errno 13] Permission denied" in message
    with pytest.raises(
        StorageError, match=r"cannot be opened or written here \(unable to open database file\)"
    ):
        Database(sqlite_url(tmp_path)).migrate()  # a folder, not a file
