"""A restore (``POST /api/import``) and a delete of the same person's records (``DELETE /api/data``,
``DELETE /api/people/{id}``) at the same moment, on PostgreSQL for real: two threads, two connections,
two open write transactions. SQLite writes one at a time, so the two never overlap there.

A restore holds a PostgreSQL advisory lock until it ends; the deletes took none. A delete sent while a
restore was adding the records then deleted nothing of them (not there yet for it) and said so, and
the restore ended after it: the records the person had just deleted, as far as they knew, were back,
and the restore's key, never marked, answered its retry "1 diary entry added". Now a delete waits for
the restore (seen in pg_stat_activity) and then deletes what it added, and marks its key: the retry is
the 409 "deleted since", and nothing comes back. No timing: the restore waits, before it ends, until
the delete waits for its lock or is done (a timeout only fails a broken test instead of hanging it)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import text

from backstride.core.errors import NotFoundError
from backstride.services.form_tokens import IdempotencyKeyGoneError
from backstride.services.records import Records
from backstride.storage.db import Database

pytestmark = pytest.mark.postgres

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


def _until_waiting_or_done(db: Database, other: Future[Any]) -> None:
    """Return once another connection waits for an advisory lock (the delete, at the restore's lock) or
    the delete is done without waiting (before the fix); fail after ``WAIT_AT_MOST_S``."""
    deadline = time.monotonic() + WAIT_AT_MOST_S
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' "
        "AND pid <> pg_backend_pid()"
    )
    with db.engine.connect() as watcher:
        while not watcher.execute(waiting).scalar() and not other.done():
            assert time.monotonic() < deadline, "the delete neither waited for the restore nor ended"
            time.sleep(0.01)
            watcher.rollback()


def _race(
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    backup: str,
    delete: Callable[[], Any],
    into: int | None = None,
) -> Any:
    """The restore of ``backup`` with a key (into ``into``: a person's id, else the one person), held
    just before it ends (its records added, its key about to be kept) while ``delete`` is sent; both
    answers."""
    from backstride.services import restore as restore_module

    real = restore_module.keep_idempotency_key
    restore_holds = threading.Event()
    delete_sent: Future[Any] = Future()

    def keep(*args: Any, **kwargs: Any) -> None:
        restore_holds.set()
        _until_waiting_or_done(db, delete_sent.result(timeout=WAIT_AT_MOST_S))
        real(*args, **kwargs)

    monkeypatch.setattr(restore_module, "keep_idempotency_key", keep)

    def restore() -> Any:
        scoped = Records(db) if into is None else Records(db).for_person(into)
        return restore_module.restore_export(scoped, backup, idempotency_key="restore-and-delete")

    with ThreadPoolExecutor(max_workers=2) as pool:
        restored = pool.submit(restore)
        assert restore_holds.wait(WAIT_AT_MOST_S)
        deleting = pool.submit(delete)
        delete_sent.set_result(deleting)
        return restored.result(), deleting.result()


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
    restored, deleted = _race(db, monkeypatch, backup, lambda: Records(db).delete_all())
    assert restored.added["diary_entries"] == 1
    assert deleted["diary_entries"] == 1  # the delete came after the restore, and deleted what it added
    assert records.list_diary_entries() == []
    # the retry of the restore is the 409, and brings nothing back
    assert "whose records were all deleted since" in _retry(db, backup)
    assert records.list_diary_entries() == []


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
    restored, deleted = _race(
        db, monkeypatch, backup, lambda: Records(db).for_person(me).delete_all(), into=me
    )
    assert restored.added["diary_entries"] == 1
    assert deleted["diary_entries"] == 1
    assert mine.list_diary_entries() == []
    assert len(Records(db).for_person(ana).list_diary_entries()) == 1  # Ana's day is untouched
    assert "whose records were all deleted since" in _retry(db, backup, me)
    assert mine.list_diary_entries() == []


def test_deleting_a_person_while_their_records_are_restored_waits_and_deletes_them(
    db: Database, monkeypatch
) -> None:
    """The person goes with every record the restore added, counted (before: the restore, ending after
    the person was gone, failed with a server error), and nobody else's."""
    backup, me, ana = _backup_beside_ana(db)
    restored, deleted = _race(db, monkeypatch, backup, lambda: Records(db).people.delete(me), into=me)
    assert restored.added["diary_entries"] == 1
    assert deleted["diary_entries"] == 1
    with db.session() as session:
        assert session.scalar(text("SELECT count(*) FROM diary_entries")) == 1  # Ana's
    assert len(Records(db).for_person(ana).list_diary_entries()) == 1
    with pytest.raises(NotFoundError):
        Records(db).for_person(me)
