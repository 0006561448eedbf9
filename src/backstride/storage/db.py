"""Database engine and sessions, created on demand (never at import).

``Database(url)`` owns one engine and one session factory. SQLite (the default, a file in the user
data directory) runs with WAL journaling, ``synchronous=NORMAL`` and foreign keys on; any other URL
SQLAlchemy understands (PostgreSQL via ``postgresql+psycopg://``) works the same way.
``Database.migrate()`` runs the packaged Alembic migrations to ``head``.
"""

from __future__ import annotations

import os
import re
import shlex
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    NotSupportedError,
    ProgrammingError,
    SQLAlchemyError,
    TimeoutError,
)
from sqlalchemy.orm import Session, sessionmaker

from backstride.core.errors import StorageError

APP_NAME = "backstride"
DATABASE_URL_ENV = "DATABASE_URL"


def default_database_url() -> str:
    """``DATABASE_URL`` when set, else a SQLite file in the user data directory."""
    from_env = os.environ.get(DATABASE_URL_ENV, "").strip()
    if from_env:
        try:
            return sqlite_path_as_url(from_env)  # a plain file path, as --db takes it
        except (OSError, RuntimeError):  # not a name the system takes: ``Database`` names it
            return from_env
    return sqlite_url(default_folder() / "backstride.sqlite3")


SQLITE_ENDINGS = (".db", ".sqlite", ".sqlite3")


def sqlite_path_as_url(text: str) -> str:
    """A plain file path (no ``scheme://``) with a SQLite file's ending (.db, .sqlite, .sqlite3) as
    that file's URL; anything else as it is (a stray word never becomes a new file). ``OSError`` or
    ``RuntimeError`` when the system cannot take it as a file name (too long, an unknown ~user)."""
    if "://" in text or text.startswith("sqlite:") or Path(text).suffix.lower() not in SQLITE_ENDINGS:
        return text
    return sqlite_url(Path(text).expanduser().absolute())


