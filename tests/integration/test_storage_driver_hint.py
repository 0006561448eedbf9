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
    assert "createdb backstride" in message and "CREATE DATABASE" in message, message
    assert 'database "backstride" does not exist' in message, message  # the server's words are kept


PG_URL = os.environ.get("BACKSTRIDE_TEST_POSTGRES_URL")


@pytest.mark.skipif(not PG_URL, reason="BACKSTRIDE_TEST_POSTGRES_URL not set")
def test_a_real_postgresql_server_without_the_database_says_how_to_make_it() -> None:
    from sqlalchemy.engine import make_url

    url = make_url(str(PG_URL)).set(database="backstride_never_made")
    with pytest.raises(StorageError) as caught:
        Database(url.render_as_string(hide_password=False)).migrate()
    assert "createdb backstride_never_made" in str(caught.value), str(caught.value)


def test_the_clinic_set_up_says_to_make_the_postgresql_database_first() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "clinic.md").read_text()
    assert "createdb" in text, "docs/clinic.md does not say to make the PostgreSQL database first"
