"""Run the packaged Alembic migrations programmatically (no alembic.ini needed at run time)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine

from backstride.storage import db

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK_KEY = 0x6261636B73747264  # PostgreSQL advisory lock: "backstrd" as a number


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic config pointing at the migrations inside the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        # configparser interpolates "%": escape it (URL-encoded passwords and options contain it)
        url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
        config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade_head(engine: Engine) -> None:
    """``alembic upgrade head`` on ``engine``, in one transaction where the database allows it."""
    _run(engine, lambda config: command.upgrade(config, "head"))


def downgrade_to(engine: Engine, revision: str) -> None:
    """``alembic downgrade revision`` on ``engine``, kept as safe as ``upgrade_head``."""
    _run(engine, lambda config: command.downgrade(config, revision))


class UnusableDatabase(Exception):  # noqa: N818 - turned into StorageError by Database.migrate
    """The database cannot be migrated; the message says why, in plain words. Nothing was changed."""


# Alembic keeps the running migration in module globals (alembic.context): one at a time per process.
_ONE_AT_A_TIME = threading.Lock()


def _run(engine: Engine, step: Callable[[Config], None]) -> None:
    with _ONE_AT_A_TIME:
        _run_alone(engine, step)


def _run_alone(engine: Engine, step: Callable[[Config], None]) -> None:
    config = alembic_config(engine)
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":  # one migrator at a time (two servers starting)
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
            _check_known_version(connection, config)
            config.attributes["connection"] = connection
            step(config)
            _check_writable(connection)
        return
    # SQLite rebuilds a table to change it (copy, drop, rename). With foreign keys on, dropping a
    # table that other rows refer to fires their ON DELETE SET NULL / CASCADE: links or rows would be
    # lost. So foreign keys are off for the migration, switched on the driver's connection before
    # BEGIN (inside a transaction SQLite ignores the pragma), and PRAGMA foreign_key_check must find
    # no broken link the migration made before it commits. BEGIN IMMEDIATE: one migrator at a time
    # (several workers starting together); the second then finds the schema at head. Foreign keys
    # are switched on again after; if that cannot be shown, the connection is discarded, so no
    # pooled connection ever keeps them off.
    with engine.connect() as connection:
        driver: Any = connection.connection.driver_connection  # the sqlite3 connection itself
        try:
            driver.execute("PRAGMA foreign_keys=OFF")
            with connection.execution_options(sqlite_begin="IMMEDIATE").begin():
                _check_sqlite_file(connection)
                _check_known_version(connection, config)
                broken_before = _broken_links(connection)
                config.attributes["connection"] = connection
                step(config)
                broken = _broken_links(connection) - broken_before
                if broken:  # a mistake in a migration: refuse it, nothing is changed
                    raise UnusableDatabase(
                        f"the upgrade would break {len(broken)} links between records, so it was not "
                        "changed; please tell the people who make backstride"
                    )
                _check_writable(connection)
            _use_write_ahead_log(driver)
        finally:
            if not _foreign_keys_back_on(driver):
                connection.invalidate()


def _foreign_keys_back_on(driver: Any) -> bool:
    """Foreign keys on again (outside the finished transaction), and SQLite says they are."""
    try:
        driver.execute("PRAGMA foreign_keys=ON")
        return bool(driver.execute("PRAGMA foreign_keys").fetchone()[0] == 1)
    except sqlite3.Error:
        return False


def _use_write_ahead_log(driver: Any) -> None:
    """A backstride database (or a new one): write-ahead log from now on (kept in the file).

    Switching needs the file to itself and SQLite says "locked" at once, without waiting, while
    another program starting at the same moment holds it: so try again until the busy timeout.
    """
    deadline = time.monotonic() + db.SQLITE_BUSY_TIMEOUT_S
    while True:
        try:
            driver.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _check_sqlite_file(connection: Connection) -> None:
    """Refuse a damaged file, or another program's database (tables, but not ours)."""
    found = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check")]
    if found != ["ok"]:
        raise UnusableDatabase(db.DAMAGED.format(found[0]))
    tables = {
        name
        for (name,) in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith("sqlite_")
    }
    if tables and "alembic_version" not in tables:
        shown = ", ".join(sorted(tables)[:3])
        raise UnusableDatabase(
            f"it belongs to another program (it holds tables {shown} and no backstride data); {db.NOT_OURS}"
        )


def _check_known_version(connection: Connection, config: Config) -> None:
    """Refuse a database whose tables were made by a newer backstride (a revision not known here)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(config)
    known = {revision.revision for revision in script.walk_revisions()}
    unknown = [r for r in MigrationContext.configure(connection).get_current_heads() if r not in known]
    if unknown:
        raise UnusableDatabase(
            f"it was made by a newer version of backstride (its tables are at version "
            f"{', '.join(unknown)}; this version knows up to {script.get_current_head()}); it was not "
            "changed: open it with that newer version, or use another database"
        )


def _check_writable(connection: Connection) -> None:
    """Write once and take it back, so a read-only database is named at start, not at the first save."""
    probe = connection.begin_nested()
    try:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = version_num")
    finally:
        probe.rollback()


def _broken_links(connection: Connection) -> set[tuple[object, ...]]:
    """SQLite's ``PRAGMA foreign_key_check``: (table, rowid, referred table, constraint) per broken link."""
    return {tuple(row) for row in connection.exec_driver_sql("PRAGMA foreign_key_check")}


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or ``None`` for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


__all__ = [
    "MIGRATIONS_DIR",
    "UnusableDatabase",
    "alembic_config",
    "current_revision",
    "downgrade_to",
    "upgrade_head",
]