def default_folder() -> Path:
    """The app's own data folder (in the user data directory), made when first needed."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME))


def sqlite_url(path: Path | str) -> str:
    """The SQLAlchemy URL of a SQLite file at ``path``."""
    return f"sqlite:///{Path(path)}"


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` / ``postgres://`` URLs and use the psycopg 3 driver for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


_PASSWORD_IN_URL = re.compile(r"(://[^/:@]*:)[^/@]*@")


# a password given as a query parameter (libpq and psycopg take ``?password=...`` too)
_PASSWORD_IN_QUERY = re.compile(r"([?&](?:ssl)?password=)[^&#]*", re.IGNORECASE)


def masked_url(url: str) -> str:
    """``url`` with its password replaced by ``***``, in its user part or its query (also when
    SQLAlchemy cannot parse it)."""
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except Exception:  # a malformed URL: hide anything between "user:" and "@"
        shown = _PASSWORD_IN_URL.sub(r"\1***@", url)
    return _PASSWORD_IN_QUERY.sub(r"\1***", shown)


# What a person reads for the database's own error (matched on the driver's text, lower case):
# the problem in plain words, then the driver's words in brackets.
DAMAGED = (
    "it is damaged ({}); it was not changed: use a copy of it from before the damage, or another database"
)
NOT_OURS = "it was not changed: expected a backstride database, or the name of a new file"
_PLAIN_PROBLEMS = (
    (
        ("database is locked", "database table is locked"),
        "it is busy: another program is using it ({}); "
        "please try again in a moment, or close the other program",
    ),
    (
        ("readonly database", "read-only"),
        "it is read-only ({}); expected a database (file and folder) that this program may write to",
    ),
    (("database disk image is malformed",), DAMAGED),
    (("file is not a database",), "it is not a database, or it is damaged ({}); " + NOT_OURS),
    (("database or disk is full", "no space left"), "the disk is full ({}); free some space and try again"),
    (
        ("unable to open database file", "permission denied", "read-only file system"),
        "it cannot be opened or written here ({}); expected a file in a folder that exists and "
        "that this program may write to",
    ),
    (("disk i/o error",), "the disk could not be read or written ({})"),
)


def _problem(exc: BaseException, url: str = "", schema: str = "public") -> str:
    """What is wrong, in plain words, with the driver's own first line (no SQLAlchemy wrapping);
    ``url``: the database's, for the names in a PostgreSQL way out; ``schema``: the PostgreSQL schema
    backstride's tables are in (``Database.schema_in_use``), for the rights to grant."""
    from sqlalchemy.exc import DBAPIError, NoSuchModuleError

    if isinstance(exc, NoSuchModuleError):
        return "this kind of database is not known; expected sqlite:///path/file.sqlite3 or postgresql://…"
    if isinstance(exc, ImportError):
        missing = getattr(exc, "name", None) or str(exc)
        if missing.split(".")[0] == "psycopg":  # PostgreSQL's driver is the optional 'postgres' extra
            return (
                "its database driver (psycopg) is not installed; install it with "
                "pip install 'backstride[postgres]' (from a copy of the code: pip install -e '.[postgres]')"
            )
        return f"its database driver ({missing}) is not installed; use SQLite or PostgreSQL"
    original = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = str(original).strip().splitlines()
    said = lines[0] if lines else type(original).__name__
    # PostgreSQL's words (never SQLite's): checked before the plain "permission denied" (a file's)
    refused = _NOT_THE_OWNER.search(said)
    statement = str(getattr(exc, "statement", None) or "").lstrip().split(" ", 1)[0].upper()
    if refused and statement not in ("", "CREATE"):  # not even a read: no USAGE on the schema
        where, user = refused.group(1), _database_and_user(url)[1]
        return (
            f"the database user {user} may not use the schema {where} ({said}); its owner can allow it "
            f"(in psql: GRANT USAGE ON SCHEMA {_sql_name(where)} TO {_sql_name(user)};), then run this again"
        )
    if refused and refused.group(1) != "public":  # a schema of its own (the URL's search_path)
        where, user = refused.group(1), _database_and_user(url)[1]
        return (
            f"the user {user} may not make backstride's tables in the schema {where} ({said}); the "
            f"schema's owner can allow it (in psql: GRANT USAGE, CREATE ON SCHEMA {_sql_name(where)} TO "
            f"{_sql_name(user)};) or PostgreSQL's admin can make {user} its owner (ALTER SCHEMA "
            f"{_sql_name(where)} OWNER TO {_sql_name(user)};), then run this again"
        )
    if _NO_SCHEMA in said:  # the search_path's schema missing, or the user may not use it (no USAGE)
        where, user = _search_path(url), _database_and_user(url)[1]
        return (
            f"the database user {user} cannot find or may not use the schema {where} ({said}); make it, "
            f"or let {user} use it (in psql, as its owner: GRANT USAGE, CREATE ON SCHEMA {_sql_name(where)} "
            f"TO {_sql_name(user)};), then run this again"
        )
    if refused:
        name, user = _database_and_user(url)
        return (
            f"the user {user} may not make backstride's tables in the database {name} ({said}); since "
            f"PostgreSQL 15 only the database's owner may: make {user} its owner (in psql, as PostgreSQL's "
            f"admin: ALTER DATABASE {_sql_name(name)} OWNER TO {_sql_name(user)};), then run this again"
        )
    if _not_granted(original):  # a PostgreSQL user not given a right on backstride's tables
        user = _database_and_user(url)[1]
        able = "may not read it" if statement == "SELECT" else "may read it but not change it"
        schema = _sql_name(schema)
        return (
            f"the database user {user} {able} ({said}); expected a user that may read and write "
            f"backstride's tables: their owner can allow it (in psql: GRANT SELECT, INSERT, UPDATE, "
            f"DELETE ON ALL TABLES IN SCHEMA {schema} TO {_sql_name(user)}; GRANT USAGE ON ALL SEQUENCES "
            f"IN SCHEMA {schema} TO {_sql_name(user)};), or use the user that made them"
        )
    for clues, plain in _PLAIN_PROBLEMS:
        if any(clue in said.lower() for clue in clues):
            return plain.format(said)
    nobody = _NO_SUCH_USER.search(said)
    if nobody:  # a new PostgreSQL server: the user of the URL is made by PostgreSQL's admin, once
        user = nobody.group(1)
        return (
            f"there is no database user called {user!r} on that server yet ({said}); make it first with "
            f"PostgreSQL's own tools (createuser -P {shlex.quote(user)}, which asks its password, or in "
            f"psql: CREATE ROLE {_sql_name(user)} LOGIN PASSWORD '...';), then run this again"
        )
    missing = _NO_SUCH_DATABASE.search(said)
    if missing:  # a new PostgreSQL server: backstride makes its tables, not the database itself
        name, user = missing.group(1), _database_and_user(url)[1]
        # owned by the user backstride connects as: since PostgreSQL 15 only the owner may make tables
        return (
            f"there is no database called {name!r} on that server yet ({said}); make it first with "
            f"PostgreSQL's own tools, owned by {user} (createdb -O {shlex.quote(user)} {shlex.quote(name)}, "
            f"or in psql: CREATE DATABASE {_sql_name(name)} OWNER {_sql_name(user)};), then run this "
            "again: backstride makes its tables in it"
        )
    return said


