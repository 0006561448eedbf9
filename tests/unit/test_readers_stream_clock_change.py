"""A large generic CSV read piece by piece and the same file read whole place a clock time the same way
on the night the clocks go back (Europe/London, 2026-10-25: 02:00 BST became 01:00 GMT). Read piece by
piece, the recording's length is not known until its last piece, and a time of the repeated hour was
refused as 'came twice in this recording' where the whole read placed it (its second showing lay after
the recording's end). Files are built in tmp_path; TZ is put back after each test."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import time_zone

from backstride.core.errors import TimePointError
from backstride.gait.readers import read_recording
from backstride.gait.readers.stream import open_recording
from backstride.gait.time_points import parse_symptom_and_stop

RATE_HZ = 50


@pytest.fixture
def in_london():
    with time_zone("Europe/London"):
        yield


def _csv(path: Path, start_utc: datetime, minutes: int) -> Path:
    """Unix times (a moment each) from ``start_utc``, quiet standing."""
    n = minutes * 60 * RATE_HZ
    t = start_utc.timestamp() + np.arange(n) / RATE_HZ
    acc = np.array([0.3, 9.2, 3.3]) + np.random.default_rng(4).normal(0, 0.05, (n, 3))
    header = "timestamp_s,acc_x_mps2,acc_y_mps2,acc_z_mps2"
    np.savetxt(path, np.column_stack([t, acc]), delimiter=",", fmt="%.3f", header=header, comments="")
    return path


def _placed(text: str, rec) -> float | str:
    try:
        return parse_symptom_and_stop(text, None, rec)[0] or 0.0
    except TimePointError as exc:
        return str(exc)


# 01:20 BST (00:20 UTC) for an hour, to 01:20 GMT: the clock showed 01:20-01:59 BST, then 01:00-01:20 GMT
ACROSS = datetime(2026, 10, 25, 0, 20, tzinfo=UTC)


@pytest.mark.usefixtures("in_london")
@pytest.mark.parametrize(
    ("typed", "minutes_in"),
    [
        ("01:30:00", 10.0),  # BST; its GMT showing (70 min in) is after the end
        ("01:25:00", 5.0),
        ("01:10:00", 50.0),  # only the GMT showing is in the recording
        ("01:50:00", 30.0),
        ("40 min", 40.0),
    ],
)
def test_a_clock_time_of_the_repeated_hour_is_placed_the_same_both_ways(
    tmp_path: Path, typed: str, minutes_in: float
) -> None:
    path = _csv(tmp_path / "across.csv", ACROSS, 60)
    whole = read_recording(path)
    stream = open_recording(path, piece_bytes=300_000)
    assert stream.duration_s is None  # read piece by piece: its length is known at the end
    assert f"{whole.start_datetime:%H:%M %Z}" == f"{stream.start_datetime:%H:%M %Z}" == "01:20 BST"
    before = _placed(typed, stream)
    assert before == pytest.approx(whole.start_s + minutes_in * 60.0)
    assert _placed(typed, whole) == pytest.approx(minutes_in * 60.0)
    for _ in stream.blocks(50_000):  # read to the end, as gait analyze does, and checked again
        pass
    assert stream.duration_s == pytest.approx(whole.duration_s)
    assert _placed(typed, stream) == before


@pytest.mark.usefixtures("in_london")
def test_a_time_shown_twice_in_the_recording_is_refused_both_ways(tmp_path: Path) -> None:
    # 01:20 BST for 90 minutes, to 01:50 GMT: 01:30 showed 10 and 70 minutes in
    path = _csv(tmp_path / "both.csv", ACROSS, 90)
    whole = _placed("01:30:00", read_recording(path))
    assert "came twice" in str(whole) and "10 min or 1 h 10 min" in str(whole)
    stream = open_recording(path, piece_bytes=300_000)
    _placed("01:30:00", stream)  # before its length is known: the first, checked again at the end
    for _ in stream.blocks(50_000):
        pass
    assert _placed("01:30:00", stream) == whole
