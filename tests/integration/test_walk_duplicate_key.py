"""The same walk file sent twice at the same moment is stored once, on SQLite and PostgreSQL.

The upload looks for the same walk first (``tests/integration/test_walk_sent_twice.py``); two sent at
once could both pass that look-up and both be stored. Each walk now keeps a key of what makes it the
same (``storage.models.walk_duplicate_key``), unique per person (migration 0013): the one that loses
is told where the stored walk is, as the look-up says it (409 with its id), and nothing of it is kept.
The upgrade keeps a database that holds the same walk twice already; a restore works the key out again.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import inspect, select
from tests.walk_samples import UNITS, few_steps_csv

from backstride.services.records import Records, WalkStoredAlreadyError
from backstride.services.restore import restore_export
from backstride.storage.db import Database
from backstride.storage.models import DUPLICATE_WALK_INDEX, GaitRecording, walk_duplicate_key

MADE = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.fixture
def walk_bytes(tmp_path) -> bytes:
    return few_steps_csv(tmp_path).read_bytes()


def _keys(db: Database) -> list[tuple[int, int, str | None]]:
    with db.engine.connect() as connection:
        rows = connection.execute(
            select(GaitRecording.id, GaitRecording.person_id, GaitRecording.duplicate_key).order_by(
                GaitRecording.id
            )
        )
        return [tuple(r) for r in rows]


def _the_look_up_misses(monkeypatch: pytest.MonkeyPatch, wait: threading.Barrier | None = None) -> None:
    """Both uploads pass the look-up before either is stored (the race)."""

    def missed(*_args: object) -> None:
        if wait is not None:
            wait.wait(timeout=30)

    monkeypatch.setattr(Records, "_stored_already", missed)


def test_a_walk_that_passed_the_look_up_is_kept_out_by_the_database(
    database_url: str, walk_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(database_url).migrate()
    records = Records(db, clock=lambda: MADE)
    first = records.upload_walk("walk.csv", walk_bytes, height_cm=170, **UNITS)
    _the_look_up_misses(monkeypatch)
    with pytest.raises(WalkStoredAlreadyError, match=f"walk {first.id}; it was not stored again") as again:
        records.upload_walk("walk.csv", walk_bytes, height_cm=170, **UNITS)
    assert again.value.walk.id == first.id
    assert [w.id for w in records.list_walks()] == [first.id]
    # another height is a walk of its own, as the look-up says; the session is usable after
    assert records.upload_walk("walk.csv", walk_bytes, height_cm=181, **UNITS).id != first.id
    db.dispose()


def test_two_sent_at_the_same_moment_end_as_one_walk(
    database_url: str, walk_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(database_url).migrate()
    records = Records(db, clock=lambda: MADE)
    _the_look_up_misses(monkeypatch, threading.Barrier(2))
    stored: list[int] = []
    refused: list[int] = []
    crashed: list[BaseException] = []

    def send() -> None:
        try:
            stored.append(records.upload_walk("walk.csv", walk_bytes, **UNITS).id)
        except WalkStoredAlreadyError as exc:
            refused.append(exc.walk.id)
        except BaseException as exc:  # noqa: BLE001 - shown by the assertion below
            crashed.append(exc)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert crashed == [] and len(stored) == 1 and refused == stored
    assert [w.id for w in records.list_walks()] == stored
    db.dispose()


def test_the_api_answers_409_with_the_walks_id_when_the_database_keeps_it_out(
    api, walk_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def send():
        return api.post("/api/walks", files={"file": ("walk.csv", walk_bytes)}, data=UNITS)

    walk_id = send().json()["id"]
    _the_look_up_misses(monkeypatch)
    again = send()
    assert again.status_code == 409, again.text
    assert again.json()["walk_id"] == walk_id
    page = api.post("/walks", files={"file": ("walk.csv", walk_bytes)}, data=UNITS, follow_redirects=False)
    assert page.status_code == 409 and f'<a href="/walks/{walk_id}">walk {walk_id}</a>' in page.text
    assert [w["id"] for w in api.get("/api/walks").json()] == [walk_id]


# ------------------------------------------------------------------------------- the upgrade

WALKS = sa.table(
    "gait_recordings",
    *(
        sa.column(name, kind)
        for name, kind in [
            ("person_id", sa.Integer),
            ("original_filename", sa.String),
            ("source_format", sa.String),
            ("size_bytes", sa.Integer),
            ("sha256", sa.String),
            ("height_cm", sa.Float),
            ("result", sa.JSON),
            ("findings", sa.JSON),
            ("gait_factor_codes", sa.JSON),
            ("algorithm_parameters", sa.JSON),
            ("package_version", sa.String),
            ("created_at", sa.DateTime(timezone=True)),
        ]
    ),
)


def _old_walk(person_id: int, sha: str, minutes: int, **parameters: object) -> dict[str, object]:
    return {
        "person_id": person_id,
        "original_filename": "walk.csv",
        "source_format": "csv",
        "size_bytes": 10,
        "sha256": sha * 64,
        "height_cm": None,
        "result": {"walking_bouts": [], "gait_factors": []},
        "findings": {},
        "gait_factor_codes": [],
        "algorithm_parameters": {"min_bout_steps": 4, **parameters},
        "package_version": "0.1.0",
        "created_at": MADE + timedelta(minutes=minutes),
    }


def _database_at_0012(url: str) -> Database:
    from alembic import command

    from backstride.storage.migrate import alembic_config

    db = Database(url)
    with db.engine.begin() as connection:
        config = alembic_config(db.engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "0012_diary_entry_versions")
    people = sa.text(
        "INSERT INTO people (label, label_key, height_cm, created_at) VALUES ('Ann', 'ann', NULL, :at)"
    )
    reader = {"reader": {"acc_unit": "m/s^2"}}
    with db.engine.begin() as connection:
        connection.execute(people, {"at": MADE})  # person 2
        connection.execute(
            WALKS.insert(),
            [
                _old_walk(1, "a", 0, **reader),  # walk 1
                _old_walk(1, "a", 1, **reader),  # walk 2: the same walk again
                _old_walk(1, "a", 2),  # walk 3: the same file read another way
                _old_walk(2, "a", 3, **reader),  # walk 4: Ann's, the same as walk 1
                _old_walk(1, "a", 4, **reader),  # walk 5: the same as walk 1 a third time
                _old_walk(1, "b", 5, reader=None),  # walk 6: parameters from before the reader's
            ],
        )
    return db


def test_the_upgrade_keeps_walks_stored_twice_and_keys_the_first(database_url: str) -> None:
    from tests.integration.test_storage_ids import head_revision

    from backstride.storage.migrate import current_revision

    db = _database_at_0012(database_url)
    db.migrate()
    assert current_revision(db.engine) == head_revision()
    first = walk_duplicate_key("a" * 64, {"reader": {"acc_unit": "m/s^2"}}, None)
    assert _keys(db) == [
        (1, 1, first),
        (2, 1, None),  # the same walk kept before: it stays, without the key
        (3, 1, walk_duplicate_key("a" * 64, {}, None)),
        (4, 2, first),  # another person's walk of the same file: theirs
        (5, 1, None),
        (6, 1, walk_duplicate_key("b" * 64, {}, None)),
    ]
    assert first is not None and first != _keys(db)[2][2]
    indexes = {i["name"]: i for i in inspect(db.engine).get_indexes("gait_recordings")}
    assert indexes[DUPLICATE_WALK_INDEX]["unique"]
    assert indexes[DUPLICATE_WALK_INDEX]["column_names"] == ["person_id", "duplicate_key"]
    db.dispose()


def test_going_down_to_the_previous_version_keeps_every_walk(database_url: str) -> None:
    from backstride.storage.migrate import current_revision, downgrade_to

    db = _database_at_0012(database_url)
    db.migrate()
    downgrade_to(db.engine, "0012_diary_entry_versions")
    assert current_revision(db.engine) == "0012_diary_entry_versions"
    assert "duplicate_key" not in {c["name"] for c in inspect(db.engine).get_columns("gait_recordings")}
    assert DUPLICATE_WALK_INDEX not in {i["name"] for i in inspect(db.engine).get_indexes("gait_recordings")}
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT id FROM gait_recordings ORDER BY id")).scalars().all() == [
            1,
            2,
            3,
            4,
            5,
            6,
        ]
    db.migrate()
    assert [k is None for _, _, k in _keys(db)] == [False, True, False, False, True, False]
    db.dispose()


# ------------------------------------------------------------------------------- export and restore


def test_a_restore_works_the_key_out_again_and_keeps_walks_stored_twice(
    database_url: str, walk_bytes: bytes, tmp_path
) -> None:
    # the export does not carry the key (format 6 as it was): the restore works it out from the walk
    home = Records(Database(f"sqlite:///{tmp_path / 'home.sqlite3'}").migrate(), clock=lambda: MADE)
    walk = home.upload_walk("walk.csv", walk_bytes, height_cm=170, **UNITS)
    document = home.export_all()
    assert "duplicate_key" not in document["gait_recordings"][0]
    # a backup of a database that kept the same walk twice (before 0013): both arrive, none refused
    twice = dict(document["gait_recordings"][0], id=walk.id + 1, created_at="2026-11-20T10:00:00+00:00")
    document["gait_recordings"].append(twice)
    db = Database(database_url).migrate()
    laptop = Records(db, clock=lambda: MADE)
    for _ in range(2):  # again: nothing added
        restore_export(laptop, json.dumps(document))
        assert len(laptop.list_walks()) == 2
    key = walk_duplicate_key(walk.sha256, walk.algorithm_parameters, 170)
    assert [k for _, _, k in _keys(db)] == [key, None]
    # the restored walk is the stored one for the next upload of the same file
    with pytest.raises(WalkStoredAlreadyError):
        laptop.upload_walk("walk.csv", walk_bytes, height_cm=170, **UNITS)
    # the same walk sent at another moment on another computer is added beside, without the key
    other = Records(Database(f"sqlite:///{tmp_path / 'other.sqlite3'}").migrate(), clock=lambda: MADE)
    other.clock = lambda: MADE + timedelta(hours=3)
    other.upload_walk("walk.csv", walk_bytes, height_cm=170, **UNITS)
    added = restore_export(laptop, json.dumps(other.export_all()))
    assert added.added["gait_recordings"] == 1
    assert [k for _, _, k in _keys(db)] == [key, None, None]
    db.dispose()


def test_a_walk_sent_while_a_restore_runs_does_not_stop_the_restore(
    database_url: str, walk_bytes: bytes, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # on PostgreSQL an upload may save the same walk after the restore looked at the person's keys:
    # the restore's copy is then added without the key (nothing refused, nothing lost)
    home = Records(Database(f"sqlite:///{tmp_path / 'home.sqlite3'}").migrate(), clock=lambda: MADE)
    home.upload_walk("walk.csv", walk_bytes, **UNITS)
    db = Database(database_url).migrate()
    laptop = Records(db, clock=lambda: MADE + timedelta(hours=1))
    laptop.upload_walk("walk.csv", walk_bytes, **UNITS)
    ((_, _, key),) = _keys(db)
    assert key is not None
    monkeypatch.setattr("backstride.services.restore._new_key", lambda _walk, _taken: key)  # not seen
    result = restore_export(laptop, json.dumps(home.export_all()))
    assert result.added["gait_recordings"] == 1
    assert [k for _, _, k in _keys(db)] == [key, None]  # (PostgreSQL used an id on the first try)
    db.dispose()
