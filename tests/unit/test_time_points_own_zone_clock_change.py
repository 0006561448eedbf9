"""A Sensor Logger walk over the night the clocks go back in the zone its Metadata.csv names (Europe/Paris)
has its clock times read on that zone's own rules, whatever the computer's zone. Python adds and subtracts
two times of one named zone on the clock face, so a walk started at 02:30 (summer time) read 03:00 (winter
time, 90 min in) as 30 min, 02:45 (shown twice) as the first without a word, and said it ended at 04:00;
on the spring night a skipped 02:30 was read as 1 h in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import time_zone

from backstride.core.errors import InputError
from backstride.gait.readers import open_recording, read_recording
from backstride.gait.readers.sensor_logger import write_sensor_logger
from backstride.gait.time_points import parse_time_point

RATE_HZ = 20.0


def _paris_walk(tmp_path: Path, start: datetime, seconds: float, first_s: float = 0.0) -> Path:
    """``first_s``: the sensors start that long after the Start tap (``start``)."""
    n = int(seconds * RATE_HZ) + 1
    t = first_s + np.arange(n) / RATE_HZ
    rng = np.random.default_rng(3)
    acc = np.column_stack(
        [0.3 * np.sin(2 * np.pi * 1.8 * t), rng.normal(0, 0.05, n), 9.81 + rng.normal(0, 0.1, n)]
    )
    gyr = rng.normal(0, 1.0, (n, 3))
    folder = tmp_path / "walk"
    write_sensor_logger(folder, [(t, acc, t, gyr)], start_ns=int(start.timestamp()) * 1_000_000_000)
    meta = folder / "Metadata.csv"
    meta.write_text(meta.read_text().replace(",UTC,", ",Europe/Paris,"))
    return folder


@pytest.mark.parametrize("zone", ["UTC", "America/New_York"])
def test_the_night_the_clocks_go_back_where_it_was_recorded(tmp_path: Path, zone: str) -> None:
    # 02:30 summer time (00:30 UTC) for 90 min, to 03:00 winter time: 02:30-03:00 shown twice, 02:10 once
    folder = _paris_walk(tmp_path, datetime(2024, 10, 27, 0, 30, tzinfo=UTC), 5400.0)
    with time_zone(zone):
        for rec in (read_recording(folder), open_recording(folder)):
            assert rec.start_datetime is not None and f"{rec.start_datetime:%H:%M %Z}" == "02:30 CEST"
            assert parse_time_point("02:10:00", rec, "--stop-at") == pytest.approx(
                rec.start_s + 2400.0, abs=0.1
            )
            assert parse_time_point("02:20:00", rec, "--stop-at") == pytest.approx(
                rec.start_s + 3000.0, abs=0.1
            )
            with pytest.raises(InputError, match="came twice in this recording"):
                parse_time_point("02:45:00", rec, "--symptom-at")
            with pytest.raises(InputError, match=r"from 02:30:00 to 03:00:00 on the clock where it was"):
                parse_time_point("03:10:00", rec, "--stop-at")


@pytest.mark.parametrize("zone", ["UTC", "Africa/Lagos"])
def test_the_night_the_clocks_go_forward_where_it_was_recorded(tmp_path: Path, zone: str) -> None:
    # 01:30 winter time (00:30 UTC) for 90 min: 02:00-03:00 never shown, to 04:00 summer time. Lagos keeps
    # Paris's winter offset all year: its clock (no summer time) read 03:30 as 2 h in, past the end
    folder = _paris_walk(tmp_path, datetime(2024, 3, 31, 0, 30, tzinfo=UTC), 5400.0)
    with time_zone(zone):
        rec = read_recording(folder)
        assert parse_time_point("03:30:00", rec, "--stop-at") == pytest.approx(rec.start_s + 3600.0, abs=0.1)
        with pytest.raises(InputError, match="skipped when the clocks went forward"):
            parse_time_point("02:30:00", rec, "--stop-at")


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris"])
def test_a_start_and_a_piece_after_the_clocks_go_back_are_in_real_time(tmp_path: Path, zone: str) -> None:
    # the Start tap at 02:59:58 summer time (00:59:58 UTC), the sensors 4 s later: 02:00:02 winter time.
    # Python added the 4 s on the clock face (03:00:02 winter time, 02:00:02 UTC), an hour late; so was a
    # piece of a long recording read piece by piece (90 s in: 02:01:32, not 03:01:32)
    folder = _paris_walk(tmp_path, datetime(2024, 10, 27, 0, 59, 58, tzinfo=UTC), 120.0, first_s=4.0)
    with time_zone(zone):
        for rec in (read_recording(folder), open_recording(folder)):
            assert rec.start_datetime is not None
            assert rec.start_datetime.astimezone(UTC) == datetime(2024, 10, 27, 1, 0, 2, tzinfo=UTC)
            assert f"{rec.start_datetime:%H:%M:%S %Z}" == "02:00:02 CET"
        stream = open_recording(folder)
        rate = stream.sampling_rate_hz
        piece = stream.recording(np.zeros((10, 3)), None, int(90 * rate))
        assert piece.start_datetime is not None and stream.start_datetime is not None
        assert piece.start_datetime.astimezone(UTC) - stream.start_datetime.astimezone(UTC) == timedelta(
            seconds=90
        )
        assert f"{piece.start_datetime:%H:%M:%S %Z}" == "02:01:32 CET"
