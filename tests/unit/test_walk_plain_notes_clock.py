"""The walk page's "How we read the file" says which clock times are on: a Sensor Logger walk read on the
clock where it was recorded was said to be 'shown on this computer's clock' (every note naming a time zone
was read so). A lone phyphox table whose times jump says it cannot show a pause. Notes of real files."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import FORMATS
from tests.unit.test_readers_start_clock_here import _phyphox_export, in_new_york  # noqa: F401

from backstride.gait.readers import open_recording, read_recording
from backstride.web.views import plain_notes

PARIS = FORMATS / "sensor_logger" / "EricCabrol__Metro" / "Comparo_slow-2024-06-17_06-57-00"


def test_a_walk_on_the_clock_where_it_was_recorded_says_so() -> None:
    said = plain_notes(read_recording(PARIS).notes)
    assert (
        "Times you type for this walk are read on the clock where it was recorded (Paris time), as the time "
        "at the top of this page is." in said
    ), said
    assert "Times are shown on this computer's clock." not in said, said


def test_a_lone_phyphox_table_that_cannot_show_a_pause_says_so() -> None:
    note = (
        "the samples stop at 20 s, and this file has no meta/time.csv (the record of when phyphox was "
        "started and paused), so a pause cannot be shown"
    )
    said = "This file alone cannot show whether the recording was paused. The whole phyphox export"
    assert plain_notes([note]) == [said + " (its zip) can."]


@pytest.mark.usefixtures("in_new_york")
def test_a_phyphox_export_on_its_stated_offset_says_so(tmp_path: Path) -> None:
    # meta/time.csv's 'UTC+02:00': read at 19:00 there, not 12:00 in New York, and nothing said so
    folder = _phyphox_export(tmp_path, "17:00:00.000 UTC+00:00", "19:00:00.000 UTC+02:00")
    said = "Times you type for this walk are read on the clock where it was recorded (UTC+02:00), as the time"
    for rec in (read_recording(folder), open_recording(folder)):
        assert f"{said} at the top of this page is." in plain_notes(rec.notes), rec.notes
