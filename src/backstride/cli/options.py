"""Options that several commands share, so they read the same everywhere: ``--db`` and ``--person``."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from backstride.core.errors import NotFoundError
from backstride.core.typed import NotCentimetres, typed_centimetres, typed_number, typed_whole

DB_HELP = (
    "Database: a SQLite file's path (/path/file.sqlite3) or a URL (postgresql://user@host/dbname); "
    "default: DATABASE_URL, else the app's SQLite file in your user data folder."
)
PERSON_HELP = (
    "Whose records: a person's id or label, as 'backstride people list' shows them. "
    "Needed when the database keeps records for several people."
)


def number_parser(
    low: float | None = None, high: float | None = None, *, whole: bool = False
) -> Callable[[Any], Any]:
    """A typer ``parser`` for a number option: typed in ASCII digits, finite, from ``low`` to ``high``
    (when given), else ``typer.BadParameter`` saying what was expected (exit 2 naming the option)."""
    kind = "a whole number" if whole else "a number"
    if low is not None and high is not None:
        kind += f" from {low:g} to {high:g}"
    elif low is not None:
        kind += f" of {low:g} or more"

    def parse(typed: Any) -> Any:
        if not isinstance(typed, str):  # the default value
            return typed
        try:  # as every interface reads a typed number (typer's own reading also takes '1_0' as 10)
            value: float | None = typed_whole(typed) if whole else typed_number(typed)
        except ValueError:
            value = None
        if (
            value is None
            or not math.isfinite(value)
            or (low is not None and value < low)
            or (high is not None and value > high)
        ):
            raise typer.BadParameter(f"expected {kind}, got {typed!r}")
        return value

    return parse


def database_url(db: str | None, *, create: bool) -> str:
    """The database a command works on: ``--db``, else ``DATABASE_URL``, else the app's SQLite file.

    A plain file path (no ``://``) is taken as a SQLite file. Refused (``InputError``) where what a
    person enters would go where nobody finds it: an empty ``--db`` (it would mean the default
    database), a database in memory (gone when the command ends), a SQLite file that does not exist
    (``NotFoundError``; unless ``create``: a command that stores something may make one) and a file
    in a folder that does not exist (a mistyped folder is never made; only the app's own data folder
    is).
    """
    import os

    from backstride.core.errors import InputError
    from backstride.storage.db import DATABASE_URL_ENV

    if db is not None and not db.strip():
        raise InputError(f"--db is empty; expected {DB_EXAMPLE}")
    from_env = os.environ.get(DATABASE_URL_ENV, "").strip()
    named = "--db" if db else DATABASE_URL_ENV if from_env else None  # None: the app's own file
    try:  # a name the system cannot take (too long, an unknown ~user) is refused by name
        return _checked(db, named, create=create)
    except (OSError, RuntimeError) as exc:
        raise InputError(
            f"{named or 'the database'} cannot be used as a file name ({exc}); expected {DB_EXAMPLE}"
        ) from None


class NoSavedDataError(NotFoundError):
    """A SQLite file that does not exist, for a command that only reads or changes what is kept.
    ``named``: the option or variable that named it (None: the app's own file). "Give the database
    with --db" is said only when no --db was given (it was said when it was)."""

    def __init__(self, path: Path, named: str | None, person: str | None = None) -> None:
        self.path, self.named = path, named
        there = f"no saved data at {path}: nothing is kept there yet"
        if person is not None:  # a --person cannot be in a database that is not there
            there += f", so nobody is there for --person {person!r}"
        start = (
            "add them first ('backstride people add NAME')"
            if person is not None
            else "start with the web app ('backstride serve') or a day of your diary ('backstride diary "
            "add --pain 3')"
        )
        if named is None:
            what = f"Give the database with --db, or {start}"
        else:  # the file was named: its name may be wrong, and the way to start must name it too
            same = ", with the same --db" if named == "--db" else ""
            what = f"Check the file name {named} gives, or {start}{same}"
        super().__init__(f"{there}. {what}")


def _checked(db: str | None, named: str | None, *, create: bool) -> str:
    """``database_url``'s checks of a SQLite file (``named``: the option or variable it came from)."""
    from backstride.core.errors import InputError
    from backstride.storage.db import default_database_url, default_folder, sqlite_path_as_url

    url = sqlite_path_as_url(db) if db else default_database_url()  # a plain path: a SQLite file
    file = _sqlite_file(url)
    if file is None:  # another database (its own errors are named when it is opened), or a URI
        return url
    if file in ("", ":memory:"):
        raise InputError(
            f"{named or 'the database'} {url!r} is a database in memory, which is gone when the command "
            f"ends, so nothing would be kept; expected {DB_EXAMPLE}"
        )
    path = Path(file).expanduser()
    if path.is_dir():
        raise InputError(f"{named or 'the database'} {path} is a folder; expected {DB_EXAMPLE}")
    if not create and not path.is_file():
        raise NoSavedDataError(path, named)
    folder = path.absolute().parent
    if not folder.is_dir() and folder != default_folder().absolute():
        raise InputError(
            f"{named or 'the database'} {path}: the folder {folder} does not exist; nothing was "
            "created. Check the folder's name, or make the folder first"
        )
    return url


@contextmanager
def kept_only_if_stored(db: str | None) -> Iterator[None]:
    """Around the part of a command that may make a new SQLite database (``create=True``) and store
    something in it: if that part fails (a bad input, a refusal, Ctrl-C), a database file it made is
    removed again, with its journal, so a failed command leaves no empty database behind. A file (or
    a link) that was there before is never touched, nor one that holds anything by then, nor one
    another program has open (``backstride serve`` would go on storing into a file nobody finds);
    another database (PostgreSQL) is left as it is."""
    import os

    from backstride.core.errors import BackstrideError

    try:  # the file --db names; a --db refused here is refused again, by name, inside the command
        url = database_url(db, create=True)
    except BackstrideError:
        url = ""
    file = _sqlite_file(url) if url else None
    path = Path(file).expanduser() if file else None
    if path is None or os.path.lexists(path):  # lexists: a link to no file yet is there too
        yield
        return
    made = [path.with_name(path.name + end) for end in ("", "-wal", "-shm", "-journal")]
    made = [each for each in made if not os.path.lexists(each)]
    try:
        yield
    except BaseException as exc:
        if (isinstance(exc, typer.Exit) and exc.exit_code == 0) or not path.exists():
            raise  # a command that ended well, or one that made no database
        if _removed_if_unused(path):
            for each in made[1:]:  # its journal files, left by connections now closed
                try:
                    each.unlink(missing_ok=True)
                except OSError:
                    pass
        raise


def _removed_if_unused(path: Path) -> bool:
    """Remove the SQLite file at ``path`` if no other program has it open and it holds nothing anyone
    stored: at most the person made with it ("Me", with no details), no records, no password, staff
    or activity. Checked and removed under an exclusive lock, so nobody stores anything in between; a
    file that is busy, cannot be read or is not a database is kept.

    The window, precisely (``tests/integration/test_cli_failed_command_removal_race.py``):

    * check to removal: closed. The lock is taken before the check and let go only after the unlink
      (``locking_mode=EXCLUSIVE`` keeps it past the transaction, ``close`` comes last). A program that
      reads the file in the write-ahead log holds a lock as long as it is open, so ``BEGIN EXCLUSIVE``
      fails at once (timeout 0) and the file is kept.
    * a program that opened the file before the removal but took no lock yet (SQLite locks on the first
      read), or waits for this lock: it gets the lock on a file with no name. Its write is refused by
      SQLite, never kept where nobody finds it: with the write-ahead log it cannot make its ``-wal``
      beside a name that is gone (``SQLITE_IOERR_FSTAT``), with a rollback journal the file has moved
      (``SQLITE_READONLY_DBMOVED``). The person using it sees an error, not a loss.
    * left open, and not closable from here: if a third program makes a new database under the same name
      before that waiting program's next try, a program still holding the removed file in the
      write-ahead log reads the new file's ``-wal`` and ``-shm`` beside its own old pages (SQLite's
      "unlinking a database in use", sqlite.org/howtocorrupt.html 2.4): its write may land in the new
      file's log. It needs three programs on one new, empty file, the third within the waiting one's
      busy retry (milliseconds); only SQLite itself could close it."""
    import sqlite3
    from urllib.parse import quote

    from backstride.storage.db import dispose_sqlite_file

    dispose_sqlite_file(path)  # this command's own connections: any still open are someone else's
    try:  # mode=rw: never makes a file; timeout 0: a lock held elsewhere is an answer, not a wait
        connection = sqlite3.connect(
            f"file:{quote(str(path.absolute()))}?mode=rw", uri=True, timeout=0, isolation_level=None
        )
    except sqlite3.Error:
        return False
    try:
        connection.execute("PRAGMA locking_mode=EXCLUSIVE")  # held until closed, after the removal
        connection.execute("BEGIN EXCLUSIVE")
        if not _holds_nothing(connection):
            return False
        path.unlink()
    except (sqlite3.Error, OSError):  # open elsewhere (busy), not a database, or cannot be removed
        return False
    finally:
        connection.close()
    return True


def _holds_nothing(connection: Any) -> bool:
    """Whether the database on ``connection`` holds nothing anyone stored: no row in any table but the
    schema's version and the one person made with it, who is still "Me" with nothing else given."""
    from backstride.services.people import FIRST_PERSON_LABEL

    tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in set(tables) - {"alembic_version", "sqlite_sequence", "people"}:
        if connection.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone():  # noqa: S608 - its own tables
            return False
    if "people" not in tables:
        return True
    cursor = connection.execute("SELECT * FROM people")
    columns = [d[0] for d in cursor.description]
    people = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    made_with_it = ("id", "label", "label_key", "created_at")
    return len(people) <= 1 and all(
        p["label"] == FIRST_PERSON_LABEL and all(v is None for k, v in p.items() if k not in made_with_it)
        for p in people
    )


def refuse_to_replace(path: Path, *, force: bool, option: str) -> None:
    """Refuse (``InputError``) to write over a file already at ``path`` unless ``--force``: what a
    command writes (``--out`` of report and export, ``--plot``) never replaces a file by a typo."""
    from backstride.core.errors import InputError

    if path.exists() and not force:
        raise InputError(f"{option} {path} already exists; nothing was written (add --force to replace it)")


DB_EXAMPLE = (
    "a SQLite file's path (e.g. /path/file.sqlite3, or sqlite:////path/file.sqlite3) "
    "or a database URL (e.g. postgresql://user@host/dbname)"
)


def _sqlite_file(url: str) -> str | None:
    """A SQLite URL's file name ("" or ":memory:": in memory); None for another database, a URL that
    cannot be read (``Database`` names that) or a ``file:`` URI."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # sqlalchemy's ArgumentError, or a value it cannot split
        return None
    if parsed.get_backend_name() != "sqlite":
        return None
    name = parsed.database or ""
    if name.startswith("file:"):
        return ":memory:" if "mode=memory" in name or parsed.query.get("mode") == "memory" else None
    return name


def refuse_without_save(save: bool, person: str | None, db: str | None, what: str) -> None:
    """``--person`` and ``--db`` say where ``--save`` keeps ``what`` (the check, the walk): alone they
    would keep nothing, though they read as if they did (exit 2)."""
    from backstride.core.errors import InputError

    if not save and (person is not None or db is not None):
        given = [o for o, v in (("--person", person), ("--db", db)) if v is not None]
        say, them = ("say", "them") if len(given) > 1 else ("says", "it")
        raise InputError(
            f"{' and '.join(given)} only {say} where --save keeps {what}: add --save, or leave {them} out"
        )


def person_option() -> Any:
    """The ``--person`` option of every command that reads or writes stored records (a new one each
    time: typer keeps an option's settings on the object)."""
    return typer.Option(None, "--person", metavar="PERSON", help=PERSON_HELP)


def centimetres(typed: Any) -> Any:
    """A typer ``parser`` for ``--height-cm``: a number, its unit written or not ("170", "170cm", "170
    cm"); another unit is refused naming the one expected ("1.7m": '1.7 m is 170 cm'), exit 2. The
    range is checked where the height is used."""
    if not isinstance(typed, str):  # the default value
        return typed
    # no height (a typo, '5ft8', '') said as one, like the API's form field: not 'like 172 or 4.5'
    no_height = f"expected a height as a number of centimetres (cm), like 170, got {typed!r}"
    try:
        value = typed_centimetres(typed)
    except NotCentimetres as exc:
        raise typer.BadParameter(str(exc)) from None
    except ValueError:
        raise typer.BadParameter(no_height) from None
    if not math.isfinite(value):  # '1e400': digits, but no number a height can be
        raise typer.BadParameter(no_height)
    return value


__all__ = [
    "DB_HELP",
    "PERSON_HELP",
    "centimetres",
    "database_url",
    "kept_only_if_stored",
    "number_parser",
    "person_option",
    "refuse_to_replace",
]