# PostgreSQL's code for a right a user was not given (insufficient_privilege: "permission denied for
# table ..."): psycopg raises it as a ProgrammingError, which is not the code's mistake (OUR_MISTAKES)
_NOT_GRANTED = "42501"


def _not_granted(original: object) -> bool:
    """Whether PostgreSQL refused a statement because its user lacks a right (a read-only role)."""
    return getattr(original, "sqlstate", None) == _NOT_GRANTED


# PostgreSQL's words for a database name the server does not have
_NO_SUCH_DATABASE = re.compile(r'database "([^"]+)" does not exist')
# and for a user (role) it does not have
_NO_SUCH_USER = re.compile(r'role "([^"]+)" does not exist')
# and for a user that may not make tables in the database (PostgreSQL 15: only its owner may)
# (any schema: "public", or the one the URL's search_path names; PostgreSQL writes its name as it is)
_NOT_THE_OWNER = re.compile(r"permission denied for schema (\S+)", re.IGNORECASE)


# and for no schema of the search_path there (or none the user may use: current_schema() is null)
_NO_SCHEMA = "no schema has been selected to create in"


def _search_path(url: str) -> str:
    """The first schema the URL's ``options=-csearch_path=...`` names, else PostgreSQL's default."""
    try:
        options = make_url(url).query.get("options") or ""
    except Exception:  # not a URL SQLAlchemy reads
        return "public"
    found = re.search(r"search_path\s*=\s*([^,\s]+)", str(options))
    return found.group(1).strip('"') if found else "public"


def _database_and_user(url: str) -> tuple[str, str]:
    """The database's name and the user of ``url`` (its own words when it does not say)."""
    try:
        parsed = make_url(url)
    except Exception:  # not a URL SQLAlchemy reads: the words of the message stand in
        return "NAME", "USER"
    return parsed.database or "NAME", parsed.username or os.environ.get("USER") or "USER"


def _sql_name(name: str) -> str:
    """``name`` as psql reads an identifier: as it is when plain, else in double quotes."""
    return name if re.fullmatch(r"[a-z_][a-z0-9_]*", name) else '"' + name.replace('"', '""') + '"'


def storage_error(url: str, exc: BaseException, schema: str = "public") -> StorageError:
    """A ``StorageError`` naming the database (password hidden) and what went wrong (``schema``: see
    ``_problem``)."""
    return StorageError(f"cannot use the database {masked_url(url)}: {_problem(exc, url, schema)}")


# How long a write waits for another program's write lock before it is "busy" (StorageError).
SQLITE_BUSY_TIMEOUT_S = 10.0


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own transaction handling is off),
    # so a write transaction can take the write lock up front with BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # Nothing here writes to the file: WAL journaling is switched on by migrate(), once the file is
    # known to be a backstride database (or new), so another program's file is never changed.
    # NORMAL in WAL mode: a commit survives a killed process (tests/integration/test_crash.py); only
    # a power cut or OS crash may lose the last commits, and never corrupts the file.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
    cursor.close()


