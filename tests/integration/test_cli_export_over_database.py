"""'backstride export' and 'report' never write over the database they read: '--out backstride.sqlite3
--force' (a name picked from the folder's listing) replaced every record with the export's text."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url


@pytest.mark.parametrize(
    "command", [["export", "json"], ["export", "diary"], ["report"], ["report", "--format", "pdf"]]
)
def test_out_naming_the_database_is_refused_and_the_records_stay(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "backstride.sqlite3"
    setup = Database(sqlite_url(path)).migrate()
    Records(setup).add_diary_entry(entry_date="2026-11-01", pain_0_10=4)
    # closed, so the entry is in the file itself: left open, its write sat in the -wal file until the
    # garbage collector closed the connection, and the file's bytes changed under the test (flaky)
    setup.dispose()
    before = path.read_bytes()
    done = CliRunner().invoke(app, [*command, "--db", sqlite_url(path), "--out", str(path), "--force"])
    assert done.exit_code == 2, done.output
    assert "is the database these records are read from; nothing was written" in " ".join(done.output.split())
    assert path.read_bytes() == before
    assert len(Records(Database(sqlite_url(path)).migrate()).list_diary_entries()) == 1
