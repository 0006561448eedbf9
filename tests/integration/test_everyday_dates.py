"""Everyday walking from a phone whose clock was set wrong: days dated before 1900 or after tomorrow
are left out (and said), so the JSON backup of what was kept can always be restored."""

from __future__ import annotations

import json

import pytest

from backstride.core.errors import RecordingError
from backstride.services.everyday import Everyday
from backstride.services.records import Records
from backstride.services.restore import restore_export


def _xml(*days: str) -> bytes:
    records = "".join(
        f'<Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" '
        f'startDate="{day} 10:00:00 -0500" endDate="{day} 10:05:00 -0500" value="100"/>'
        for day in days
    )
    return f'<?xml version="1.0"?><HealthData locale="en_US">{records}</HealthData>'.encode()


def test_days_a_wrong_clock_dated_are_left_out_and_the_backup_restores(records: Records) -> None:
    today = records.today().isoformat()
    result = Everyday(records).import_file("export.xml", _xml("9999-12-31", "0001-01-01", today))
    assert result.added == 1
    assert str(result.first_day) == today and str(result.last_day) == today
    assert any("2 days dated before 1900-01-01 or after tomorrow" in n for n in result.notes)
    assert [d.day.isoformat() for d in Everyday(records).list_days()] == [today]
    backup = records.export_all(note_download=False)
    records.delete_all()

    assert restore_export(records, json.dumps(backup)).added["everyday_days"] == 1


def test_an_export_with_only_such_days_keeps_nothing_and_says_why(records: Records) -> None:
    with pytest.raises(RecordingError, match="no days of walking dated from 1900-01-01 to today"):
        Everyday(records).import_file("export.xml", _xml("9999-12-31"))
    assert Everyday(records).count() == 0
