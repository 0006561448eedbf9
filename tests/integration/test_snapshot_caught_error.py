"""A database error inside ``Database.snapshot`` never leaves it reading on an aborted transaction
(SQLite and PostgreSQL).

What was found (2026-11-27): on PostgreSQL a failed statement aborts its whole transaction ("current
transaction is aborted, commands ignored until end of transaction block"). A read session inside a
snapshot is the snapshot's transaction, so an error caught there left every read after it, to the end of
the report or the export, failing with words about that, not the problem. Now a read that catches its
error says so (``session(catching=True)``): a savepoint on PostgreSQL, and the snapshot reads on, as of
the same moment. Any other read that failed stops the snapshot: each read after it is refused with a
``StorageError`` naming the first problem, on both databases alike.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError, ProgrammingError

from backstride.core.errors import StorageError
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url


@pytest.fixture
def two(database_url: str) -> Iterator[tuple[Records, Records]]:
    """One program reads (a diary entry "before" kept), the other writes meanwhile."""
    first, second = Database(database_url).migrate(), Database(database_url)
    Records(first).add_diary_entry(entry_date="2026-11-20", pain_0_10=4, notes="before")
    yield Records(first), Records(second)
    first.dispose()
    second.dispose()


def _notes(records: Records) -> list[str | None]:
    return [e.notes for e in records.list_diary_entries()]


def _failed_read(records: Records, *, catching: bool) -> None:
    """A read that fails (a table that is not there), caught."""
    with pytest.raises((StorageError, ProgrammingError)):  # SQLite: a StorageError; PostgreSQL: a bug's
        with records.db.session(catching=catching) as session:
            session.execute(text("SELECT * FROM no_such_table"))


def test_a_read_catching_its_error_inside_a_snapshot_leaves_it_reading_as_of_its_moment(
    two: tuple[Records, Records],
) -> None:
    records, other = two
    with records.db.snapshot():
        assert _notes(records) == ["before"]
        other.add_diary_entry(entry_date="2026-11-21", pain_0_10=3, notes="meanwhile")  # after its moment
        _failed_read(records, catching=True)
        assert _notes(records) == ["before"]  # read on (it was "current transaction is aborted")
    assert _notes(records) == ["before", "meanwhile"]


def test_after_a_read_failed_inside_a_snapshot_the_next_read_is_refused_naming_it(
    two: tuple[Records, Records],
) -> None:
    records, _ = two
    with records.db.snapshot():
        _failed_read(records, catching=False)
        with pytest.raises(StorageError, match="no_such_table.*the rest of this read of the records was not"):
            _notes(records)  # SQLite read on as if nothing failed; PostgreSQL said "transaction is aborted"
    assert _notes(records) == ["before"]  # the next snapshot reads as usual


@pytest.mark.postgres
def test_a_query_cancelled_inside_a_snapshot_is_a_storage_error_and_the_snapshot_reads_on(
    postgres_url: str,
) -> None:
    records = Records(Database(postgres_url).migrate())
    records.add_diary_entry(entry_date="2026-11-20", pain_0_10=4, notes="kept")
    with records.db.snapshot():
        with pytest.raises(StorageError, match="cannot use the database .*cancel"):
            with records.db.session(catching=True) as session:
                session.execute(text("SET LOCAL statement_timeout = '20ms'"))
                session.execute(text("SELECT pg_sleep(2)"))
        assert _notes(records) == ["kept"]
        with records.db.session() as session:  # the time limit was the failed read's only
            assert session.scalar(text("SHOW statement_timeout")) == "0"
    records.db.dispose()


@pytest.mark.parametrize(
    "said, plain", [("database or disk is full", "the disk is full"), ("database is locked", "it is busy")]
)
def test_a_caught_error_that_ended_sqlites_transaction_stops_the_snapshot(
    tmp_path: Path, said: str, plain: str
) -> None:
    """SQLite ends a transaction itself after a full disk, a busy file, an I/O error or no memory (its
    documented "automatic rollback"). A read catching such an error inside a snapshot then read on with
    no transaction: each later statement saw what was committed by then, not the snapshot's moment, and
    nothing said so (review R5). Now, as after any read that failed, each later read is refused naming
    the first problem. Simulated: the statement's ROLLBACK done as SQLite does it, then its error."""
    url = sqlite_url(tmp_path / "caught.sqlite3")
    first, second = Database(url).migrate(), Database(url)
    records, other = Records(first), Records(second)
    records.add_diary_entry(entry_date="2026-11-20", pain_0_10=4, notes="before")
    with records.db.snapshot():
        assert _notes(records) == ["before"]
        with pytest.raises(StorageError, match=plain):
            with records.db.session(catching=True) as session:
                session.connection().exec_driver_sql("ROLLBACK")  # what SQLite did on its own
                raise OperationalError("SELECT ...", {}, sqlite3.OperationalError(said))
        other.add_diary_entry(entry_date="2026-11-21", pain_0_10=3, notes="meanwhile")
        with pytest.raises(StorageError, match=f"{plain}.*the rest of this read of the records was not done"):
            _notes(records)  # was ["before", "meanwhile"]: not as of the snapshot's moment, unsaid
    assert _notes(records) == ["before", "meanwhile"]  # the next snapshot reads as usual
    first.dispose()
    second.dispose()
