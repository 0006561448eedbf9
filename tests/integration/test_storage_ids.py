"""Ids are never reused, and a database made by an older version migrates with every row and link.

A clinician who wrote down "check 12", or a bookmark to a walk, must never show another item after
the newest one was deleted. Every test runs on SQLite and on PostgreSQL (``database_url``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, Table, insert, inspect, text

from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.storage.migrate import alembic_config, current_revision
from backstride.storage.models import (
    Assessment,
    Base,
    DiaryEntry,
    GaitRecording,
    Setting,
    walk_duplicate_key,
)

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
PREVIOUS_HEAD = "0001_initial"  # the schema the first release wrote
ID_TABLES = ("assessments", "gait_recordings", "diary_entries")


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _walk(name: str = "walk.csv") -> dict[str, Any]:
    return dict(
        original_filename=name,
        source_format="csv",
        size_bytes=10,
        sha256="0" * 64,
        height_cm=172.5,
        result={"walking_bouts": [{"steps": 12}]},
        findings={"gait_slow": True},
        gait_factor_codes=["slow_walking"],
        algorithm_parameters={"min_bout_steps": 4},
        package_version="0.1.0",
        created_at=NOW,
    )


def _assessment(walk_id: int | None) -> dict[str, Any]:
    return dict(
        mode="person",
        answers={"worse_walking": True, "age_years": 71, "fever": None},
        result={"disposition": "routine"},
        disposition="routine",
        knowledge_version="k1",
        package_version="0.1.0",
        gait_recording_id=walk_id,
        created_at=NOW,
        updated_at=NOW,
    )


def _diary(day: int) -> dict[str, Any]:
    return dict(
        entry_date=date(2026, 11, day),
        pain_0_10=day % 11,
        walking_tolerance_min=12.5,
        notes=f"day {day} ✓",
        created_at=NOW,
        updated_at=NOW,
    )


def make_previous_version_database(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """A database at the previous head, filled as the first release would: walks, assessments
    linked to them (several to one walk), one not linked, diary entries and settings. Returns
    ``everything`` in it."""
    from alembic import command

    db = Database(url)
    with db.engine.begin() as connection:
        config = alembic_config(db.engine)
        config.attributes["connection"] = connection
        command.upgrade(config, PREVIOUS_HEAD)
    # ids as the first release gave them (by the database, in order), so 1, 2, 3 ...
    walks = [_walk(name=name) for name in ("a.csv", "b.csv", "c.csv")]
    links = [1, 1, 3, None, 2]
    with db.engine.begin() as connection:
        for model, rows in (
            (GaitRecording, walks),
            (Assessment, [_assessment(walk_id) for walk_id in links]),
            (DiaryEntry, [_diary(day) for day in (3, 9, 17)]),
            (Setting, [{"key": "height_cm", "value": 172.5}, {"key": "x", "value": [1]}]),
        ):
            # the table as the first release made it: today's model adds defaults for newer columns
            table = Table(model.__tablename__, MetaData(), autoload_with=connection)
            for row in rows:
                connection.execute(insert(table).values(**row))
    assert current_revision(db.engine) == PREVIOUS_HEAD
    rows = everything(db.engine)
    db.dispose()
    return rows


# the columns added after the first release that ``everything`` leaves out (see its docstring)
ADDED_LATER = (
    "person_id",
    "tried",
    "finished_at",
    "duplicate_key",
    "sent_via",
    "sent_by",
    "started_via",
    "started_by",
    "form_token",
    "complete_mark",
)


def everything(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, as the database returns it (no ORM conversion), in the first
    release's columns (``person_id``, added by migration 0004, is left out: see ``moved_height``;
    ``tried``, added by 0009 as ``[]`` for every day kept before: test_diary_tried_storage;
    ``finished_at``, added by 0011 as null for every check kept before; and ``duplicate_key``, added
    by 0013: below and test_walk_duplicate_key; ``sent_via`` and ``sent_by``, added by 0015 as null for
    every walk kept before: below and test_walk_sent_by; ``started_via`` and ``started_by``, added by
    0016 as null for every check kept before: below and test_check_started_by; ``form_token``, added by
    0017 as null for every diary day kept before: test_diary_sent_twice; ``complete_mark``, added by 0018
    as null for every check kept before: test_check_complete_mark)."""
    keys = {"settings": "key"}
    with engine.connect() as connection:
        return {
            table: [
                tuple(value for column, value in row.items() if column not in ADDED_LATER)
                for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY {key}")).mappings()
            ]
            for table in (*ID_TABLES, "settings")
            for key in [keys.get(table, "id")]
        }


