"""The guard's window (``cli.options.kept_only_if_stored``): a new database is removed only while nothing
is stored in it, and nothing stored is lost to the removal.

The check (``_holds_nothing``) and the removal run under one exclusive lock, held until the file is gone.
Another program that opened the file before the removal (a file descriptor, but no lock yet: SQLite takes
its locks when it first reads) waits for that lock; when it gets it, the file has no name any more. Its
write must then fail, loudly, never "succeed" into a file nobody can find again. Here a second process
opens the file, tries to store something while the check runs, and is made to wait through the removal.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import FORMATS
from typer.testing import CliRunner

from backstride.cli import options
from backstride.cli.main import app
from backstride.core.errors import InputError

RECORDING = (
    FORMATS / "sensor_logger" / "EricCabrol__Metro" / "Comparo_slow-2024-06-17_06-57-00" / "Accelerometer.csv"
)
# opens the database (no lock yet), then on a line from stdin stores a row, waiting up to 20 s for a lock
WRITER = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=20, isolation_level=None)
print("open", flush=True)
sys.stdin.readline()
try:
    c.execute("CREATE TABLE stored_meanwhile (x)")
    c.execute("INSERT INTO stored_meanwhile VALUES (1)")
    print("stored", flush=True)
except sqlite3.Error as exc:
    print("refused", getattr(exc, "sqlite_errorname", ""), exc, flush=True)
"""


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_write_that_waited_through_the_removal_is_refused_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, journal: str
) -> None:
    db = tmp_path / "new.sqlite3"
    writer: list[subprocess.Popen[str]] = []

    def opened_by_another_program_then_refused(*_a: object, **_k: object) -> None:
        if journal == "delete":  # a database with a rollback journal (before its switch to the log)
            import sqlite3

            from backstride.storage.db import dispose_sqlite_file

            dispose_sqlite_file(db)  # the command's own connections: the switch needs the file alone
            plain = sqlite3.connect(db)
            assert plain.execute("PRAGMA journal_mode=DELETE").fetchone() == ("delete",)
            plain.close()
        writer.append(
            subprocess.Popen(  # noqa: S603 - this Python, a fixed script
                [sys.executable, "-c", WRITER, str(db)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        )
        assert writer[0].stdout is not None and writer[0].stdout.readline() == "open\n"
        raise InputError("not a backstride export")

    real_check = options._holds_nothing

    def check_while_the_writer_waits(connection: object) -> bool:
        empty = real_check(connection)
        assert writer[0].stdin is not None
        writer[0].stdin.write("go\n")
        writer[0].stdin.flush()
        time.sleep(0.5)  # the writer now waits for the lock held here, through the removal
        assert writer[0].poll() is None  # it did not write in between
        return empty

    monkeypatch.setattr("backstride.services.restore.restore_export", opened_by_another_program_then_refused)
    monkeypatch.setattr(options, "_holds_nothing", check_while_the_writer_waits)
    try:
        refused = CliRunner().invoke(app, ["import", str(RECORDING), "--db", str(db)])
        said, _ = writer[0].communicate(timeout=30)
    finally:
        if writer and writer[0].poll() is None:
            writer[0].kill()
    assert refused.exit_code == 2 and "not a backstride export" in refused.output, refused.output
    assert not db.exists()  # nothing was stored when it was checked: removed
    assert said.startswith("refused"), said  # the late write failed where it was made, not lost unseen
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no journal left either
