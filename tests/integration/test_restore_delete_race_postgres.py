"""A restore (``POST /api/import``) or an everyday walking import (``POST /api/everyday``) and a
delete of the same person's records (``DELETE /api/data``, ``DELETE /api/people/{id}``) at the same
moment, on PostgreSQL for real: two threads, two connections, two open write transactions. SQLite
writes one at a time, so the two never overlap there.

A restore and an import each hold a PostgreSQL advisory lock until they end; the deletes took none. A
delete sent while a restore was adding the records then deleted nothing of them (not there yet for
it) and said so, and the restore ended after it: the records the person had just deleted, as far as
they knew, were back, and the restore's key, never marked, answered its retry "1 diary entry added".
Now a delete waits for both locks (seen in pg_stat_activity) and then deletes what was added, and
marks the restore's key: the retry is the 409 "deleted since", and nothing comes back. No timing: the
restore or import waits, before it ends, until the delete waits for a lock or is done (a timeout only
fails a broken test instead of hanging it)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import text
from tests.conftest import FORMATS

from backstride.core.errors import NotFoundError
from backstride.services.form_tokens import IdempotencyKeyGoneError
from backstride.services.records import Records
from backstride.storage.db import Database

pytestmark = pytest.mark.postgres

APPLE_HEALTH = FORMATS / "apple_health" / "tdda__applehealthdata" / "export6s3sample.xml"
WAIT_AT_MOST_S = 60  # only so a broken test fails instead of hanging; never reached when it works
DAY = {"entry_date": "2026-11-20", "pain_0_10": 3}


@pytest.fixture
def db(postgres_url: str) -> Iterator[Database]:
    database = Database(postgres_url).migrate()
    yield database
    database.dispose()


def _backup(records: Records) -> str:
    """A backup of the one person holding one diary day; then their records emptied."""
    records.add_diary_entry(**DAY)
    backup = json.dumps(records.export_all(), default=str)
    records.delete_all()
    assert records.list_diary_entries() == []
    return backup


def _until_waiting_or_done(db: Database, other: Future[Any]) -> str | None:
    """Return once another connection waits for a lock (the delete: at the restore's advisory lock, or
    before the fix at a row) with what it waits for, or None once the delete is done without waiting
    (before the fix); fail after ``WAIT_AT_MOST_S``."""
    deadline = time.monotonic() + WAIT_AT_MOST_S
    waiting = text(
        "SELECT wait_event FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
    )
    with db.engine.connect() as watcher:
        while (waits := watcher.execute(waiting).scalar()) is None and not other.done():
            assert time.monotonic() < deadline, "the delete neither waited nor ended"
            time.sleep(0.01)
            watcher.rollback()
    return None if waits is None else str(waits)


def _held_race(
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    held_at: tuple[Any, str],
    add: Callable[[], Any],
    delete: Callable[[], Any],
) -> Any:
    """``add`` held at ``held_at`` (a module and the name of a function it calls just before it ends,
    all it adds added) while ``delete`` is sent; both answers, and what the delete waited for (None:
    nothing, it ended first)."""
    module, name = held_at
    real = getattr(module, name)
    add_holds = threading.Event()
    delete_sent: Future[Any] = Future()
    waited: list[str | None] = []

    def held(*args: Any, **kwargs: Any) -> Any:
        add_holds.set()
        waited.append(_until_waiting_or_done(db, delete_sent.result(timeout=WAIT_AT_MOST_S)))
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    with ThreadPoolExecutor(max_workers=2) as pool:
        added = pool.submit(add)
        assert add_holds.wait(WAIT_AT_MOST_S)
        deleting = pool.submit(delete)
        delete_sent.set_result(deleting)
        return added.result(), deleting.result(), waited[0]


def _race(
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    backup: str,
    delete: Callable[[], Any],
    into: int | None = None,
) -> Any:
    """The restore of ``backup`` with a key (into ``into``: a person's id, else the one person), held
    just before it ends (its records added, its key about to be kept) while ``delete`` is sent; as
    ``_held_race``."""
    from backstride.services import restore as restore_module

    def restore() -> Any:
        scoped = Records(db) if into is None else Records(db).for_person(into)
        return restore_module.restore_export(scoped, backup, idempotency_key="restore-and-delete")

    return _held_race(db, monkeypatch, (restore_module, "keep_idempotency_key"), restore, delete)


def _retry(db: Database, backup: str, person_id: int | None = None) -> str:
    from backstride.services.restore import restore_export

    records = Records(db) if person_id is None else Records(db).for_person(person_id)
    with pytest.raises(IdempotencyKeyGoneError) as gone:
        restore_export(records, backup, idempotency_key="restore-and-delete")
    return str(gone.value)


def test_deleting_the_records_while_they_are_restored_waits_and_deletes_them(
    db: Database, monkeypatch
) -> None:
    records = Records(db)
    backup = _backup(records)
    restored, deleted, waited = _race(db, monkeypatch, backup, lambda: Records(db).delete_all())
    assert restored.added["diary_entries"] == 1
    assert deleted["diary_entries"] == 1  # the delete came after the restore, and deleted what it added
    assert records.list_diary_entries() == []
    # the retry of the restore is the 409, and brings nothing back
    assert "whose records were all deleted since" in _retry(db, backup)
    assert records.list_diary_entries() == []
    assert waited == "advisory"  # the delete waited for the lock, seen in pg_stat_activity


def _backup_beside_ana(db: Database) -> tuple[str, int, int]:
    """``_backup`` of the database's one person, then Ana added with a day of her own: the backup, the
    first person's id and Ana's."""
    records = Records(db)
    backup = _backup(records)
    me = records.people.only()[0]
    assert me is not None
    ana = records.people.add("Ana").id
    records.for_person(ana).add_diary_entry(**DAY)
    return backup, me, ana


def test_deleting_one_of_several_people_while_they_are_restored_waits_and_deletes_them(
    db: Database, monkeypatch
) -> None:
    """With other people in the database, the keys stay (not the person's to go), marked."""
    backup, me, ana = _backup_beside_ana(db)
    mine = Records(db).for_person(me)
    restored, deleted, waited = _race(
        db, monkeypatch, backup, lambda: Records(db).for_person(me).delete_all(), into=me
    )
    assert restored.added["diary_entries"] == 1
    assert deleted["diary_entries"] == 1
    assert mine.list_diary_entries() == []
    assert len(Records(db).for_person(ana).list_diary_entries()) == 1  # Ana's day is untouched
    assert "whose records were all deleted since" in _retry(db, backup, me)
    assert mine.list_diary_entries() == []
    assert waited == "advisory"  # the delete waited for the lock, seen in pg_stat_activity


def test_deleting_a_person_while_their_records_are_restored_waits_and_deletes_them(
    db: Database, monkeypatch
) -> None:
    """The person goes with every record the restore added, counted (before: the restore, ending after
    the person was gone, failed with a server error), and nobody else's."""
    backup, me, ana = _backup_beside_ana(db)
    restored, deleted, waited = _race(db, monkeypatch, backup, lambda: Records(db).people.delete(me), into=me)
    assert restored.added["diary_entries"] == 1
    assert deleted["diary_entries"] == 1
    with db.session() as session:
        assert session.scalar(text("SELECT count(*) FROM diary_entries")) == 1  # Ana's
    assert len(Records(db).for_person(ana).list_diary_entries()) == 1
    with pytest.raises(NotFoundError):
        Records(db).for_person(me)
    assert waited == "advisory"  # the delete waited for the lock, seen in pg_stat_activity


def _import_everyday(db: Database, into: int | None = None) -> Any:
    from backstride.services.everyday import Everyday

    records = Records(db) if into is None else Records(db).for_person(into)
    return Everyday(records).import_path(APPLE_HEALTH)


def test_deleting_the_records_while_everyday_walking_is_imported_waits_and_deletes_it(
    db: Database, monkeypatch
) -> None:
    """An everyday walking import (``POST /api/everyday``) holds an advisory lock of its own; a delete
    sent meanwhile deleted none of its days (not there yet for it), which were there after it."""
    from backstride.services import everyday as everyday_module

    records = Records(db)
    records.add_diary_entry(**DAY)  # the database's one person, made before the race
    imported, deleted, waited = _held_race(
        db,
        monkeypatch,
        (everyday_module, "note"),
        lambda: _import_everyday(db),
        lambda: Records(db).delete_all(),
    )
    assert imported.added > 0
    assert deleted["everyday_days"] == imported.added
    assert deleted["diary_entries"] == 1
    with db.session() as session:
        assert session.scalar(text("SELECT count(*) FROM everyday_walking_days")) == 0
    assert waited == "advisory"  # the delete waited for the lock, seen in pg_stat_activity


def test_deleting_a_person_while_their_everyday_walking_is_imported_waits_and_deletes_it(
    db: Database, monkeypatch
) -> None:
    """Before, the delete counted and deleted the person's days before the import's were there for it,
    and said no day of everyday walking was deleted, though the import had added 2."""
    from backstride.services import everyday as everyday_module

    records = Records(db)
    records.add_diary_entry(**DAY)
    me = records.people.only()[0]
    assert me is not None
    records.people.add("Ana")
    imported, deleted, waited = _held_race(
        db,
        monkeypatch,
        (everyday_module, "note"),
        lambda: _import_everyday(db, me),
        lambda: Records(db).people.delete(me),
    )
    assert imported.added > 0
    assert deleted["everyday_days"] == imported.added
    with db.session() as session:
        assert session.scalar(text("SELECT count(*) FROM everyday_walking_days")) == 0
    assert waited == "advisory"  # the delete waited for the lock, seen in pg_stat_activity
