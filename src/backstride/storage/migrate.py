"""Run the packaged Alembic migrations programmatically (no alembic.ini needed at run time)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine

from backstride.core.errors import StorageError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


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


def _run(engine: Engine, step: Callable[[Config], None]) -> None:
    config = alembic_config(engine)
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config)
        return
    # SQLite rebuilds a table to change it (copy, drop, rename). With foreign keys on, dropping a
    # table that other rows refer to fires their ON DELETE SET NULL / CASCADE: links or rows would be
    # lost. So foreign keys are off for the migration, switched on the driver's connection before
    # BEGIN (inside a transaction SQLite ignores the pragma), and PRAGMA foreign_key_check must find
    # no broken link the migration made before it commits. BEGIN IMMEDIATE: one migrator at a time
    # (several workers starting together); the second then finds the schema at head. The
    # connection is discarded afterwards, so no pooled connection ever keeps foreign keys off.
    with engine.connect() as connection:
        try:
            driver = connection.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA foreign_keys=OFF")
            with connection.execution_options(sqlite_begin="IMMEDIATE").begin():
                broken_before = _broken_links(connection)
                config.attributes["connection"] = connection
                step(config)
                broken = _broken_links(connection) - broken_before
                if broken:  # a mistake in a migration: refuse it, nothing is changed
                    shown = engine.url.render_as_string(hide_password=True)
                    raise StorageError(
                        f"cannot upgrade the database {shown}: the upgrade would break "
                        f"{len(broken)} links between records, so nothing was changed; please tell the "
                        "people who make backstride"
                    )
        finally:
            connection.invalidate()


def _broken_links(connection: Connection) -> set[tuple[object, ...]]:
    """SQLite's ``PRAGMA foreign_key_check``: (table, rowid, referred table, constraint) per broken link."""
    return {tuple(row) for row in connection.exec_driver_sql("PRAGMA foreign_key_check")}


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or ``None`` for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


__all__ = ["MIGRATIONS_DIR", "alembic_config", "current_revision", "downgrade_to", "upgrade_head"]
