"""A hand-edited time at the ends of the calendar ('0001-01-01T00:00:00+01:00' is year 0 in UTC) is
named and nothing is saved; it was a traceback (OverflowError) from 'backstride import'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url


@pytest.mark.parametrize(
    ("where", "moment"),
    [
        (("diary_entries", 0, "created_at"), "0001-01-01T00:00:00+01:00"),
        (("diary_entries", 0, "updated_at"), "9999-12-31T23:00:00-05:00"),
        (("diary_entries", 0, "created_at"), "9999-12-31T23:00:00+00:00"),
        (("exported_at",), "1850-06-01T10:00:00+00:00"),
    ],
)
def test_a_time_at_the_ends_of_the_calendar_is_named(tmp_path: Path, where: tuple, moment: str) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    records = Records(Database(url).migrate())
    records.add_diary_entry(entry_date="2026-11-01", pain_0_10=4)
    document = records.export_all(note_download=False)
    records.delete_all()
    place: dict = document
    for key in where[:-1]:
        place = place[key]
    place[where[-1]] = moment
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(document))
    done = CliRunner().invoke(app, ["import", str(backup), "--db", url])
    assert done.exit_code == 2, done.output
    message = " ".join(done.output.split())
    assert ".".join(str(k) for k in where).replace(".0.", "[0].") in message
    assert "expected a time from 1900 to 9998" in message and "nothing was saved" in message
    assert records.list_diary_entries() == []