def moved_height(rows: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    """``rows`` of a first-release database as the current one keeps them: the height last used is the
    first person's now (migration 0004), no longer a setting."""
    return {**rows, "settings": [row for row in rows["settings"] if row[0] != "height_cm"]}


def assert_all_belong_to_the_first_person(engine: Engine, height_cm: float | None) -> None:
    with engine.connect() as connection:
        assert connection.execute(text("SELECT id, label, height_cm FROM people")).all() == [
            (1, "Me", height_cm)
        ]
        for table in ID_TABLES:
            owners = connection.execute(text(f"SELECT DISTINCT person_id FROM {table}")).scalars().all()
            assert owners == [1], table


def _delete_newest_then_add(db: Database) -> None:
    """Delete the newest assessment, walk and diary entry; the next of each gets a higher id."""
    records = Records(db, clock=lambda: NOW)
    newest_check = records.start_assessment()
    records.delete_assessment(newest_check.id)
    assert records.start_assessment().id > newest_check.id

    newest_entry = records.add_diary_entry(entry_date="2026-11-19", pain_0_10=4)
    records.delete_diary_entry(newest_entry.id)
    assert records.add_diary_entry(entry_date="2026-11-19", pain_0_10=5).id > newest_entry.id

    with db.session(write=True) as session:
        newest_walk = GaitRecording(**_walk(), person_id=1)
        session.add(newest_walk)
    records.delete_walk(newest_walk.id)
    with db.session(write=True) as session:
        next_walk = GaitRecording(**_walk(), person_id=1)
        session.add(next_walk)
    assert next_walk.id > newest_walk.id


def test_a_fresh_database_never_reuses_the_id_of_a_deleted_newest_item(database_url: str) -> None:
    db = Database(database_url).migrate()
    _delete_newest_then_add(db)
    db.dispose()


def test_ids_keep_growing_after_delete_all(database_url: str) -> None:
    db = Database(database_url).migrate()
    records = Records(db, clock=lambda: NOW)
    before = records.add_diary_entry(entry_date="2026-11-19", pain_0_10=4)
    records.delete_all()
    assert records.add_diary_entry(entry_date="2026-11-19", pain_0_10=4).id > before.id
    db.dispose()


def test_a_previous_version_database_migrates_with_every_row_and_link(database_url: str) -> None:
    rows_before = make_previous_version_database(database_url)
    assert [row[7] for row in rows_before["assessments"]] == [1, 1, 3, None, 2]  # the links

    db = Database(database_url).migrate()
    assert current_revision(db.engine) == head_revision() != PREVIOUS_HEAD
    assert everything(db.engine) == moved_height(rows_before)
    with db.engine.connect() as connection:  # when each was finished is not known (0011)
        assert connection.execute(text("SELECT DISTINCT finished_at FROM assessments")).all() == [(None,)]
        # who sent each walk is not known (0015): every walk kept, none said to be sent by anyone
        sent = connection.execute(text("SELECT DISTINCT sent_via, sent_by FROM gait_recordings")).all()
        assert sent == [(None, None)]
        # who started each check is not known (0016): every check kept, none said to be started by anyone
        started = connection.execute(text("SELECT DISTINCT started_via, started_by FROM assessments")).all()
        assert started == [(None, None)]
        # the three walks are one file read the same way (0013): the first keeps the key, none is lost
        keys = connection.execute(text("SELECT duplicate_key FROM gait_recordings ORDER BY id")).scalars()
        assert list(keys) == [walk_duplicate_key("0" * 64, {"min_bout_steps": 4}, 172.5), None, None]
    assert_all_belong_to_the_first_person(db.engine, 172.5)
    records = Records(db, clock=lambda: NOW)
    assert records.get_assessment(5).to_dict()["id"] == 5
    assert records.height_cm() == 172.5
    assert records.get_setting("x") == [1]
    _delete_newest_then_add(db)
    db.dispose()


def test_a_migrated_database_matches_the_models(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    make_previous_version_database(database_url)
    db = Database(database_url).migrate()
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    assert sorted(ix["name"] for ix in inspect(db.engine).get_indexes("diary_entries")) == [
        "ix_diary_entries_entry_date",
        "ix_diary_entries_person_id",
        "uq_diary_entries_person_id_form_token",  # 0017: the same form sent twice is stored once
    ]
    db.dispose()


def test_deleting_a_walk_still_unlinks_it_after_migration(database_url: str) -> None:
    make_previous_version_database(database_url)
    db = Database(database_url).migrate()
    Records(db, clock=lambda: NOW).delete_walk(1)
    links = [row[7] for row in everything(db.engine)["assessments"]]
    assert links == [None, None, 3, None, 2]  # ON DELETE SET NULL survived the rebuild
    db.dispose()


# ------------------------------------------------------------------------------------------ SQLite


def _sqlite_schema(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        return {name: sql for name, sql in rows}


@pytest.fixture
def sqlite_file_url(tmp_path) -> str:
    from backstride.storage.db import sqlite_url

    return sqlite_url(tmp_path / "old.sqlite3")


def test_sqlite_tables_use_autoincrement_fresh_and_migrated(sqlite_file_url: str, tmp_path) -> None:
    from backstride.storage.db import sqlite_url

    make_previous_version_database(sqlite_file_url)
    fresh = Database(sqlite_url(tmp_path / "fresh.sqlite3")).migrate()
    migrated = Database(sqlite_file_url).migrate()
    for db in (fresh, migrated):
        schema = _sqlite_schema(db.engine)
        for table in (*ID_TABLES, "people"):
            assert "AUTOINCREMENT" in schema[table], schema[table]
        assert not any(name.startswith("_alembic_tmp") for name in schema)
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # on again after
        db.dispose()


def test_sqlite_migration_keeps_foreign_keys_on_for_the_pooled_connection(sqlite_file_url: str) -> None:
    make_previous_version_database(sqlite_file_url)
    db = Database(sqlite_file_url).migrate()
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.session(write=True) as session:
        session.add(Assessment(**_assessment(999), person_id=1))
    db.dispose()


def test_a_migration_that_fails_half_way_leaves_the_old_database_as_it_was(
    sqlite_file_url: str, monkeypatch
) -> None:
    from alembic.operations import Operations

    before = make_previous_version_database(sqlite_file_url)
    real_batch = Operations.batch_alter_table
    rebuilt: list[str] = []

    def fail_on_the_second_table(self, table_name, *args, **kwargs):  # noqa: ANN001, ANN202
        rebuilt.append(table_name)
        if len(rebuilt) == 2:
            raise RuntimeError("power cut")
        return real_batch(self, table_name, *args, **kwargs)

    monkeypatch.setattr(Operations, "batch_alter_table", fail_on_the_second_table)
    db = Database(sqlite_file_url)
    with pytest.raises(RuntimeError, match="power cut"):
        db.migrate()
    monkeypatch.undo()
    assert current_revision(db.engine) == PREVIOUS_HEAD
    assert everything(db.engine) == before
    assert "AUTOINCREMENT" not in _sqlite_schema(db.engine)[rebuilt[0]]
    db.migrate()  # and the next start migrates it
    assert everything(db.engine) == moved_height(before)
    db.dispose()


def test_going_down_to_the_previous_version_keeps_rows_and_links(sqlite_file_url: str) -> None:
    from backstride.storage.migrate import downgrade_to

    before = make_previous_version_database(sqlite_file_url)
    db = Database(sqlite_file_url)
    db.migrate()
    downgrade_to(db.engine, PREVIOUS_HEAD)
    assert current_revision(db.engine) == PREVIOUS_HEAD
    assert everything(db.engine) == before
    assert "AUTOINCREMENT" not in _sqlite_schema(db.engine)["assessments"]
    db.dispose()


def test_a_migration_step_that_would_break_links_is_refused_and_changes_nothing(sqlite_file_url: str) -> None:
    from backstride.storage.migrate import UnusableDatabase, _run

    before = make_previous_version_database(sqlite_file_url)
    db = Database(sqlite_file_url)

    def careless_step(config) -> None:  # noqa: ANN001 - drops a walk that assessments refer to
        config.attributes["connection"].exec_driver_sql("DELETE FROM gait_recordings WHERE id = 1")

    with pytest.raises(UnusableDatabase, match="would break 2 links between records, so it was not changed"):
        _run(db.engine, careless_step)
    assert everything(db.engine) == before
    db.dispose()


# ------------------------------------------------------------------------------- web app and CLI


def test_the_web_app_upgrades_a_previous_version_database_on_start(database_url: str) -> None:
    from fastapi.testclient import TestClient

    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    make_previous_version_database(database_url)
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        assert [e["id"] for e in client.get("/api/diary").json()] == [1, 2, 3]
        assert client.get("/api/assessments/5").status_code == 200
        app_db = client.app.state.db  # type: ignore[attr-defined]
        assert current_revision(app_db.engine) == head_revision()


def test_serve_upgrades_a_previous_version_database_on_start(sqlite_file_url: str, monkeypatch) -> None:
    from typer.testing import CliRunner

    from backstride.cli.main import app

    served: list[Any] = []
    monkeypatch.setattr("uvicorn.run", lambda asgi_app, **kwargs: served.append(asgi_app))
    monkeypatch.setattr("backstride.cli.serve_cmd._check_can_listen", lambda host, port: None)
    before = make_previous_version_database(sqlite_file_url)
    result = CliRunner().invoke(app, ["serve", "--no-browser", "--db", sqlite_file_url])
    assert result.exit_code == 0, result.output
    db = served[0].state.db
    assert current_revision(db.engine) == head_revision()
    assert everything(db.engine) == moved_height(before)
    db.dispose()


def test_several_programs_starting_together_on_a_new_database_all_migrate_it(
    database_url: str, tmp_path
) -> None:
    """Two servers of a clinic (or several workers) starting at once: one migrates, the others wait
    and find the schema made; none fails half-way."""
    import subprocess
    import sys

    go = tmp_path / "go"
    code = (
        "import sys, time, pathlib\n"
        "from backstride.storage.db import Database\n"
        "db = Database(sys.argv[1])\n"
        "print('ready', flush=True)\n"
        "while not pathlib.Path(sys.argv[2]).exists(): time.sleep(0.005)\n"
        "db.migrate()\n"
    )
    starters = [
        subprocess.Popen(
            [sys.executable, "-c", code, database_url, str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for starter in starters:
        assert starter.stdout is not None and starter.stdout.readline().strip() == "ready"
    go.touch()  # all three see it within a few milliseconds
    errors = [starter.communicate(timeout=120)[1] for starter in starters]
    assert [starter.returncode for starter in starters] == [0, 0, 0], "\n".join(errors)
    db = Database(database_url)
    assert current_revision(db.engine) == head_revision()
    _delete_newest_then_add(db)
    db.dispose()


def test_an_in_memory_sqlite_database_keeps_its_tables_after_migrating() -> None:
    db = Database("sqlite://").migrate()  # one connection per thread: discarding it would lose everything
    records = Records(db, clock=lambda: NOW)
    assert records.add_diary_entry(entry_date="2026-11-19", pain_0_10=3).id == 1
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


def test_a_deleted_check_number_stays_not_found_through_the_api(api) -> None:
    """'Check 12' written down, then deleted: the number never shows another check."""
    ids = [api.post("/api/assessments", json={}).json()["id"] for _ in range(3)]
    newest = ids[-1]
    assert api.delete(f"/api/assessments/{newest}").status_code == 204
    assert api.post("/api/assessments", json={}).json()["id"] > newest
    assert api.get(f"/api/assessments/{newest}").status_code == 404
