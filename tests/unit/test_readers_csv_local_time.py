"""A generic CSV with Unix times starts at the clock time here (the computer's time zone, TZ), so a
walking test time typed as a clock time is the one on the person's watch. Files are built in tmp_path."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import time_zone

from backstride.gait.readers import open_recording, read_recording
from backstride.gait.time_points import parse_time_point

START_UNIX_S = 1_717_236_000  # 2024-06-01 10:00:00 UTC, 12:00:00 in Paris (summer time)


@pytest.fixture
def in_paris():
    with time_zone("Europe/Paris"):
        yield


def _csv(path: Path, seconds: float = 120.0) -> Path:
    n = int(seconds * 100)
    t = START_UNIX_S + np.arange(n) / 100.0
    rng = np.random.default_rng(3)
    acc = np.array([0.3, 9.2, 3.3]) + rng.normal(0, 0.05, size=(n, 3))
    gyr = rng.normal(0, 5.0, size=(n, 3))
    header = "timestamp_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"
    np.savetxt(path, np.column_stack([t, acc, gyr]), delimiter=",", fmt="%.4f", header=header, comments="")
    return path


@pytest.mark.usefixtures("in_paris")
def test_a_clock_time_is_read_on_the_clock_here(tmp_path: Path) -> None:
    # the walk began at 12:00 in Paris: '12:00:30' was 'outside the recording ... from 10:00:00 to 10:01:59'
    path = _csv(tmp_path / "unix.csv")
    for rec in (read_recording(path), open_recording(path, piece_bytes=100_000)):
        assert rec.start_datetime is not None
        assert rec.start_datetime == datetime(2024, 6, 1, 10, 0, tzinfo=UTC)  # the same moment
        assert f"{rec.start_datetime:%H:%M}" == "12:00"
        assert parse_time_point("12:00:30", rec, "--symptom-at") == pytest.approx(rec.start_s + 30.0)
