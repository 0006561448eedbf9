"""A clock time typed for a walk on the night the clocks change (the clock here, TZ): the hour the
clocks go back shows each time twice, the hour they go forward never shows. Review R5: '01:45' in a walk
that began at 01:40 after the clocks went back was refused as outside the recording 'from 01:40:00 to
01:50:00'; '01:30' in a walk over both 01:30s was read as the first without a word; a skipped time was
read an hour off. Files are built in tmp_path; TZ is restored after each test."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import time_zone

from backstride.core.errors import TimePointError
from backstride.gait.readers import read_recording
from backstride.gait.time_points import parse_time_point


@pytest.fixture
def in_new_york():
    with time_zone("America/New_York"):
        yield


def _csv(path: Path, start: datetime, seconds: float) -> Path:
    n = int(seconds * 20)
    t = start.timestamp() + np.arange(n) / 20.0
    rng = np.random.default_rng(5)
    acc = np.array([0.3, 9.2, 3.3]) + rng.normal(0, 0.05, size=(n, 3))
    gyr = rng.normal(0, 5.0, size=(n, 3))
    header = "timestamp_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"
    np.savetxt(path, np.column_stack([t, acc, gyr]), delimiter=",", fmt="%.3f", header=header, comments="")
    return path


def _at(text: str, rec) -> float:
    return parse_time_point(text, rec, "--symptom-at") - rec.start_s


@pytest.mark.usefixtures("in_new_york")
def test_a_walk_in_the_second_pass_of_the_hour_the_clocks_go_back(tmp_path: Path) -> None:
    # 2024-11-03: 02:00 EDT became 01:00 EST; the walk began at 01:40 EST (06:40 UTC)
    rec = read_recording(_csv(tmp_path / "w.csv", datetime(2024, 11, 3, 6, 40, tzinfo=UTC), 600))
    assert f"{rec.start_datetime:%H:%M}" == "01:40"
    assert _at("01:45:00", rec) == pytest.approx(300.0)
    assert _at("01:40:00", rec) == pytest.approx(0.0)
    assert _at("2024-11-03T01:45:00", rec) == pytest.approx(300.0)


@pytest.mark.usefixtures("in_new_york")
def test_a_time_shown_twice_in_the_walk_is_refused_with_both_ways_to_say_it(tmp_path: Path) -> None:
    # 00:58 EDT to 01:59:40 EST: 01:30 came at 32 min and again at 1 h 32 min
    rec = read_recording(_csv(tmp_path / "w.csv", datetime(2024, 11, 3, 4, 58, tzinfo=UTC), 7300))
    for typed in ("01:30:00", "2024-11-03T01:30:00"):
        with pytest.raises(TimePointError) as refused:
            _at(typed, rec)
        said = str(refused.value)
        assert "came twice in this recording: the clocks went back an hour" in said
        assert "(32 min or 1 h 32 min)" in said
        assert "(2024-11-03T01:30:00-04:00 or 2024-11-03T01:30:00-05:00)" in said
    assert _at("2024-11-03T01:30:00-05:00", rec) == pytest.approx(5520.0)  # the ways it names work
    assert _at("1 h 32 min", rec) == pytest.approx(5520.0)
    assert _at("00:59:00", rec) == pytest.approx(60.0)  # shown once: as before


@pytest.mark.usefixtures("in_new_york")
def test_a_time_the_clocks_skipped_is_refused(tmp_path: Path) -> None:
    # 2024-03-10: 02:00 EST became 03:00 EDT; a 2-hour walk from 01:30 EST
    rec = read_recording(_csv(tmp_path / "w.csv", datetime(2024, 3, 10, 6, 30, tzinfo=UTC), 7200))
    for typed in ("02:30:00", "2024-03-10T02:30:00"):
        with pytest.raises(
            TimePointError, match="never showed on this clock: it was skipped when the clocks"
        ):
            _at(typed, rec)
    assert _at("03:00:30", rec) == pytest.approx(30 * 60 + 30)  # 01:30 EST to 03:00:30 EDT
    assert _at("01:59:00", rec) == pytest.approx(29 * 60)
