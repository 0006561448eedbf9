"""A generic CSV with ISO times without an offset (a clock's own time, read as the clock here) over the
night the clocks change. Review R5: over the change to summer time a 20-minute walk read 80 minutes long,
with an hour of samples made up between 01:59:59.98 and 03:00:00 ('no samples ... filled by
interpolation'), and '03:05' typed for it was 15 minutes in by the clock but 75 on the axis; when the
clocks go back the file was refused ('timestamps go backwards'). Files are built in tmp_path; TZ is
restored after each test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from tests.conftest import time_zone

from backstride.gait.readers import read_recording
from backstride.gait.time_points import parse_time_point

NEW_YORK = ZoneInfo("America/New_York")
RATE_HZ = 50


@pytest.fixture
def in_new_york():
    with time_zone("America/New_York"):
        yield


def _csv(path: Path, start_utc: datetime, seconds: int) -> Path:
    rng = np.random.default_rng(2)
    rows = ["timestamp,acc_x_mps2,acc_y_mps2,acc_z_mps2"]
    for i in range(seconds * RATE_HZ):
        shown = (start_utc + timedelta(seconds=i / RATE_HZ)).astimezone(NEW_YORK).replace(tzinfo=None)
        x, y, z = np.array([0.3, 9.2, 3.3]) + rng.normal(0, 0.05, 3)
        rows.append(f"{shown.isoformat(timespec='milliseconds')},{x:.3f},{y:.3f},{z:.3f}")
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.mark.usefixtures("in_new_york")
def test_over_the_change_to_summer_time_the_walk_keeps_its_length(tmp_path: Path) -> None:
    # 01:50 EST (06:50 UTC) for 20 minutes: the clock read 01:59:59.98 then 03:00:00
    rec = read_recording(_csv(tmp_path / "spring.csv", datetime(2024, 3, 10, 6, 50, tzinfo=UTC), 1200))
    assert rec.duration_s == pytest.approx(1200.0, abs=0.1) and not rec.gaps_s
    assert f"{rec.start_datetime:%H:%M}" == "01:50"
    assert parse_time_point("03:05:00", rec, "--symptom-at") == pytest.approx(rec.start_s + 900.0)


@pytest.mark.usefixtures("in_new_york")
def test_when_the_clocks_go_back_the_second_hour_follows_the_first(tmp_path: Path) -> None:
    # 01:50 EDT (05:50 UTC) for 20 minutes: the clock read 01:59:59.98 then 01:00:00 again
    rec = read_recording(_csv(tmp_path / "fall.csv", datetime(2024, 11, 3, 5, 50, tzinfo=UTC), 1200))
    assert rec.duration_s == pytest.approx(1200.0, abs=0.1) and not rec.gaps_s
    assert parse_time_point("01:05:00", rec, "--symptom-at") == pytest.approx(rec.start_s + 900.0)


@pytest.mark.usefixtures("in_new_york")
def test_a_day_without_a_change_reads_as_before(tmp_path: Path) -> None:
    rec = read_recording(_csv(tmp_path / "june.csv", datetime(2024, 6, 1, 14, 0, tzinfo=UTC), 60))
    assert rec.duration_s == pytest.approx(60.0, abs=0.1)
    assert f"{rec.start_datetime:%H:%M}" == "10:00"


@pytest.mark.parametrize(
    ("first", "zone"),
    [
        ("0001-01-01T00:00:00", "Europe/Berlin"),  # UTC, the day before: year 0
        ("9999-12-31T23:00:00", "America/New_York"),  # UTC, the day after: year 10000
        ("0001-01-01T00:00:00+05:00", "UTC"),
    ],
)
def test_times_at_the_calendars_edge_are_named_not_a_crash(tmp_path: Path, first: str, zone: str) -> None:
    # 'ValueError: year 0 is out of range' and a traceback (gait analyze exit 1, the upload a 500)
    from backstride.core.errors import RecordingError

    start = datetime.fromisoformat(first)
    rows = ["timestamp,acc_x_mps2,acc_y_mps2,acc_z_mps2"]
    rows += [
        f"{(start + timedelta(seconds=i / RATE_HZ)).isoformat(timespec='milliseconds')},0.3,9.2,3.3"
        for i in range(20 * RATE_HZ)
    ]
    (tmp_path / "edge.csv").write_text("\n".join(rows) + "\n")
    with time_zone(zone), pytest.raises(RecordingError, match=r"line 2: timestamp .* too close to the"):
        read_recording(tmp_path / "edge.csv")
