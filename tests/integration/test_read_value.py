"""``Database.read_value``, the sign-in state's token read before every request: one statement on a
pooled connection's driver cursor, no transaction; a database that fails is a ``StorageError`` naming
it, as a ``session``'s read, and the next read works once the database does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from backstride.core.errors import StorageError
from backstride.services.access import VERSION_SQL
from backstride.storage.db import Database, sqlite_url


def test_a_value_is_read_without_a_transaction_and_a_failure_is_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    sqlite3.connect(path).close()  # a file with no settings table (another program's, or damaged)
    db = Database(sqlite_url(path))
    with pytest.raises(StorageError) as failed:
        db.read_value(VERSION_SQL)
    assert str(path) in str(failed.value) and "settings" in str(failed.value)
    db.migrate()  # the table made: the next read works (no broken connection handed out)
    assert db.read_value(VERSION_SQL) is None  # no token written yet
    with db.session(write=True) as session:
        session.connection().exec_driver_sql(
            "INSERT INTO settings (key, value) VALUES ('access.version', '\"abc\"')"
        )
    assert db.read_value(VERSION_SQL) == '"abc"'  # as the driver gives a JSON column: its text
    with db.engine.connect() as connection:  # no transaction left open by the read on any connection
        assert not connection.connection.dbapi_connection.in_transaction  # type: ignore[union-attr]
    db.dispose()
