"""Database fixtures for the integration tests: the same test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``BACKSTRIDE_TEST_POSTGRES_URL`` (``.ci/run`` starts a throwaway cluster and
sets it). Locally, without it, the PostgreSQL variant is skipped; in CI (``CI=true``) it fails.
Each test gets its own empty schema (PostgreSQL) or file (SQLite); nothing touches the real database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

POSTGRES_ENV = "BACKSTRIDE_TEST_POSTGRES_URL"


def postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                f"{POSTGRES_ENV} is not set in CI; .ci/run must start PostgreSQL for the storage tests"
            )
        pytest.skip(f"{POSTGRES_ENV} not set: PostgreSQL variant skipped locally")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose connections use a fresh, empty schema; dropped afterwards."""
    from sqlalchemy import create_engine

    from backstride.storage.db import normalise_url

    base = normalise_url(postgres_base_url())
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh empty database: a SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        from backstride.storage.db import sqlite_url

        return sqlite_url(tmp_path / "backstride-test.sqlite3")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def records(database_url: str) -> Iterator[object]:
    """The services over a fresh migrated database (SQLite, then PostgreSQL)."""
    from backstride.services.records import Records
    from backstride.storage.db import Database

    db = Database(database_url).migrate()
    yield Records(db)
    db.dispose()


@pytest.fixture
def api(database_url: str) -> Iterator[object]:
    """A TestClient on a fresh app and database (SQLite, then PostgreSQL)."""
    from fastapi.testclient import TestClient

    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    with TestClient(create_app(Settings(database_url=database_url))) as client:
        yield client


def _stored_data(client: object) -> dict[str, object]:
    response = client.get("/api/export")  # type: ignore[attr-defined]
    assert response.status_code == 200
    document = dict(response.json())
    document.pop("exported_at")
    return document


@pytest.fixture
def stored(api: object) -> object:
    """``stored()``: everything the app holds (via the export endpoint), minus the export time stamp."""
    return lambda: _stored_data(api)
