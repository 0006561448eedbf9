"""A clinic that installed backstride without its PostgreSQL driver is told how to add it.

docs/clinic.md once said ``pip install -e .`` and then ``DATABASE_URL=postgresql://...``: psycopg is
only in the ``postgres`` extra, so every command stopped with "its database driver (psycopg) is not
installed; use SQLite or PostgreSQL", which names no way out. The message now says what to install.
"""

from __future__ import annotations

import os
import sys

import pytest

from backstride.core.errors import StorageError
from backstride.storage.db import Database


def test_a_missing_postgresql_driver_says_how_to_install_it(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as on an install without the extra
    with pytest.raises(StorageError) as caught:
        Database("postgresql://clinic@127.0.0.1:1/backstride").migrate()
    message = str(caught.value)
    assert "driver (psycopg) is not installed" in message, message
    assert "backstride[postgres]" in message, message


def test_another_missing_driver_keeps_the_plain_message(monkeypatch) -> None:
    with pytest.raises(StorageError) as caught:
        Database("mysql://u@127.0.0.1:1/x").migrate()
    message = str(caught.value)
    assert "driver (MySQLdb) is not installed" in message and "backstride[postgres]" not in message


def test_the_clinic_set_up_installs_the_postgresql_driver() -> None:
    """docs/clinic.md sets up PostgreSQL, so its install line must name the extra holding psycopg."""
    import re
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    extras = tomllib.loads((root / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    with_driver = {name for name, deps in extras.items() if any(d.startswith("psycopg") for d in deps)}
    text = (root / "docs" / "clinic.md").read_text()
    installs = re.findall(r"pip install -e (\S+)", text)
    assert installs, "docs/clinic.md no longer shows how to install"
    for target in installs:
        named = set(re.findall(r"\[([^\]]*)\]", target)[0].split(",")) if "[" in target else set()
        assert named & with_driver, f"'pip install -e {target}' leaves out psycopg ({sorted(with_driver)})"


NO_SUCH_DATABASE = (
    'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
    'FATAL:  database "backstride" does not exist'
)


def test_a_postgresql_database_not_made_yet_says_how_to_make_it() -> None:
    """Found setting up a clinic from docs/clinic.md: backstride makes its tables, not the database, so
    the first command on a new server stopped with PostgreSQL's 'database "backstride" does not exist'
    and no way out. The message now says to make it first, naming it."""
    from backstride.storage.db import storage_error

    message = str(storage_error("postgresql://clinic@127.0.0.1/backstride", Exception(NO_SUCH_DATABASE)))
    # owned by the user the app connects as (review R8: else, since PostgreSQL 15, it may not make tables)
    assert "createdb -O clinic backstride" in message, message
    assert "CREATE DATABASE backstride OWNER clinic;" in message, message
    assert 'database "backstride" does not exist' in message, message  # the server's words are kept


PG_URL = os.environ.get("BACKSTRIDE_TEST_POSTGRES_URL")


@pytest.mark.skipif(not PG_URL, reason="BACKSTRIDE_TEST_POSTGRES_URL not set")
def test_a_real_postgresql_server_without_the_database_says_how_to_make_it() -> None:
    from sqlalchemy.engine import make_url

    url = make_url(str(PG_URL)).set(database="backstride_never_made")
    with pytest.raises(StorageError) as caught:
        Database(url.render_as_string(hide_password=False)).migrate()
    assert "createdb -O postgres backstride_never_made" in str(caught.value), str(caught.value)


NO_SUCH_USER = (
    'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
    'FATAL:  role "clinic" does not exist'
)


def test_a_postgresql_user_not_made_yet_says_how_to_make_it() -> None:
    """Review R8: on a new PostgreSQL server the user of DATABASE_URL is not there either; the message
    was PostgreSQL's alone ('role "clinic" does not exist'). It now says to make it, naming it."""
    from backstride.storage.db import storage_error

    message = str(storage_error("postgresql://clinic@127.0.0.1/backstride", Exception(NO_SUCH_USER)))
    assert "createuser -P clinic" in message and "CREATE ROLE clinic LOGIN" in message, message
    assert 'role "clinic" does not exist' in message, message


@pytest.mark.skipif(not PG_URL, reason="BACKSTRIDE_TEST_POSTGRES_URL not set")
def test_a_real_postgresql_server_without_the_user_says_how_to_make_it() -> None:
    from sqlalchemy.engine import make_url

    url = make_url(str(PG_URL)).set(username="backstride_never_made", password=None)
    with pytest.raises(StorageError) as caught:
        Database(url.render_as_string(hide_password=False)).migrate()
    assert "createuser -P backstride_never_made" in str(caught.value), str(caught.value)


NO_TABLES_HERE = "permission denied for schema public\nLINE 2: CREATE TABLE alembic_version ("


def test_a_postgresql_database_the_user_may_not_make_tables_in_says_how_to_allow_it() -> None:
    """Review R8: a database made by PostgreSQL's admin for the clinic's user (CREATE DATABASE, as
    docs/clinic.md offered) is not the user's, and since PostgreSQL 15 only its owner may make tables:
    the first command said "expected a file in a folder that exists and that this program may write
    to", SQLite's words, with no way out. It now says to make the user its owner."""
    from backstride.storage.db import storage_error

    message = str(storage_error("postgresql://clinic:secret@db/backstride", Exception(NO_TABLES_HERE)))
    assert "ALTER DATABASE backstride OWNER TO clinic;" in message, message
    assert "permission denied for schema public" in message and "a file in a folder" not in message, message
    assert "secret" not in message, message


@pytest.mark.skipif(not PG_URL, reason="BACKSTRIDE_TEST_POSTGRES_URL not set")
def test_a_real_postgresql_database_of_another_owner_says_how_to_allow_it() -> None:
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = make_url(str(PG_URL))
    name = f"r8_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as sql:
        sql.execute(text(f"CREATE ROLE {name} LOGIN"))
        sql.execute(text(f"CREATE DATABASE {name}"))  # the admin's, as "CREATE DATABASE x;" in psql makes it
    db = Database(admin_url.set(username=name, password=None, database=name).render_as_string(False))
    try:
        with pytest.raises(StorageError) as caught:
            db.migrate()
        assert f"ALTER DATABASE {name} OWNER TO {name};" in str(caught.value), str(caught.value)
    finally:
        db.dispose()
        with admin.connect() as sql:
            sql.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            sql.execute(text(f"DROP ROLE IF EXISTS {name}"))
        admin.dispose()


def test_a_postgresql_schema_the_user_may_not_make_tables_in_is_named() -> None:
    """In a schema other than "public" (the URL's search_path) the refusal fell through to the raw
    message, and the database owner's advice did not fit it: the schema is named, with its grant."""
    from backstride.storage.db import storage_error

    said = "permission denied for schema Clinic_Data\nLINE 2: CREATE TABLE alembic_version ("
    message = str(storage_error("postgresql://clinic:secret@db/backstride", Exception(said)))
    assert "may not make backstride's tables in the schema Clinic_Data" in message, message
    assert 'GRANT USAGE, CREATE ON SCHEMA "Clinic_Data" TO clinic;' in message, message
    assert 'ALTER SCHEMA "Clinic_Data" OWNER TO clinic;' in message, message
    assert "ALTER DATABASE" not in message and "a file in a folder" not in message, message
    assert "secret" not in message, message

    class Refused(Exception):  # as SQLAlchemy's DBAPIError carries it: the statement refused
        statement = "SELECT clinic_data.assessments.id FROM clinic_data.assessments"

    refused = Refused("permission denied for schema clinic_data")
    message = str(storage_error("postgresql://clinic@db/backstride", refused))
    assert "the database user clinic may not use the schema clinic_data" in message, message  # not even read
    assert "GRANT USAGE ON SCHEMA clinic_data TO clinic;" in message, message
    assert "make backstride's" not in message, message


@pytest.mark.skipif(not PG_URL, reason="BACKSTRIDE_TEST_POSTGRES_URL not set")
def test_a_real_postgresql_schema_of_another_owner_says_how_to_allow_it() -> None:
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = make_url(str(PG_URL))
    name = f"r8_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as sql:
        sql.execute(text(f"CREATE ROLE {name} LOGIN"))
        sql.execute(text(f"CREATE SCHEMA {name}"))  # the admin's, the user may only use it
        sql.execute(text(f"GRANT USAGE ON SCHEMA {name} TO {name}"))
    url = admin_url.set(username=name, password=None, query={"options": f"-csearch_path={name}"})
    db = Database(url.render_as_string(False))
    try:
        with pytest.raises(StorageError) as caught:
            db.migrate()
        said = str(caught.value)
        assert f"may not make backstride's tables in the schema {name}" in said, said
        assert f"GRANT USAGE, CREATE ON SCHEMA {name} TO {name};" in said, said
        assert "ALTER DATABASE" not in said, said
        with admin.connect() as sql:
            sql.execute(text(f"REVOKE USAGE ON SCHEMA {name} FROM {name}"))
        with pytest.raises(StorageError) as caught:
            db.migrate()
        said = str(caught.value)  # not allowed to use it at all: PostgreSQL finds no schema
        assert f"the database user {name} cannot find or may not use the schema {name}" in said, said
        assert f"GRANT USAGE, CREATE ON SCHEMA {name} TO {name};" in said, said
    finally:
        db.dispose()
        with admin.connect() as sql:
            sql.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
            sql.execute(text(f"DROP ROLE IF EXISTS {name}"))
        admin.dispose()


def test_the_clinic_set_up_says_to_make_the_postgresql_database_first() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "clinic.md").read_text()
    assert "createdb" in text, "docs/clinic.md does not say to make the PostgreSQL database first"
    # made by PostgreSQL's admin for the app's user, who must own it to make tables (review R8)
    assert "createdb -h dbhost -U postgres -O backstride backstride" in text
    assert text.index("createuser -h dbhost -U postgres -P backstride") < text.index("createdb -h")