def _sqlite_busy_timeout(connection: Any, ms: int) -> None:
    """Set how long a SQLite ``connection`` (SQLAlchemy's) waits for another's write lock, outside any
    transaction (the driver's own cursor: SQLAlchemy would begin one)."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={int(ms)}")
    finally:
        cursor.close()


# Database errors that mean the code asked for something wrong (a bug), not that the database failed.
OUR_MISTAKES = (IntegrityError, ProgrammingError, DataError, NotSupportedError)


def _sqlite_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


# The read transaction of ``Database.snapshot`` open in this context (a request, a command), with its
# database: the read sessions opened inside it are that one
_SNAPSHOT: ContextVar[tuple[Database, Session] | None] = ContextVar("backstride_snapshot", default=None)
# A snapshot's session's ``info`` key: the first error of a read in it not ``catching`` its errors
_SNAPSHOT_FAILED = "backstride: a read failed"


class Database:
    """One database: its engine, its sessions and its migrations."""

    def __init__(self, url: str | None = None) -> None:
        self.url = normalise_url(url or default_database_url())
        try:
            parsed = make_url(self.url)
        except Exception as exc:  # sqlalchemy raises ArgumentError for a malformed URL
            raise StorageError(
                f"database URL {masked_url(self.url)!r} is not valid; expected a SQLite file's path, "
                "e.g. /path/file.sqlite3 (as a URL: sqlite:////path/file.sqlite3), "
                "or postgresql://user@host:5432/dbname"
            ) from exc
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        try:
            name = parsed.database or ""
            if self.is_sqlite and name and name != ":memory:" and not name.startswith("file:"):
                Path(name).expanduser().parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = self._create_engine()
        except (SQLAlchemyError, ImportError, OSError) as exc:  # unknown dialect, driver missing
            raise storage_error(self.url, exc) from exc
        self._sessions = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._write_lock = threading.RLock()  # re-entrant: a nested write fails on SQLite, never hangs
        _OPEN.add(self)

    def _create_engine(self) -> Engine:
        if self.is_sqlite:
            connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S}
            engine = create_engine(self.url, connect_args=connect_args)
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
            return engine
        return create_engine(self.url, pool_pre_ping=True, pool_size=10, max_overflow=20)

    @contextmanager
    def session(self, *, write: bool = False, catching: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on any error.

        ``write=True`` takes SQLite's write lock at the start (``BEGIN IMMEDIATE``), so a
        read-modify-write never fails half-way on a lock; on PostgreSQL rows are locked as read.
        The database failing (busy, read-only, damaged, disk full, server gone) is a
        ``StorageError`` naming the problem; a write then saved nothing (rolled back).
        ``catching=True``: a read whose database error the caller catches and reads on after, also
        inside a ``snapshot`` (``_inside_snapshot``; on SQLite, unless the error ended its transaction).
        """
        shared = None if write else self._snapshot_open()
        if shared is not None:  # inside ``snapshot``: its transaction, committed or ended by it
            yield from self._inside_snapshot(shared, catching=catching)
            return
        try:
            if write and self.is_sqlite:
                # One writer at a time inside this process, queued on a lock that wakes the next thread
                # at once; SQLite's own busy handler would sleep and poll (up to 100 ms a try) instead.
                with self._write_lock, self._sessions() as session, session.begin():
                    session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
                    yield session
                return
            with self._sessions() as session, session.begin():
                yield session
        except (DBAPIError, TimeoutError) as exc:
            error = self._failed(exc, write=write)
            if error is exc:
                raise
            raise error from exc

    def write_if_free(self, statement: Any, rows: list[dict[str, Any]]) -> None:
        """Run ``statement`` once per row of ``rows`` in one transaction, only if nobody is writing: a
        write a read makes on its way (``Records.list_assessments``' marks), which must never keep that
        read waiting. On SQLite it does not wait for the write lock (another thread's or program's), on
        PostgreSQL for a row lock (at most 50 ms); busy, a read-only user or file, any database failure:
        ``StorageError``, nothing written, for the caller to let go. Never inside a ``snapshot``'s
        transaction (a connection of its own)."""
        if not rows:
            return
        try:
            # the pooled connection first, then this process's write lock: waiting for a connection (all
            # in use) with the lock held would keep every other writer here waiting too (review R21)
            with self.engine.connect() as connection:
                if not self.is_sqlite:
                    with connection.begin():
                        connection.exec_driver_sql("SET LOCAL lock_timeout = '50ms'")
                        connection.execute(statement, rows)
                    return
                if not self._write_lock.acquire(blocking=False):
                    raise StorageError(
                        f"cannot use the database {masked_url(self.url)}: busy; nothing was saved"
                    )
                try:
                    _sqlite_busy_timeout(connection, 0)  # on the driver's connection: no transaction
                    try:
                        with connection.execution_options(sqlite_begin="IMMEDIATE").begin():
                            connection.execute(statement, rows)
                    finally:
                        _sqlite_busy_timeout(connection, int(SQLITE_BUSY_TIMEOUT_S * 1000))
                finally:
                    self._write_lock.release()
        except (DBAPIError, TimeoutError) as exc:
            error = self._failed(exc, write=True)
            if error is exc:
                raise
            raise error from exc

    def read_value(self, sql: str) -> Any:
        """The first value of a plain SQL read (``sql``: a constant statement, no parameters), on a pooled
        connection's driver cursor, with no SQLAlchemy connection or transaction around it (on SQLite no
        BEGIN: one statement, which reads as of one moment alone): 20-35 us of CPU against ~150 us through
        a SQLAlchemy connection and ~600 us in a ``session`` (2-core VM, 2026-11-28), for a small check
        made on every request (``services.access``). As the driver
        gives it (a JSON column: its text on SQLite, decoded on PostgreSQL); None when no row. The pool
        ends whatever the driver began (PostgreSQL's implicit transaction) when the connection goes
        back. ``StorageError`` as ``session`` (the driver's errors told apart as SQLAlchemy's)."""
        try:
            raw = self.engine.raw_connection()
        except (DBAPIError, TimeoutError) as exc:
            error = self._failed(exc)
            if error is exc:
                raise
            raise error from exc
        dbapi = self.engine.dialect.loaded_dbapi
        try:
            cursor = raw.cursor()
            try:
                cursor.execute(sql)
                row = cursor.fetchone()
            finally:
                cursor.close()
        except dbapi.Error as exc:
            raw.invalidate()  # the connection may be broken (a server gone): never handed out again
            wrapped = DBAPIError.instance(sql, None, exc, dbapi.Error, dialect=self.engine.dialect)
            error = self._failed(wrapped) if isinstance(wrapped, DBAPIError) else wrapped
            raise error from exc
        finally:
            raw.close()
        return None if row is None else row[0]

    def _failed(self, exc: DBAPIError | TimeoutError, *, write: bool = False) -> Exception:
        """What a session raises for a database error: the error itself when the code asked for something
        wrong (a bug), else a ``StorageError`` naming the problem."""
        if isinstance(exc, OUR_MISTAKES) and not _not_granted(
            exc.orig if isinstance(exc, DBAPIError) else exc
        ):
            return exc  # a constraint or statement the code got wrong: a bug, not the database
        error = self._storage_error(exc)
        return StorageError(f"{error}; nothing was saved") if write else error

    def _storage_error(self, exc: BaseException) -> StorageError:
        """``storage_error`` for this database: a right not granted names the schema in use."""
        original = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
        return storage_error(self.url, exc, self.schema_in_use() if _not_granted(original) else "public")

    def schema_in_use(self) -> str:
        """The PostgreSQL schema backstride's tables are made and found in: the first of the connection's
        search_path (set by the URL's ``options=-csearch_path=...``, the user's or the database's
        default), asked on a new connection; "public", PostgreSQL's default, when it cannot be asked
        (or on SQLite, which has none). Only for the words of an error: never on a request's way."""
        if self.is_sqlite:
            return "public"
        try:
            with self.engine.connect() as connection:
                return str(connection.exec_driver_sql("SELECT current_schema()").scalar() or "public")
        except Exception:  # the server gone meanwhile: the words name PostgreSQL's default
            return "public"

    def _inside_snapshot(self, shared: Session, *, catching: bool) -> Iterator[Session]:
        """A read ``session`` inside a ``snapshot``: its transaction. On PostgreSQL a database error aborts
        the whole transaction until it ends ("current transaction is aborted"), so one caught inside a
        snapshot left every read after it failing, with words about that instead of the problem. A read
        ``catching`` its error is a savepoint there: the error rolls back to it, and the snapshot reads
        on, as of the same moment (SQLite's transaction outlives most failed statements: none is needed;
        one SQLite ended itself, ``_snapshot_ended``, stops the snapshot as below). Any
        other read that failed ends the snapshot's reading on either database: every read after it in
        the same snapshot is refused with the first error's words, never half-read. A savepoint for every
        read would cost two more round trips each (19 in a report). Errors are said as outside one."""
        failed = shared.info.get(_SNAPSHOT_FAILED)
        if failed is not None:
            raise StorageError(f"{failed}; the rest of this read of the records was not done")
        try:
            if catching and not self.is_sqlite:
                with shared.begin_nested():
                    yield shared
            else:
                yield shared
        except (DBAPIError, TimeoutError) as exc:
            error = self._failed(exc)
            if not catching or self._snapshot_ended(shared):
                shared.info[_SNAPSHOT_FAILED] = str(error).splitlines()[0]
            if error is exc:
                raise
            raise error from exc

    def _snapshot_ended(self, shared: Session) -> bool:
        """Whether SQLite ended the snapshot's transaction itself after an error (its "automatic
        rollback": a full disk, a busy file, an I/O error, no memory): a read ``catching`` it cannot read
        on as of the snapshot's moment (each statement would see what was committed by then), so the
        snapshot stops as after any other failed read. PostgreSQL's savepoint keeps its transaction."""
        if not self.is_sqlite:
            return False
        try:
            return not shared.connection().connection.dbapi_connection.in_transaction  # type: ignore[union-attr]
        except Exception:  # the connection itself is gone: nothing more is read in this snapshot
            return True

    def _snapshot_open(self) -> Session | None:
        shared = _SNAPSHOT.get()
        return shared[1] if shared is not None and shared[0] is self else None

    def in_snapshot(self) -> bool:
        """Whether a ``snapshot`` of this database is open here: a read sees the database as of when it
        began, not what was committed since (also what this context wrote in a write session)."""
        return self._snapshot_open() is not None

    def snapshot_kept(self, name: str) -> dict[Any, Any] | None:
        """A dict named ``name`` that lives as long as the ``snapshot`` open here (None outside one): what
        this context wrote in a write session while it was open, which its reads, as of its moment,
        never see (``Records._work_out`` keeps there the results it stored)."""
        shared = self._snapshot_open()
        return None if shared is None else shared.info.setdefault(name, {})

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """One read transaction that sees every table as of one moment, for a read of many statements (an
        export, the report): REPEATABLE READ on PostgreSQL (at READ COMMITTED each statement sees what was
        committed by then: a walk deleted between two of them showed half-way); SQLite's read transaction
        is one already. Every read ``session()`` opened inside, in this context (one request or command),
        is this transaction, so the services' reads need not be told; a write session is its own, as
        always. Inside one already, the same one."""
        shared = self._snapshot_open()
        if shared is not None:
            yield shared
            return
        with self.session() as session:
            if not self.is_sqlite:
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            token = _SNAPSHOT.set((self, session))
            try:
                yield session
            finally:
                _SNAPSHOT.reset(token)

    def vacuum(self) -> None:
        """SQLite only: rewrite the file so deleted data is gone from disk, not just unlinked."""
        if not self.is_sqlite:
            return
        try:
            # autocommit (isolation_level None): VACUUM needs no transaction
            raw = self.engine.raw_connection()
            try:
                cursor = raw.cursor()
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                cursor.execute("VACUUM")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                cursor.close()
            finally:
                raw.close()
        except (DBAPIError, self.engine.dialect.loaded_dbapi.Error) as exc:
            raise storage_error(self.url, exc) from exc

    def migrate(self) -> Database:
        """Bring the schema up to the newest migration (``alembic upgrade head``).

        A database that cannot be reached, opened or written, is damaged, belongs to another
        program or was made by a newer version is a ``StorageError`` naming it, and is not changed.
        """
        from backstride.storage.migrate import UnusableDatabase, upgrade_head

        try:
            upgrade_head(self.engine)
        except (DBAPIError, OSError, UnusableDatabase, self.engine.dialect.loaded_dbapi.Error) as exc:
            raise self._storage_error(exc) from exc  # refused, unable to open, not a database, busy
        return self

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


_OPEN: weakref.WeakSet[Database] = weakref.WeakSet()  # this process's databases (see dispose_sqlite_file)


def dispose_sqlite_file(path: Path) -> None:
    """Close this process's pooled connections to the SQLite file at ``path``, so that a connection
    still open on it is another program's (a connection in use stays open)."""
    for database in list(_OPEN):
        name = database.engine.url.database if database.is_sqlite else None
        if name and not name.startswith("file:") and Path(name).expanduser().absolute() == path.absolute():
            database.dispose()


__all__ = [
    "DATABASE_URL_ENV",
    "Database",
    "default_database_url",
    "dispose_sqlite_file",
    "sqlite_path_as_url",
    "default_folder",
    "masked_url",
    "normalise_url",
    "sqlite_url",
    "storage_error",
]
